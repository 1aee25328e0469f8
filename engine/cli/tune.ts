// `skewscope tune <job.json>`: find the largest safe boundedFiles / boundedSize on the local
// engine, plan the backlog, print the Glue lines. Progress goes to stderr, the answer to stdout.
import type { Command } from 'commander';
import { loadJobSpec } from '../runtime/job-spec.js';
import { executePlan } from '../tuner/plan-runner.js';
import { LocalJobRunner } from '../tuner/local-job-runner.js';
import { boundJson, describeBound } from '../tuner/bound.js';
import { pct } from '../tuner/risk-gate.js';
import { tuneJob, type TuneJobReport } from '../tuner/tune-job.js';
import { RISK_LEVELS, type RiskLevel, type TrialRun } from '../tuner/tuning-types.js';
import type { Bound, JobRunner } from '../tuner/job-runner.js';
import { addGlueRunnerOptions, glueRunnerFrom, type GlueRunnerCliOptions } from '../tuner/glue-runner-options.js';

export interface TuneCliOptions extends GlueRunnerCliOptions {
  runner?: string;
  targetHeap: string;
  maxRuns: string;
  deadline?: string;
  initialFiles?: string;
  initialSize?: string;
  cancelAt: string;
  tolerance: string;
  lake?: string;
  out?: string;
  executors?: string;
  executorHeapMb?: string;
  driverHeapMb?: string;
  execute?: string;
  sample?: string;
  json?: boolean;
}

export function register(program: Command): void {
  const command = program
    .command('tune')
    .description('find the largest safe boundedFiles on the local engine (cancelling doomed runs early), plan the backlog, print the Glue lines')
    .argument('<job.json>', 'job spec (the same file `skewscope run` takes)')
    .option('--target-heap <fraction>', 'largest acceptable peak heap ÷ limit', '0.5')
    .option('--max-runs <n>', 'stop after this many trial runs', '12')
    .option('--deadline <duration>', 'clear the backlog within this time (e.g. 2h, 90m): plans parallel jobs when needed')
    .option('--initial-files <n>', 'first boundedFiles to try (default: the spec\'s bound, else unbounded)')
    .option('--initial-size <bytes>', 'tune boundedSize instead, starting here')
    .option('--cancel-at <level>', `OOM risk that cancels a trial: ${RISK_LEVELS.join(', ')}`, 'high')
    .option('--tolerance <fraction>', 'relative precision of the bound', '0.1')
    .option('--lake <dir|s3-uri>', "overrides the spec's lake root")
    .option('--out <dir|s3-uri>', "overrides the spec's sink (used by --execute; trials write to a scratch folder)")
    .option('--executors <n>', 'executors of the local engine')
    .option('--executor-heap-mb <mb>', 'heap limit of each executor')
    .option('--driver-heap-mb <mb>', 'heap limit of the driver')
    .option('--execute <mode>', 'then clear the backlog: sequential or parallel')
    .option('--sample <fraction>', 'tune on this fraction of the input first, then confirm on full data (runners that support it)')
    .option('--json', 'print the result as JSON')
    .option('--runner <name>', 'where trials run: local (the bundled engine) or glue (AWS Glue, see the --glue-* options)', 'local');
  addGlueRunnerOptions(command)
    .action(async (file: string, o: TuneCliOptions) => {
      process.exitCode = await runTune(file, o);
    });
}

