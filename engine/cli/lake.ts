// `skewscope lake ls <dir|s3-uri>`: what the next bounded run would take (and the two after
// it), with Glue's options, optionally through a job's bookmark. `--json` prints the next run.
import { Command } from 'commander';
import { Bookmarks } from '../lake/bookmarks.js';
import { parseBound, type Bound } from '../lake/bounded-select.js';
import { formatBytes, parseByteSize } from '../lake/byte-size.js';
import type { LakeFile } from '../lake/lake-file.js';
import { LakeTable } from '../lake/lake-table.js';
import { partitionKey, previewBoundedRuns, type LakePreview } from '../lake/preview-runs.js';
import { newWalkStats } from '../lake/walk.js';
import { awsOptions, exitWithLakeError, type AwsCliOptions } from './lake-errors.js';

interface LsOptions extends AwsCliOptions {
  predicate?: string;
  exclusions?: string;
  boundedFiles?: string;
  boundedSize?: string;
  job?: string;
  ctx?: string;
  runs: string;
  json?: boolean;
}

export function register(program: Command): void {
  const lake = program.command('lake').description('Look at a data lake the way a bounded Glue job would read it.');
  lake
    .command('ls')
    .argument('<location>', 'a table folder, or s3://bucket/prefix')
    .description('Show what the next bounded runs would take: oldest modification time first, then path.')
    .option('--predicate <expr>', "push_down_predicate over partition columns, e.g. \"partition_0 = '2020' and partition_1 in ('01','02')\"")
    .option('--exclusions <json>', 'exclusions: a JSON list of globs, e.g. \'["**.tmp", "**/_SUCCESS"]\'')
    .option('--bounded-files <n>', 'boundedFiles: files per run')
    .option('--bounded-size <bytes>', 'boundedSize: bytes per run (e.g. 64MB, 1g)')
    .option('--job <name>', "skip what this job's bookmark has processed (needs --ctx)")
    .option('--ctx <transformation_ctx>', 'the bookmark’s transformation_ctx')
    .option('--runs <n>', 'how many upcoming runs to show', '3')
    .option('--json', 'print { selected, selectedFiles, selectedBytes, remainingFiles, remainingBytes } for the next run')
    .option('--profile <name>', 'AWS profile (credentials and region)')
    .option('--region <region>', 'AWS region')
    .option('--endpoint-url <url>', 'S3-compatible endpoint (path-style)')
    .addHelpText(
      'after',
      `
Examples:
  skewscope lake ls ./demo-lake/badge_access --bounded-files 500
  skewscope lake ls s3://my-bucket/badge_access --predicate "partition_0 = '2020'" --bounded-size 1g
  skewscope lake ls ./demo-lake/badge_access --bounded-files 500 --job badges --ctx datasource0 --json`,
    )
    .action(async (location: string, o: LsOptions) => {
      try {
        await listCommand(location, o);
      } catch (e) {
        exitWithLakeError(e, o.predicate);
      }
    });
  lake
    .command('bookmark')
    .argument('<job>', 'the job name')
    .description("Show a job's bookmarks (runs, attempts, high-water marks), or reset / rewind them.")
    .option('--ctx <transformation_ctx>', 'only this transformation_ctx')
    .option('--reset', 'forget everything processed (Glue: ResetJobBookmark)')
    .option('--rewind <run>', 'return to the state right after run <run>')
    .option('--json', 'print the status as JSON')
    .action((job: string, o: { ctx?: string; reset?: boolean; rewind?: string; json?: boolean }) => {
      try {
        bookmarkCommand(job, o);
      } catch (e) {
        exitWithLakeError(e);
      }
    });
}

