// Stages view data: the stage table, and for one stage its task quantiles, histograms, skew and tasks.
import { shuffleReadBytes, type JobRun, type StageAttempt, type Task } from '../model/job-run.js';
import type { Histogram, Quantiles, SkewRuleView, StageDetail, StageRow, StagesData, StageTaskRow } from './contract.js';

const QUANTILES = [0, 0.25, 0.5, 0.75, 1];

function stageKey(stageId: number, attemptId: number): string {
  return `${stageId}:${attemptId}`;
}

function tasksByStage(run: JobRun): Map<string, Task[]> {
  const by = new Map<string, Task[]>();
  for (const t of run.tasks) {
    const k = stageKey(t.stageId, t.stageAttemptId);
    let list = by.get(k);
    if (!list) by.set(k, (list = []));
    list.push(t);
  }
  return by;
}

function stageRow(s: StageAttempt, tasks: Task[], stragglers: Set<number>, skew: SkewRuleView[] | undefined): StageRow {
  const row: StageRow = {
    stageId: s.stageId,
    attemptId: s.attemptId,
    name: s.name,
    status: s.status,
    numTasks: s.numTasks,
    numActiveTasks: 0,
    numCompleteTasks: 0,
    numFailedTasks: 0,
    numKilledTasks: 0,
    submissionTime: s.submissionTime,
    completionTime: s.completionTime,
    duration: s.submissionTime !== undefined && s.completionTime !== undefined ? s.completionTime - s.submissionTime : undefined,
    executorRunTime: 0,
    inputBytes: 0,
    outputBytes: 0,
    shuffleReadBytes: 0,
    shuffleWriteBytes: 0,
    memoryBytesSpilled: 0,
    diskBytesSpilled: 0,
    stragglers: 0,
    skewed: skew?.some((r) => r.fired) ?? false,
  };
  for (const t of tasks) {
    if (t.status === 'RUNNING') row.numActiveTasks++;
    else if (t.status === 'SUCCESS') row.numCompleteTasks++;
    else if (t.status === 'FAILED') row.numFailedTasks++;
    else if (t.status === 'KILLED') row.numKilledTasks++;
    if (stragglers.has(t.taskId)) row.stragglers++;
    const m = t.metrics;
    if (!m) continue;
    row.executorRunTime += m.executorRunTime;
    row.inputBytes += m.inputBytes;
    row.outputBytes += m.outputBytes;
    row.shuffleReadBytes += shuffleReadBytes(m);
    row.shuffleWriteBytes += m.shuffleWriteBytes;
    row.memoryBytesSpilled += m.memoryBytesSpilled;
    row.diskBytesSpilled += m.diskBytesSpilled;
  }
  return row;
}

export function buildStages(run: JobRun, asOf: number, stragglers: Set<number>, skew: Map<string, SkewRuleView[]>): StagesData {
  const by = tasksByStage(run);
  const rows = run.stages
    .map((s) => stageRow(s, by.get(stageKey(s.stageId, s.attemptId)) ?? [], stragglers, skew.get(stageKey(s.stageId, s.attemptId))))
    .sort((a, b) => b.stageId - a.stageId || b.attemptId - a.attemptId);
  return { asOf, rows };
}

/** Spark's index rule for task quantiles (AppStatusStore.taskSummary): min(q × n, n − 1) on sorted values. */
export function quantilesOf(sorted: number[]): number[] {
  const n = sorted.length;
  if (n === 0) return QUANTILES.map(() => 0);
  return QUANTILES.map((q) => sorted[Math.min(Math.floor(q * n), n - 1)]);
}

export function histogramOf(metric: string, unit: 'ms' | 'bytes', values: number[], buckets = 24): Histogram {
  const sorted = [...values].sort((a, b) => a - b);
  const max = sorted.at(-1) ?? 0;
  const min = sorted[0] ?? 0;
  const width = max > min ? (max - min) / buckets : 1;
  const counts = new Array<number>(max > min ? buckets : 1).fill(0);
  for (const v of sorted) counts[Math.min(Math.floor((v - min) / width), counts.length - 1)]++;
  const edges = counts.map((_, i) => min + i * width).concat(max > min ? max : min + 1);
  return { metric, unit, edges, counts, median: sorted.length ? sorted[Math.floor(sorted.length / 2)] : 0, max };
}

export function buildStageDetail(
  run: JobRun,
  asOf: number,
  stageId: number,
  attemptId: number,
  stragglers: Set<number>,
  skew: Map<string, SkewRuleView[]>,
): StageDetail | undefined {
  const s = run.stages.find((x) => x.stageId === stageId && x.attemptId === attemptId);
  if (!s) return undefined;
  const tasks = run.tasks.filter((t) => t.stageId === stageId && t.stageAttemptId === attemptId);
  const rules = skew.get(stageKey(stageId, attemptId)) ?? [];
  // Spark's summary uses successful tasks only.
  const done = tasks.filter((t) => t.status === 'SUCCESS' && t.metrics);
  const col = (f: (t: Task) => number) => done.map(f).sort((a, b) => a - b);
  const durations = col((t) => t.finishTime - t.launchTime);
  const shuffle = col((t) => shuffleReadBytes(t.metrics!));
  const quantiles: Quantiles[] = [
    { metric: 'Duration', unit: 'ms', values: quantilesOf(durations) },
    { metric: 'Executor run time', unit: 'ms', values: quantilesOf(col((t) => t.metrics!.executorRunTime)) },
    { metric: 'GC time', unit: 'ms', values: quantilesOf(col((t) => t.metrics!.jvmGcTime)) },
    { metric: 'Input size', unit: 'bytes', values: quantilesOf(col((t) => t.metrics!.inputBytes)) },
    { metric: 'Shuffle read size', unit: 'bytes', values: quantilesOf(shuffle) },
    { metric: 'Shuffle read records', unit: 'count', values: quantilesOf(col((t) => t.metrics!.shuffleReadRecords)) },
    { metric: 'Shuffle write size', unit: 'bytes', values: quantilesOf(col((t) => t.metrics!.shuffleWriteBytes)) },
    { metric: 'Peak execution memory', unit: 'bytes', values: quantilesOf(col((t) => t.metrics!.peakExecutionMemory)) },
    { metric: 'Spill (memory)', unit: 'bytes', values: quantilesOf(col((t) => t.metrics!.memoryBytesSpilled)) },
  ];
  const tasksRows: StageTaskRow[] = tasks.map((t) => ({
    taskId: t.taskId,
    index: t.index,
    attempt: t.attempt,
    executorId: t.executorId,
    host: t.host,
    status: t.status,
    launchTime: t.launchTime,
    duration: t.finishTime > 0 ? t.finishTime - t.launchTime : undefined,
    gcTime: t.metrics?.jvmGcTime ?? 0,
    inputBytes: t.metrics?.inputBytes ?? 0,
    shuffleReadBytes: t.metrics ? shuffleReadBytes(t.metrics) : 0,
    shuffleWriteBytes: t.metrics?.shuffleWriteBytes ?? 0,
    memoryBytesSpilled: t.metrics?.memoryBytesSpilled ?? 0,
    straggler: stragglers.has(t.taskId),
    errorMessage: t.errorMessage,
  }));
  return {
    asOf,
    stage: stageRow(s, tasks, stragglers, rules),
    quantiles,
    histograms: [histogramOf('Task duration', 'ms', durations), histogramOf('Shuffle read size', 'bytes', shuffle)],
    skew: rules,
    tasks: tasksRows,
  };
}
