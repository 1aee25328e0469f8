// `skewscope analyze <file|folder|s3-uri> [--json]`: what happened in a Spark application, from its
// event log: outcome, jobs/stages/executors, the slowest stages, the executors that failed most.
import type { Command } from 'commander';
import type { IngestWarning, JobRun } from '../model/job-run.js';
import { openEventLogs } from '../ingest/open-event-logs.js';
import { applicationInfo } from '../model/spark-rest/application-info.js';
import { jobData } from '../model/spark-rest/job-data.js';
import { stageList } from '../model/spark-rest/stage-list.js';
import { executorList } from '../model/spark-rest/executor-summary.js';
import { failAndExit } from './fail.js';
import { addAwsOptions, awsSettingsFrom, type AwsCliOptions } from '../aws/aws-cli-options.js';
import { setDefaultAwsSettings } from '../aws/default-settings.js';
import { diagnose } from '../analysis/diagnose.js';
import { formatFindings } from '../analysis/format-findings.js';
import type { MemoryView } from '../analysis/memory.js';

export function register(program: Command): void {
  const command = program
    .command('analyze')
    .description('Summarise Spark event logs: outcome, jobs, stages, executors, slowest stages, failures')
    .argument('<path>', 'event log file (plain or .lz4/.snappy/.zstd/.lzf), rolling eventlog_v2_… folder, folder of logs, or .zip')
    .option('--json', 'print JSON: { application, jobs, stages, executors, warnings, findings } with Spark REST field names; an array of such objects when the path holds several application attempts')
    .addHelpText('after', '\nExamples:\n  skewscope analyze ./spark-events/local-1422981780767\n  skewscope analyze ./spark-events --json\n  skewscope analyze s3://my-bucket/spark-logs/ --profile prod');
  addAwsOptions(command)
    .action(async (path: string, opts: { json?: boolean } & AwsCliOptions) => {
      try {
        setDefaultAwsSettings(awsSettingsFrom(opts));
        const { runs, warnings } = await openEventLogs(path);
        if (opts.json) printJson(runs, warnings);
        else printText(runs, warnings);
      } catch (err) {
        failAndExit(err);
      }
    });
}

/** The analysis engine's ranked findings for a run. */
function findingsFor(run: JobRun): unknown[] {
  return diagnose(run).findings;
}

export function analysisJson(run: JobRun, warnings: IngestWarning[]) {
  return {
    application: applicationInfo([run]),
    jobs: [...run.jobs].sort((a, b) => b.jobId - a.jobId).map((j) => jobData(run, j)),
    stages: stageList(run),
    executors: executorList(run, false),
    warnings,
    findings: findingsFor(run),
  };
}

function printJson(runs: JobRun[], warnings: IngestWarning[]): void {
  const out =
    runs.length === 1
      ? analysisJson(runs[0], warnings)
      : runs.map((r) => analysisJson(r, r.warnings));
  process.stdout.write(JSON.stringify(out, null, 2) + '\n');
}

function printText(runs: JobRun[], warnings: IngestWarning[]): void {
  const w = (s = '') => process.stdout.write(s + '\n');
  runs.forEach((run, i) => {
    if (i > 0) w('\n' + '─'.repeat(72) + '\n');
    const diagnosis = diagnose(run);
    w(formatFindings(diagnosis));
    for (const line of runSummary(run, diagnosis.memory)) w(line);
  });
  if (warnings.length > 0) {
    w('\nWarnings about the input');
    for (const x of warnings.slice(0, 50)) w(`  ${x.file}${x.line !== undefined ? `:${x.line}` : ''}: ${x.message}`);
    if (warnings.length > 50) w(`  … and ${warnings.length - 50} more (use --json for all)`);
  }
}