function bookmarkCommand(job: string, o: { ctx?: string; reset?: boolean; rewind?: string; json?: boolean }): void {
  if (o.reset && o.rewind !== undefined) throw new RangeError('give --reset or --rewind, not both');
  const bookmarks = Bookmarks.open();
  try {
    if (o.reset) bookmarks.reset(job, o.ctx);
    if (o.rewind !== undefined) {
      const run = Number(o.rewind);
      if (!Number.isSafeInteger(run) || run < 0) throw new RangeError(`--rewind must be a run number, got "${o.rewind}"`);
      bookmarks.rewind(job, run, o.ctx);
    }
    const status = bookmarks.status(job);
    const contexts = o.ctx === undefined ? status.contexts : status.contexts.filter((c) => c.ctx === o.ctx);
    if (o.json) {
      process.stdout.write(JSON.stringify({ ...status, contexts }, null, 1) + '\n');
      return;
    }
    const lines = [`job ${job}: ${status.lastRun} run(s)` + (status.running ? `; running now (pid ${status.running.pid} on ${status.running.host}, since ${when(status.running.startedAt)})` : '')];
    if (contexts.length === 0) lines.push('  no bookmarks yet');
    for (const c of contexts) {
      lines.push(`  ${c.ctx}: state of run ${c.headRun}, version ${c.version}, high-water mark ${c.highWaterMark === null ? '(none)' : when(c.highWaterMark)}`);
      const rows = [['    run', 'attempt', 'files', 'size', 'high-water mark', 'committed']];
      for (const h of c.history.slice(-10)) {
        rows.push([`    ${h.run}`, String(h.attempt), count(h.files), formatBytes(h.bytes), h.highWaterMark === null ? '-' : when(h.highWaterMark), when(h.committedAt)]);
      }
      if (c.history.length) lines.push(...aligned(rows));
    }
    process.stdout.write(lines.join('\n') + '\n');
  } finally {
    bookmarks.close();
  }
}

async function listCommand(location: string, o: LsOptions): Promise<void> {
  const bound = parseBound({
    boundedFiles: o.boundedFiles,
    boundedSize: o.boundedSize === undefined ? undefined : parseByteSize(o.boundedSize, '--bounded-size'),
  });
  if ((o.job === undefined) !== (o.ctx === undefined)) throw new RangeError('--job and --ctx go together: a bookmark belongs to a job and a transformation_ctx');
  const runs = Number(o.runs);
  if (!Number.isSafeInteger(runs) || runs < 1) throw new RangeError(`--runs must be a whole number ≥ 1, got "${o.runs}"`);

  const table = await LakeTable.open(location, awsOptions(o));
  const bookmarks = o.job !== undefined ? Bookmarks.open() : undefined;
  try {
    const view = bookmarks && o.job && o.ctx ? bookmarks.peek(o.job, o.ctx) : undefined;
    if (!bound) return await listUnbounded(table, o, view?.isUnprocessed);
    const stats = newWalkStats();
    const progress = listingProgress(() => stats.filesSeen);
    let preview: LakePreview;
    try {
      preview = await previewBoundedRuns(table, { predicate: o.predicate, exclusions: o.exclusions, bound, isUnprocessed: view?.isUnprocessed, runs, stats });
    } finally {
      progress.stop();
    }
    if (o.json) {
      process.stdout.write(JSON.stringify(preview.next, null, 1) + '\n');
      return;
    }
    process.stdout.write(describePreview(table.root, preview, bound, o, view?.highWaterMark ?? null));
  } finally {
    bookmarks?.close();
  }
}

/** Without a bound a run takes everything: stream it, never hold it. */
async function listUnbounded(table: LakeTable, o: LsOptions, isUnprocessed?: (f: LakeFile) => boolean): Promise<void> {
  const stats = newWalkStats();
  let files = 0;
  let bytes = 0;
  const partitions = new Set<string>();
  const out = process.stdout;
  if (o.json) out.write('{"selected":[');
  for await (const f of table.list({ predicate: o.predicate, exclusions: o.exclusions, stats })) {
    if (isUnprocessed && !isUnprocessed(f)) continue;
    if (o.json) out.write(`${files ? ',' : ''}\n ${JSON.stringify(f)}`);
    files++;
    bytes += f.size;
    partitions.add(partitionKey(f));
  }
  if (o.json) {
    out.write(`\n],"selectedFiles":${files},"selectedBytes":${bytes},"remainingFiles":0,"remainingBytes":0}\n`);
    return;
  }
  out.write(
    `${table.root}\n` +
      `  ${count(files)} files, ${formatBytes(bytes)} in ${count(partitions.size)} partitions${filtered(stats)}\n` +
      `  No bound given: a run would take all of it. Add --bounded-files N or --bounded-size B to see bounded runs.\n`,
  );
}

