// The catalog entry the UI lists for a loaded run.
import type { JobRun } from '../model/job-run.js';
import type { RunInfo, RunOutcome } from './contract.js';

export function runOutcome(run: JobRun, live: boolean): RunOutcome {
  if (live) return 'running';
  // A Glue run's own final state wins: a CloudWatch-only run has no jobs to tell.
  if (run.glue?.state === 'SUCCEEDED') return 'succeeded';
  if (run.glue?.state === 'FAILED' || run.glue?.state === 'TIMEOUT' || run.glue?.state === 'ERROR') return 'failed';
  if (run.jobs.some((j) => j.status === 'FAILED')) return 'failed';
  const attempt = run.application.attempts.at(-1);
  if (attempt && !attempt.completed) return run.source.inProgress ? 'running' : 'unknown';
  if (run.jobs.length > 0 && run.jobs.every((j) => j.status === 'SUCCEEDED')) return 'succeeded';
  return attempt?.completed ? 'succeeded' : 'unknown';
}

/** First and last instants the run has data for. */
export function runSpan(run: JobRun): { start: number; end: number } {
  const attempt = run.application.attempts.at(-1);
  let start = attempt?.startTime ?? Infinity;
  let end = attempt && attempt.endTime > 0 ? attempt.endTime : -Infinity;
  for (const t of run.tasks) {
    if (t.launchTime < start) start = t.launchTime;
    const last = t.finishTime > 0 ? t.finishTime : t.launchTime;
    if (last > end) end = last;
  }
  for (const e of run.executors) {
    if (e.addTime > 0 && e.addTime < start) start = e.addTime;
    if ((e.removeTime ?? 0) > end) end = e.removeTime!;
  }
  for (const s of run.memory) {
    if (s.t.length === 0) continue;
    if (s.t[0] < start) start = s.t[0];
    if (s.t[s.t.length - 1] > end) end = s.t[s.t.length - 1];
  }
  if (!Number.isFinite(start)) start = 0;
  if (!Number.isFinite(end) || end < start) end = start;
  return { start, end };
}

export function runInfo(run: JobRun, live: boolean, span = runSpan(run)): RunInfo {
  return {
    id: run.id,
    appId: run.application.id,
    name: run.application.name || run.application.id,
    sourceKind: run.source.kind,
    sourcePath: run.source.path,
    startTime: span.start,
    endTime: span.end,
    outcome: runOutcome(run, live),
    live,
    taskCount: run.tasks.length,
    executorCount: run.executors.filter((e) => e.id !== 'driver').length,
    warnings: run.warnings,
  };
}