function runSummary(run: JobRun, memory: MemoryView[]): string[] {
  const lines: string[] = [];
  const a = run.application.attempts[0];
  const jobs = run.jobs.map((j) => jobData(run, j));
  const stages = stageList(run);
  const executors = executorList(run, false);
  const failedJobs = run.jobs.filter((j) => j.status === 'FAILED');
  const count = <T>(xs: T[], pred: (x: T) => boolean) => xs.filter(pred).length;

  lines.push(`Application  ${run.application.name} (${run.id})`);
  lines.push(`             user ${a.sparkUser || '?'}, Spark ${a.appSparkVersion || 'version not logged'}, log ${run.source.path}`);
  const span = a.completed ? `ran ${duration(a.duration)}` : `still running or cut off (log ends ${duration(a.lastUpdated - a.startTime)} after start)`;
  const outcome = failedJobs.length > 0 ? `${failedJobs.length} of ${run.jobs.length} job(s) FAILED` : run.jobs.length > 0 ? 'all jobs succeeded' : 'no jobs';
  lines.push(`Outcome      ${outcome}; ${span}`);
  for (const j of failedJobs.slice(0, 3)) {
    lines.push(`             job ${j.jobId}: ${firstLine(j.failureReason ?? 'no reason logged')}`);
  }

  const tasks = { total: run.tasks.length, failed: count(run.tasks, (t) => t.status === 'FAILED'), killed: count(run.tasks, (t) => t.status === 'KILLED') };
  lines.push('');
  lines.push(`Jobs         ${jobs.length}: ${count(jobs, (j) => j.status === 'SUCCEEDED')} succeeded, ${failedJobs.length} failed, ${count(jobs, (j) => j.status === 'RUNNING')} running`);
  lines.push(
    `Stages       ${stages.length}: ${count(stages, (s) => s.status === 'COMPLETE')} complete, ${count(stages, (s) => s.status === 'FAILED')} failed, ` +
      `${count(stages, (s) => s.status === 'SKIPPED')} skipped, ${count(stages, (s) => s.status === 'ACTIVE' || s.status === 'PENDING')} active/pending`,
  );
  lines.push(`Tasks        ${tasks.total}: ${tasks.failed} failed, ${tasks.killed} killed`);
  const removed = executors.filter((e) => !e.isActive);
  lines.push(`Executors    ${executors.length} incl. driver: ${removed.length} removed, ${count(executors, (e) => e.isExcluded)} excluded`);
  for (const line of heapPeaks(memory)) lines.push(line);

  const slowest = run.stages
    .filter((s) => s.submissionTime !== undefined && s.completionTime !== undefined)
    .map((s) => ({ s, ms: (s.completionTime as number) - (s.submissionTime as number) }))
    .sort((x, y) => y.ms - x.ms)
    .slice(0, 5);
  if (slowest.length > 0) {
    lines.push('', 'Slowest stages');
    lines.push(table(['stage', 'status', 'duration', 'tasks', 'input', 'shuffle read', 'name'], slowest.map(({ s, ms }) => {
      const d = stages.find((x) => x.stageId === s.stageId && x.attemptId === s.attemptId)!;
      return [`${s.stageId}.${s.attemptId}`, s.status, duration(ms), String(s.numTasks), bytes(d.inputBytes), bytes(d.shuffleReadBytes), s.name];
    })));
  }

  const failing = executors
    .filter((e) => e.failedTasks > 0 || e.removeReason !== undefined)
    .sort((x, y) => y.failedTasks - x.failedTasks)
    .slice(0, 5);
  if (failing.length > 0) {
    lines.push('', 'Executors with most failures');
    lines.push(table(['executor', 'host', 'failed', 'completed', 'removed because'], failing.map((e) => [
      e.id, e.hostPort, String(e.failedTasks), String(e.completedTasks), e.removeReason !== undefined ? firstLine(e.removeReason) : '',
    ])));
  }
  return lines;
}

/**
 * The highest JVM heap seen on the driver and on any executor, against the same limit the analysis
 * uses (a block-manager maximum is storage memory, not the heap: the analysis turns it back into an
 * estimated heap size and says so).
 */
function heapPeaks(memory: MemoryView[]): string[] {
  const best = new Map<'driver' | 'executor', MemoryView>();
  for (const v of memory) {
    if (v.executorId === 'ALL' || !(v.peakBytes > 0)) continue;
    const role = v.executorId === 'driver' ? 'driver' : 'executor';
    const known = best.get(role);
    if (!known || v.peakBytes > known.peakBytes) best.set(role, v);
  }
  return [...best].map(([role, v]) => {
    const estimated = v.limitEstimated ? ', limit estimated from the block manager' : '';
    const of = v.limitBytes ? ` of ${bytes(v.limitBytes)} (${Math.round((100 * v.peakBytes) / v.limitBytes)} %${estimated})` : '';
    return `Peak heap    ${role === 'driver' ? 'driver' : `executor ${v.executorId}`}: ${bytes(v.peakBytes)}${of}`;
  });
}

function table(head: string[], rows: string[][]): string {
  const clip = (s: string) => (s.length > 60 ? s.slice(0, 59) + '…' : s);
  const all = [head, ...rows].map((r) => r.map(clip));
  const widths = head.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  return all.map((r) => '  ' + r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()).join('\n');
}

function firstLine(s: string): string {
  const line = s.split('\n')[0];
  return line.length > 160 ? line.slice(0, 159) + '…' : line;
}

function duration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
  return `${Math.floor(ms / 3_600_000)} h ${Math.round((ms % 3_600_000) / 60_000)} min`;
}

function bytes(n: number): string {
  if (n === 0) return '0';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  const i = Math.min(units.length - 1, Math.floor(Math.log(n) / Math.log(1024)));
  return `${(n / 1024 ** i).toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}