export async function runTune(file: string, o: TuneCliOptions): Promise<number> {
  let parsed: ReturnType<typeof parseOptions>;
  let spec;
  let glue: JobRunner | undefined;
  try {
    parsed = parseOptions(o);
    spec = await loadJobSpec(file);
    if (o.runner !== undefined && o.runner !== 'local' && o.runner !== 'glue') throw new Error(`--runner ${JSON.stringify(o.runner)}: expected local or glue`);
    glue = o.runner === 'glue' ? glueRunnerFrom(o, spec, (line) => process.stderr.write(line + '\n')) : undefined;
  } catch (e) {
    process.stderr.write(`skewscope tune: ${(e as Error).message}\n`);
    return 2;
  }
  const settings = {
    lake: o.lake,
    out: o.out,
    executors: parsed.executors,
    executorHeapMb: parsed.executorHeapMb,
    driverHeapMb: parsed.driverHeapMb,
  };
  const say = (line: string) => process.stderr.write(line + '\n');
  if (glue && o.dryRun) {
    // A dry run touches nothing, not even the lake listing: it shows the calls of the first trial.
    const specBound = Object.values(spec.sources)
      .map((s): Bound | undefined => (s.boundedFiles !== undefined ? { boundedFiles: s.boundedFiles } : s.boundedSize !== undefined ? { boundedSize: s.boundedSize } : undefined))
      .find((b) => b !== undefined);
    await (await glue.start({ bound: parsed.initial ?? specBound ?? { unbounded: true }, advanceBookmark: false })).outcome;
    return 0;
  }
  if (!glue && parsed.sampleFraction !== undefined && parsed.sampleFraction < 1) say('note: the local engine cannot run on a sample of the input; tuning on full data.');
  let report: TuneJobReport;
  try {
    report = await tuneJob(
      { spec, settings, ...(glue ? { runner: glue } : {}), aws: { profile: o.profile, region: o.region, endpoint: o.endpointUrl }, targetHeap: parsed.targetHeap, maxRuns: parsed.maxRuns, deadlineMs: parsed.deadlineMs, initial: parsed.initial, cancelAt: parsed.cancelAt, tolerance: parsed.tolerance, sampleFraction: parsed.sampleFraction },
      {
        onRunStart: (i, r) => say(`run ${i}: ${describeBound(r.bound)} …`),
        onRunEnd: (r) => say(`run ${r.index}: ${runLine(r)}`),
        onDecision: (d) => {
          if (d.action !== 'cancel' && d.action !== 'accept' && d.action !== 'give-up') say(`  → ${d.reason}`);
        },
      },
    );
  } catch (e) {
    process.stderr.write(`skewscope tune: ${(e as Error).message}\n`);
    return 1;
  }

  let execution;
  if (parsed.execute && report.plan) {
    say(`\nclearing the backlog (${parsed.execute}) …`);
    const runner = glue ?? new LocalJobRunner({ spec, settings });
    execution = await executePlan(runner, report.plan, {
      mode: parsed.execute,
      jobNamePrefix: spec.name,
      onRun: (job, s) => say(`${job ? `job ${job} ` : ''}run ${s.run}: ${s.status}${s.cause ? ` (${s.cause})` : ''}, ${s.filesRead} files${s.remainingFiles !== undefined ? `, ${s.remainingFiles} left` : ''}`),
    }).catch((e: Error) => {
      say(`skewscope tune: ${e.message}`);
      return undefined;
    });
  }

  if (o.json) {
    process.stdout.write(JSON.stringify(jsonReport(report, execution), null, 2) + '\n');
  } else {
    process.stdout.write(textReport(report) + '\n');
    if (execution) process.stdout.write(`\nBacklog ${execution.cleared ? 'cleared' : 'NOT cleared'}: ${execution.filesRead} files in ${fmtMs(execution.wallMs)}.\n`);
  }
  if (!report.result.bound) return 1;
  return execution && !execution.cleared ? 1 : 0;
}

function parseOptions(o: TuneCliOptions) {
  const num = (name: string, v: string | undefined, check: (n: number) => boolean, what: string) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n) || !check(n)) throw new Error(`${name} ${JSON.stringify(v)}: expected ${what}`);
    return n;
  };
  const positiveInt = (n: number) => Number.isInteger(n) && n > 0;
  const targetHeap = num('--target-heap', o.targetHeap, (n) => n > 0 && n < 1, 'a fraction between 0 and 1, e.g. 0.5')!;
  const tolerance = num('--tolerance', o.tolerance, (n) => n > 0 && n < 1, 'a fraction between 0 and 1, e.g. 0.1')!;
  const maxRuns = num('--max-runs', o.maxRuns, positiveInt, 'a whole number of runs ≥ 1')!;
  if (!(RISK_LEVELS as readonly string[]).includes(o.cancelAt)) throw new Error(`--cancel-at ${JSON.stringify(o.cancelAt)}: expected one of ${RISK_LEVELS.join(', ')}`);
  if (o.initialFiles !== undefined && o.initialSize !== undefined) throw new Error('--initial-files and --initial-size cannot both be set (Glue takes one bound at a time)');
  const files = num('--initial-files', o.initialFiles, positiveInt, 'a whole number of files ≥ 1');
  const size = num('--initial-size', o.initialSize, positiveInt, 'a whole number of bytes ≥ 1');
  const initial: Bound | undefined = files !== undefined ? { boundedFiles: files } : size !== undefined ? { boundedSize: size } : undefined;
  if (o.execute !== undefined && o.execute !== 'sequential' && o.execute !== 'parallel') throw new Error(`--execute ${JSON.stringify(o.execute)}: expected sequential or parallel`);
  return {
    targetHeap,
    tolerance,
    maxRuns,
    cancelAt: o.cancelAt as RiskLevel,
    initial,
    deadlineMs: o.deadline !== undefined ? parseDuration(o.deadline) : undefined,
    executors: num('--executors', o.executors, positiveInt, 'a whole number ≥ 1'),
    executorHeapMb: num('--executor-heap-mb', o.executorHeapMb, positiveInt, 'megabytes ≥ 1'),
    driverHeapMb: num('--driver-heap-mb', o.driverHeapMb, positiveInt, 'megabytes ≥ 1'),
    execute: o.execute as 'sequential' | 'parallel' | undefined,
    sampleFraction: num('--sample', o.sample, (n) => n > 0 && n <= 1, 'a fraction between 0 and 1, e.g. 0.1'),
  };
}

