// `skewscope demo-lake <dir|s3-uri>`: writes the original story's data lake, with progress, and
// says what to run next.
import { Command } from 'commander';
import { formatBytes } from '../lake/byte-size.js';
import { DEMO_DEFAULTS, writeDemoLake, type DemoLakeSummary, type DemoProgress } from '../lake/demo/demo-lake.js';
import { awsOptions, exitWithLakeError, type AwsCliOptions } from './lake-errors.js';

interface DemoOptions extends AwsCliOptions {
  files: string;
  rowsPerFile: string;
  skew: string;
  malformedRate: string;
  seed: string;
  days: string;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('demo-lake')
    .argument('<location>', 'a folder to create, or s3://bucket/prefix')
    .description(
      'Write the demo data lake: badge_access/ (the fact table, year/month/day/hour folders), employees/ (107 rows), badges/ (12,249 rows in 10 files).',
    )
    .option('--files <n>', 'fact-table files', String(DEMO_DEFAULTS.files))
    .option('--rows-per-file <n>', 'records per fact file', String(DEMO_DEFAULTS.rowsPerFile))
    .option('--skew <z>', 'Zipf exponent of badge ids (0 = uniform; 1.1 puts ~15% of rows on one badge)', String(DEMO_DEFAULTS.skew))
    .option('--malformed-rate <r>', 'fraction of malformed fact records (bad JSON, wrong types, missing keys)', String(DEMO_DEFAULTS.malformedRate))
    .option('--seed <s>', 'random seed: the same seed writes the same lake', String(DEMO_DEFAULTS.seed))
    .option('--days <d>', 'days of simulated arrivals (24 hour partitions each)', String(DEMO_DEFAULTS.days))
    .option('--json', 'print the summary as JSON')
    .option('--profile <name>', 'AWS profile (credentials and region)')
    .option('--region <region>', 'AWS region')
    .option('--endpoint-url <url>', 'S3-compatible endpoint (path-style)')
    .addHelpText(
      'after',
      `
File modification times follow the simulated arrivals (older partitions are older). On S3 they
cannot be set: LastModified is the upload time, and uploads go oldest partition first.

Examples:
  skewscope demo-lake ./demo-lake
  skewscope demo-lake ./big-lake --files 20000 --rows-per-file 500 --skew 1.3
  skewscope demo-lake s3://my-bucket/demo --profile dev`,
    )
    .action(async (location: string, o: DemoOptions) => {
      try {
        await demoCommand(location, o);
      } catch (e) {
        exitWithLakeError(e);
      }
    });
}

function num(name: string, text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n)) throw new RangeError(`--${name} must be a number, got "${text}"`);
  return n;
}

async function demoCommand(location: string, o: DemoOptions): Promise<void> {
  const options = {
    files: num('files', o.files),
    rowsPerFile: num('rows-per-file', o.rowsPerFile),
    skew: num('skew', o.skew),
    malformedRate: num('malformed-rate', o.malformedRate),
    seed: num('seed', o.seed),
    days: num('days', o.days),
  };
  const progress = new ProgressLine();
  let summary: DemoLakeSummary;
  try {
    summary = await writeDemoLake(location, options, awsOptions(o), (p) => progress.update(p));
  } finally {
    progress.done();
  }
  if (o.json) {
    process.stdout.write(JSON.stringify(summary, null, 1) + '\n');
    return;
  }
  const bound = Math.max(1, Math.ceil(summary.factFiles / 4));
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
  const table = summary.factTable;
  const quoted = /[\s'"$]/.test(table) ? JSON.stringify(table) : table;
  process.stdout.write(
    `Wrote the demo lake to ${location} (${formatBytes(summary.bytes)}):\n` +
      `  badge_access/  ${summary.factFiles.toLocaleString('en-US')} files, ${summary.factRows.toLocaleString('en-US')} records ` +
      `(${summary.malformedRows.toLocaleString('en-US')} malformed) in ${summary.hourPartitions.toLocaleString('en-US')} hour partitions\n` +
      `                 arriving ${day(summary.firstArrival)} … ${day(summary.lastArrival)} UTC; the hottest BadgeID carries ~${(summary.hottestBadgeShare * 100).toFixed(1)}% of records\n` +
      `  employees/     107 records\n` +
      `  badges/        12,249 records in 10 files\n\n` +
      `See what three bounded runs of ${bound} files would take:\n` +
      `  skewscope lake ls ${quoted} --bounded-files ${bound}\n`,
  );
}

/** Progress on stderr: a rewritten line on a terminal, a line per 10% otherwise. */
class ProgressLine {
  private lastDecile = -1;
  private lastDraw = 0;

  update(p: DemoProgress): void {
    const fraction = p.filesWritten / p.totalFiles;
    if (process.stderr.isTTY) {
      const now = Date.now();
      if (now - this.lastDraw < 100 && p.filesWritten < p.totalFiles) return;
      this.lastDraw = now;
      process.stderr.write(`\rwriting ${p.filesWritten.toLocaleString('en-US')}/${p.totalFiles.toLocaleString('en-US')} files, ${formatBytes(p.bytesWritten)} (${Math.floor(fraction * 100)}%)`);
      return;
    }
    const decile = Math.floor(fraction * 10);
    if (decile !== this.lastDecile) {
      this.lastDecile = decile;
      process.stderr.write(`writing: ${Math.floor(fraction * 100)}% (${p.filesWritten}/${p.totalFiles} files)\n`);
    }
  }

  done(): void {
    if (process.stderr.isTTY && this.lastDraw) process.stderr.write('\r\x1b[K');
  }
}
