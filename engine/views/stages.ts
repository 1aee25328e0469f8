// Stages view data: the stage table, and for one stage its task quantiles, histograms, skew and tasks.
import { shuffleReadBytes, type JobRun, type StageAttempt, type Task } from '../model/job-run.js';
import { stageData } from '../model/spark-rest/stage-data.js';
import { tasksOf } from '../model/spark-rest/run-index.js';
import { taskMetricDistributions } from '../model/spark-rest/task-summary.js';
import { STAGE_SUMMARY_QUANTILES } from '../model/quantiles.js';
import type { Histogram, Quantiles, SkewRuleView, StageDetail, StageRow, StagesData, StageTaskRow } from './contract.js';

function stageKey(stageId: number, attemptId: number): string {
  return `${stageId}:${attemptId}`;
}

function stageRow(run: JobRun, s: StageAttempt, stragglers: Set<number>, skew: SkewRuleView[] | undefined): StageRow {
  const d = stageData(run, s);
  let n = 0;
  for (const t of tasksOf(run, s)) if (stragglers.has(t.taskId)) n++;
  return {
    stageId: s.stageId,
    attemptId: s.attemptId,
    name: s.name,
    status: s.status,
    numTasks: d.numTasks,
    numActiveTasks: d.numActiveTasks,
    numCompleteTasks: d.numCompleteTasks,
    numFailedTasks: d.numFailedTasks,
    numKilledTasks: d.numKilledTasks,
    submissionTime: s.submissionTime,
    completionTime: s.completionTime,
    duration: s.submissionTime !== undefined && s.completionTime !== undefined ? s.completionTime - s.submissionTime : undefined,
    executorRunTime: d.executorRunTime,
    inputBytes: d.inputBytes,
    outputBytes: d.outputBytes,
    shuffleReadBytes: d.shuffleReadBytes,
    shuffleWriteBytes: d.shuffleWriteBytes,
    memoryBytesSpilled: d.memoryBytesSpilled,
    diskBytesSpilled: d.diskBytesSpilled,
    stragglers: n,
    skewed: skew?.some((r) => r.fired) ?? false,
  };
}

export function buildStages(run: JobRun, asOf: number, stragglers: Set<number>, skew: Map<string, SkewRuleView[]>): StagesData {
  const rows = run.stages
    .map((s) => stageRow(run, s, stragglers, skew.get(stageKey(s.stageId, s.attemptId))))
    .sort((a, b) => b.stageId - a.stageId || b.attemptId - a.attemptId);
  return { asOf, rows };
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
  const tasks = tasksOf(run, s);
  const rules = skew.get(stageKey(stageId, attemptId)) ?? [];
  // Spark's taskSummary: the same quantiles the History Server and the REST API give.
  const dist = taskMetricDistributions(tasks, STAGE_SUMMARY_QUANTILES);
  const quantiles: Quantiles[] = dist
    ? [
        { metric: 'Duration', unit: 'ms', values: dist.duration },
        { metric: 'Scheduler delay', unit: 'ms', values: dist.schedulerDelay },
        { metric: 'Executor run time', unit: 'ms', values: dist.executorRunTime },
        { metric: 'GC time', unit: 'ms', values: dist.jvmGcTime },
        { metric: 'Input size', unit: 'bytes', values: dist.inputMetrics.bytesRead },
        { metric: 'Shuffle read size', unit: 'bytes', values: dist.shuffleReadMetrics.readBytes },
        { metric: 'Shuffle read records', unit: 'count', values: dist.shuffleReadMetrics.readRecords },
        { metric: 'Shuffle write size', unit: 'bytes', values: dist.shuffleWriteMetrics.writeBytes },
        { metric: 'Peak execution memory', unit: 'bytes', values: dist.peakExecutionMemory },
        { metric: 'Spill (memory)', unit: 'bytes', values: dist.memoryBytesSpilled },
        { metric: 'Spill (disk)', unit: 'bytes', values: dist.diskBytesSpilled },
      ]
    : [];
  const done = tasks.filter((t) => t.status === 'SUCCESS' && t.metrics);
  const durations = done.map((t) => t.finishTime - t.launchTime);
  const shuffle = done.map((t) => shuffleReadBytes(t.metrics!));
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
    stage: stageRow(run, s, stragglers, rules),
    quantiles,
    histograms: [histogramOf('Task duration', 'ms', durations), histogramOf('Shuffle read size', 'bytes', shuffle)],
    skew: rules,
    tasks: tasksRows,
  };
}