function describePreview(root: string, p: LakePreview, bound: Bound, o: LsOptions, hwm: number | null): string {
  const lines: string[] = [];
  lines.push(`${root}`);
  lines.push(`  partition columns: ${p.columns.length ? p.columns.join(', ') : '(none)'}`);
  if (o.predicate) lines.push(`  push_down_predicate: ${o.predicate}`);
  if (o.exclusions) lines.push(`  exclusions: ${o.exclusions}`);
  if (o.job) {
    lines.push(
      `  bookmark ${o.job} / ${o.ctx}: ${count(p.processedFiles)} files already processed` +
        (hwm !== null ? ` (high-water mark ${when(hwm)})` : ' (nothing processed yet)'),
    );
  }
  lines.push(`  backlog: ${count(p.files)} files, ${formatBytes(p.bytes)} in ${count(p.partitions)} partitions${filtered(p.walk)}`);
  const rule = bound.files !== undefined ? `boundedFiles = ${count(bound.files)}` : `boundedSize = ${formatBytes(bound.bytes as number)}`;
  lines.push(`  ${rule}: each run takes the oldest files first (modification time, then path)`);
  lines.push('');
  if (p.runs.length === 0) {
    lines.push('Nothing to take: every file is processed, excluded or outside the predicate.');
    return lines.join('\n') + '\n';
  }
  lines.push(`Next run takes ${count(p.next.selectedFiles)} files, ${formatBytes(p.next.selectedBytes)}:`);
  lines.push(...partitionTable(p.next.selected));
  lines.push('');
  const table = [['run', 'files', 'size', 'partitions', 'oldest modified', 'newest modified']];
  let left = p.files;
  for (const r of p.runs) {
    left -= r.files;
    table.push([String(r.run), count(r.files), formatBytes(r.bytes), count(r.partitions), when(r.firstMtime), when(r.lastMtime)]);
  }
  lines.push(...aligned(table));
  const perRun = bound.files ?? Math.max(1, p.runs[0].files);
  const moreRuns = Math.ceil(left / perRun);
  const more = left > 0 ? ` — about ${count(moreRuns)} more run${moreRuns === 1 ? '' : 's'} at this bound` : '';
  lines.push('');
  lines.push(`Remaining after run ${p.runs.length}: ${count(left)} files, ${formatBytes(p.bytes - p.runs.reduce((a, r) => a + r.bytes, 0))}${more}.`);
  return lines.join('\n') + '\n';
}

/** The next run grouped by partition, first 12 partitions. */
function partitionTable(files: readonly LakeFile[]): string[] {
  const groups = new Map<string, { files: number; bytes: number; first: number; last: number }>();
  for (const f of files) {
    const key = partitionKey(f) || '(table root)';
    const g = groups.get(key) ?? { files: 0, bytes: 0, first: f.mtime, last: f.mtime };
    g.files++;
    g.bytes += f.size;
    g.first = Math.min(g.first, f.mtime);
    g.last = Math.max(g.last, f.mtime);
    groups.set(key, g);
  }
  const shown = [...groups].slice(0, 12);
  const rows = [['  partition', 'files', 'size', 'modified']];
  for (const [key, g] of shown) rows.push([`  ${key}`, count(g.files), formatBytes(g.bytes), g.first === g.last ? when(g.first) : `${when(g.first)} … ${when(g.last)}`]);
  const out = aligned(rows);
  if (groups.size > shown.length) out.push(`  … and ${count(groups.size - shown.length)} more partitions`);
  return out;
}

function aligned(rows: string[][]): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 || c === r.length - 1 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ').trimEnd());
}

function filtered(s: { filesExcluded: number; filesFiltered: number; foldersPruned: number }): string {
  const parts: string[] = [];
  if (s.foldersPruned) parts.push(`${count(s.foldersPruned)} partition folders pruned by the predicate, never listed`);
  if (s.filesExcluded) parts.push(`${count(s.filesExcluded)} files excluded`);
  if (s.filesFiltered) parts.push(`${count(s.filesFiltered)} files outside the predicate`);
  return parts.length ? ` (${parts.join('; ')})` : '';
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

function when(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace(/\.000Z$/, 'Z').replace(/\.\d{3}Z$/, 'Z');
}

/** On a terminal, a line on stderr while a long listing runs. */
function listingProgress(seen: () => number): { stop(): void } {
  if (!process.stderr.isTTY) return { stop() {} };
  const timer = setInterval(() => process.stderr.write(`\rlisting… ${count(seen())} files`), 500);
  return {
    stop() {
      clearInterval(timer);
      process.stderr.write('\r\x1b[K');
    },
  };
}
