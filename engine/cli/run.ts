// `skewscope run <job.json>`: runs a job spec on the bundled local engine, shows progress, and
// ends with where the event log and output went and the findings. Exit 0 only on success.
import type { Command } from 'commander';
import { diagnose } from '../analysis/diagnose.js';
import { formatFindings } from '../analysis/format-findings.js';
import { SparkEventFolder } from '../ingest/spark-event-folder.js';
import { startRun } from '../runtime/driver.js';
import { JobSpecError, loadJobSpec } from '../runtime/job-spec.js';
import type { InputBound } from '../runtime/plan-types.js';
import type { RunResult } from '../runtime/run-result.js';
import { DEFAULTS } from '../runtime/run-settings.js';
import { RunProgress } from './run-progress.js';

interface RunOptions {
  lake?: string;
  out?: string;
  boundedFiles?: string;
  boundedSize?: string;
  unbounded?: boolean;
  executors?: string;
  cores?: string;
  executorHeapMb?: string;
  driverHeapMb?: string;
  bookmark?: string;
  eventLogDir?: string;
  json?: boolean;
  profile?: string;
  region?: string;
  endpointUrl?: string;
}

class UsageError extends Error {}

function positiveInt(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n <= 0) throw new UsageError(`${name} must be a positive whole number, got "${v}"`);
  return n;
}

/** Bytes with an optional unit: 500000, 64k, 512MB, 1.5g. */
export function parseSize(v: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?\s*$/i.exec(v);
  if (!m) throw new UsageError(`--bounded-size must be a byte count such as 500000, 64MB or 1g, got "${v}"`);
  const mult = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 }[m[2].toLowerCase() as '' | 'k' | 'm' | 'g' | 't'];
  const n = Math.round(Number(m[1]) * mult);
  if (n <= 0) throw new UsageError('--bounded-size must be positive');
  return n;
}

function boundOf(o: RunOptions): InputBound | 'unbounded' | undefined {
  const given = [o.boundedFiles, o.boundedSize, o.unbounded].filter((x) => x !== undefined).length;
  if (given > 1) throw new UsageError('give one of --bounded-files, --bounded-size or --unbounded (Glue applies one bound per run)');
  if (o.boundedFiles !== undefined) return { boundedFiles: positiveInt('--bounded-files', o.boundedFiles)! };
  if (o.boundedSize !== undefined) return { boundedSize: parseSize(o.boundedSize) };
  return o.unbounded ? 'unbounded' : undefined;
}

function summaryJson(r: RunResult): Record<string, unknown> {
  return {
    status: r.status,
    ...(r.cause ? { cause: r.cause } : {}),
    ...(r.message ? { message: r.message } : {}),
    filesRead: r.filesRead,
    recordsRead: r.recordsRead,
    recordsWritten: r.recordsWritten,
    malformedRecords: r.malformedRecords,
    eventLog: r.eventLog,
    output: r.output ?? null,
    ...(r.errors ? { errors: r.errors } : {}),
    remainingFiles: r.remainingFiles,
    durationMs: r.durationMs,
    peakHeap: r.peakHeap,
  };
}

function pct(f: number): string {
  return `${Math.round(f * 100)}%`;
}

