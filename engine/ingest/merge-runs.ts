// One timeline for a Glue run seen twice: tasks, stages and executors from its Spark event log,
// 30 s heap gauges from CloudWatch. Both use epoch-ms wall-clock times and Spark's executor ids
// (Glue names its per-executor metrics glue.<executorId>.*), so the series line up as they are;
// what cannot be matched becomes a warning rather than a guess.
import type { Executor, IngestWarning, JobRun } from '../model/job-run.js';

/** Glue sets these Spark properties on every job run. */
const GLUE_RUN_ID_PROPS = ['spark.glue.JOB_RUN_ID', 'spark.glue.jobRunId'];

function glueRunIdOf(run: JobRun): string | undefined {
  for (const p of GLUE_RUN_ID_PROPS) {
    const v = run.environment.sparkProperties[p];
    if (v) return v;
  }
  return undefined;
}

function span(run: JobRun): [number, number] | undefined {
  const a = run.application.attempts[0];
  if (!a) return undefined;
  return [a.startTime, a.endTime > 0 ? a.endTime : a.lastUpdated];
}

/** Each CloudWatch point stands for the period that starts at its timestamp. */
function cloudSpan(run: JobRun): [number, number] | undefined {
  const ts = run.memory.flatMap((m) => (m.t.length ? [m.t[0], m.t[m.t.length - 1] + (m.resolutionMs ?? 0)] : []));
  return ts.length ? [Math.min(...ts), Math.max(...ts)] : undefined;
}

function overlapMs(a: [number, number], b: [number, number]): number {
  return Math.max(0, Math.min(a[1], b[1]) - Math.max(a[0], b[0]));
}

const iso = (t: number) => new Date(t).toISOString();

/** The log's run with CloudWatch's heap series, executors only CloudWatch saw, and the Glue run info. */
export function mergeRuns(log: JobRun, cloud: JobRun): JobRun {
  const warnings: IngestWarning[] = [...log.warnings, ...cloud.warnings];
  const where = cloud.source.path;
  const logRunId = glueRunIdOf(log);
  if (logRunId && cloud.glue && logRunId !== cloud.glue.jobRunId) {
    warnings.push({ file: log.source.path, message: `the event log belongs to Glue run ${logRunId}, but the CloudWatch metrics are of run ${cloud.glue.jobRunId}; the memory graph mixes two runs` });
  }
  const a = span(log);
  const b = cloudSpan(cloud);
  if (a && b && overlapMs(a, b) === 0) {
    warnings.push({ file: where, message: `CloudWatch metrics (${iso(b[0])} – ${iso(b[1])}) do not overlap the event log's run (${iso(a[0])} – ${iso(a[1])}); is this the same run?` });
  }
  const known = new Set(log.executors.map((e) => e.id));
  const extra: Executor[] = cloud.executors.filter((e) => !known.has(e.id));
  if (extra.length && log.source.inProgress !== true) {
    warnings.push({ file: where, message: `executor(s) ${extra.map((e) => e.id).join(', ')} reported heap to CloudWatch but are not in the event log` });
  }
  return {
    ...log,
    source: { ...log.source, kind: 'merged' },
    executors: [...log.executors, ...extra],
    memory: [...log.memory, ...cloud.memory],
    warnings,
    ...(cloud.glue ? { glue: cloud.glue } : {}),
  };
}

/**
 * Of the runs in a Glue event-log folder (one per job run), the one for `cloud`: the one whose
 * spark.glue.JOB_RUN_ID says so, else the one overlapping the metrics longest.
 */
export function pickLogForGlueRun(logs: JobRun[], cloud: JobRun): JobRun | undefined {
  const byId = cloud.glue && logs.find((r) => glueRunIdOf(r) === cloud.glue!.jobRunId);
  if (byId) return byId;
  const b = cloudSpan(cloud) ?? span(cloud);
  if (!b) return logs.length === 1 ? logs[0] : undefined;
  let best: JobRun | undefined;
  let bestMs = 0;
  for (const r of logs) {
    const a = span(r);
    const ms = a ? overlapMs(a, b) : 0;
    if (ms > bestMs) [best, bestMs] = [r, ms];
  }
  return best;
}