/** "2h", "90m", "1h30m", "45s", "1d": milliseconds. */
export function parseDuration(text: string): number {
  const re = /(\d+(?:\.\d+)?)\s*(d|h|m|s|ms)/gy;
  let total = 0;
  let matched = 0;
  for (let m; (m = re.exec(text.trim())); ) {
    const n = Number(m[1]);
    total += n * { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 }[m[2] as 'd' | 'h' | 'm' | 's' | 'ms'];
    matched = re.lastIndex;
  }
  if (matched === 0 || matched !== text.trim().length || total <= 0) throw new Error(`--deadline ${JSON.stringify(text)}: expected a duration such as 2h, 90m or 1h30m`);
  return total;
}

function runLine(r: TrialRun): string {
  const when = r.predictedAtMs !== undefined ? ` at ${fmtMs(r.predictedAtMs)}` : '';
  switch (r.outcome) {
    case 'cancelled-at-risk':
      return `CANCELLED${when} — ${r.evidence?.executorId === 'driver' ? 'driver' : `executor ${r.evidence?.executorId}`}: ${r.evidence?.rule ?? r.reason}${r.predictorMiss ? ' — an executor had already died of OOM (predictor miss)' : ''}`;
    case 'oom':
      return `OOM after ${fmtMs(r.durationMs)} (${r.cause})${r.predictorMiss ? ' — the predictor missed it' : ''}`;
    case 'failed':
      return `failed: ${r.reason}`;
    default:
      return `${r.overTarget ? 'finished over target' : 'safe'}: peak heap ${pct(r.peakHeap)}, ${r.filesRead} files in ${fmtMs(r.durationMs)}`;
  }
}

function textReport(rep: TuneJobReport): string {
  const r = rep.result;
  const out: string[] = [];
  const cancelled = r.runs.filter((x) => x.outcome === 'cancelled-at-risk').length;
  const ooms = r.runs.filter((x) => x.outcome === 'oom').length;
  const misses = r.runs.filter((x) => x.predictorMiss).length;
  out.push('');
  if (!r.bound) {
    out.push(`No safe bound found for ${rep.job} after ${r.runs.length} runs.`);
    out.push(r.decisions.at(-1)?.reason ?? '');
    return out.join('\n');
  }
  const safePeak = r.runs.filter((x) => x.outcome === 'safe' && !x.overTarget && JSON.stringify(x.bound) === JSON.stringify(r.bound)).at(-1)?.peakHeap;
  out.push(`Recommendation for ${rep.job}: ${describeBound(r.bound)}${safePeak !== undefined ? ` (peak heap ${pct(safePeak)}, target ${pct(r.targetHeap)})` : ''}`);
  out.push(`  ${r.converged ? 'converged' : 'did NOT converge'} in ${r.runs.length} runs: ${cancelled} cancelled early, ${ooms} died of OOM${misses ? ` (${misses} missed by the predictor)` : ''}.`);
  out.push(`  ${r.decisions.at(-1)?.reason ?? ''}`);
  const p = rep.plan;
  if (p) {
    out.push('');
    out.push(`Backlog: ${p.backlogFiles} files (${fmtBytes(p.backlogBytes)}) → ${p.sequential.runs} runs one after another, about ${fmtMs(p.sequential.wallMs)}.`);
    if (p.deadlineMs !== undefined && !p.parallel) out.push(`  That meets the ${fmtMs(p.deadlineMs)} deadline.`);
    if (p.parallel) {
      out.push(`Parallel plan for the ${fmtMs(p.deadlineMs!)} deadline: ${p.parallel.jobs.length} jobs, about ${fmtMs(p.parallel.wallMs)}${p.parallel.meetsDeadline ? '' : ' (misses the deadline)'}:`);
      for (const j of p.parallel.jobs) out.push(`  job ${j.index}: ${j.predicate}  — ${j.files} files, ${j.runs} runs, ${fmtMs(j.wallMs)}`);
    }
    for (const n of p.notes) out.push(`  note: ${n}`);
    out.push(`  (times measured on ${rep.runner === 'local' ? 'the local engine' : rep.runner}; a Glue job adds its own start-up time per run)`);
  }
  out.push('');
  out.push('Glue script lines:');
  for (const l of rep.glue) out.push(`  ${l}`);
  return out.join('\n');
}

function jsonReport(rep: TuneJobReport, execution: unknown) {
  const r = rep.result;
  return {
    job: rep.job,
    bound: r.bound ? boundJson(r.bound) : null,
    converged: r.converged,
    targetHeap: r.targetHeap,
    runs: r.runs.map((x) => ({
      bound: boundJson(x.bound),
      outcome: x.outcome,
      peakHeap: round(x.peakHeap),
      ...(x.predictedAtMs !== undefined ? { predictedAtMs: Math.round(x.predictedAtMs) } : {}),
      durationMs: Math.round(x.durationMs),
      filesRead: x.filesRead,
      predictorMiss: x.predictorMiss,
      reason: x.reason,
    })),
    plan: rep.plan ?? null,
    glue: rep.glue,
    decisions: r.decisions,
    historySession: rep.sessionId,
    ...(execution ? { execution } : {}),
  };
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}

function fmtMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
  return `${Math.floor(ms / 3_600_000)} h ${Math.round((ms % 3_600_000) / 60_000)} min`;
}

function fmtBytes(b: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  let v = b;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(i ? 1 : 0)} ${units[i]}`;
}