async function runCommand(specFile: string, o: RunOptions): Promise<number> {
  const spec = await loadJobSpec(specFile);
  const bookmark = o.bookmark as 'enable' | 'disable' | 'pause' | undefined;
  if (bookmark && !['enable', 'disable', 'pause'].includes(bookmark)) throw new UsageError(`--bookmark must be enable, disable or pause, got "${bookmark}"`);
  const executorHeapMb = positiveInt('--executor-heap-mb', o.executorHeapMb) ?? DEFAULTS.executorHeapMb;
  const driverHeapMb = positiveInt('--driver-heap-mb', o.driverHeapMb) ?? DEFAULTS.driverHeapMb;
  const controller = new AbortController();
  const run = startRun(spec, {
    lake: o.lake,
    out: o.out,
    bound: boundOf(o),
    executors: positiveInt('--executors', o.executors),
    cores: positiveInt('--cores', o.cores),
    executorHeapMb,
    driverHeapMb,
    bookmarkOption: bookmark,
    eventLogDir: o.eventLogDir,
    aws: { profile: o.profile, region: o.region, endpoint: o.endpointUrl },
    signal: controller.signal,
  });
  let interrupts = 0;
  const onSigint = (): void => {
    interrupts++;
    if (interrupts > 1) process.exit(130);
    process.stderr.write('\nCancelling: stopping executors (Ctrl-C again to quit at once)…\n');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  const folder = new SparkEventFolder({ source: { kind: 'local', path: run.eventLogPath }, warn: () => {} });
  const progress = process.stderr.isTTY && !o.json ? new RunProgress(process.stderr, { driver: driverHeapMb * 2 ** 20, executor: executorHeapMb * 2 ** 20 }, () => run.filesSelected) : undefined;
  run.subscribe((e) => {
    folder.acceptEvent(e);
    progress?.accept(e);
  });
  const r = await run.result;
  progress?.stop();
  process.off('SIGINT', onSigint);

  if (o.json) {
    process.stdout.write(JSON.stringify(summaryJson(r), null, 2) + '\n');
  } else {
    const lines = [
      `${r.status === 'succeeded' ? 'Succeeded' : r.status === 'cancelled' ? 'Cancelled' : 'FAILED'} in ${(r.durationMs / 1000).toFixed(1)} s: ${r.filesRead} files, ${r.recordsRead.toLocaleString('en-US')} records read, ${r.recordsWritten.toLocaleString('en-US')} written, ${r.malformedRecords} malformed${r.remainingFiles ? `; ${r.remainingFiles} files left for later runs` : ''}`,
    ];
    if (r.message) lines.push(`Cause${r.cause ? ` (${r.cause})` : ''}: ${r.message}`);
    lines.push(`Peak heap: driver ${pct(r.peakHeap.driver)}${Object.entries(r.peakHeap.executors).map(([id, f]) => `, executor ${id} ${pct(f)}`).join('')}`);
    lines.push(`Event log: ${r.eventLog}`);
    if (r.output) lines.push(`Output:    ${r.output}`);
    if (r.errors) lines.push(`Malformed records: ${r.errors}`);
    process.stdout.write(lines.join('\n') + '\n\n');
    const findings = formatFindings(diagnose(folder.result()), { max: 8 });
    if (findings.trim()) process.stdout.write(findings + '\n');
  }
  return r.status === 'succeeded' ? 0 : r.status === 'cancelled' ? 130 : 1;
}

export function register(program: Command): void {
  program
    .command('run')
    .description('run a job spec on the bundled local engine (driver + heap-limited executors), with Glue bounds and bookmarks')
    .argument('<job.json>', 'the job spec (see docs/job-spec.md)')
    .option('--lake <dir|s3-uri>', "overrides the spec's lake root")
    .option('--out <dir|s3-uri>', "overrides the spec's sink folder")
    .option('--bounded-files <n>', 'take at most N unprocessed files of each bookmarked source (oldest first)')
    .option('--bounded-size <bytes>', 'take at most this many bytes (e.g. 64MB) of each bookmarked source')
    .option('--unbounded', "ignore the spec's bounds")
    .option('--executors <n>', `executors (default ${DEFAULTS.executors})`)
    .option('--cores <n>', `task slots per executor (default ${DEFAULTS.cores})`)
    .option('--executor-heap-mb <m>', `heap limit of each executor in MB (default ${DEFAULTS.executorHeapMb})`)
    .option('--driver-heap-mb <m>', `heap limit of the driver's listing and planning in MB (default ${DEFAULTS.driverHeapMb})`)
    .option('--bookmark <option>', 'job bookmark option: enable (default), disable or pause')
    .option('--event-log-dir <dir>', 'where the Spark event log goes (default: the app folder)')
    .option('--json', 'print a JSON summary on stdout')
    .option('--profile <name>', 'AWS profile for s3:// sources and sinks')
    .option('--region <region>', 'AWS region')
    .option('--endpoint-url <url>', 'S3-compatible endpoint (path-style)')
    .action(async (specFile: string, o: RunOptions) => {
      try {
        process.exitCode = await runCommand(specFile, o);
      } catch (e) {
        if (e instanceof UsageError || e instanceof JobSpecError || e instanceof RangeError) {
          process.stderr.write(`skewscope run: ${e.message}\n`);
          process.exitCode = 2;
        } else throw e;
      }
    });
}
