// Spark REST v1 ExecutorMetricsDistributions (stage `withSummaries=true`): quantiles over the
// stage's per-executor summaries, with the same index rule as task quantiles (Spark's Distribution).
import type { ExecutorMetrics } from '../job-run.js';
import { sparkQuantiles } from '../quantiles.js';
import type { ExecutorStageSummary } from './stage-data.js';
import { EXECUTOR_METRIC_NAMES } from './task-outcome.js';

export function executorMetricsDistributions(summaries: Record<string, ExecutorStageSummary>, quantiles: readonly number[]) {
  const list = Object.values(summaries);
  if (list.length === 0) return undefined;
  const q = (pick: (s: ExecutorStageSummary) => number) => sparkQuantiles(list.map(pick), quantiles);
  const peaks = list.map((s) => s.peakMemoryMetrics).filter((p): p is ExecutorMetrics => p !== undefined);
  const peakMemoryMetrics: Record<string, number[]> = {};
  if (peaks.length > 0) {
    const names = new Set<string>(EXECUTOR_METRIC_NAMES);
    for (const p of peaks) for (const k of Object.keys(p)) names.add(k);
    for (const name of names) peakMemoryMetrics[name] = sparkQuantiles(peaks.map((p) => p[name] ?? 0), quantiles);
  }
  return {
    quantiles: [...quantiles],
    taskTime: q((s) => s.taskTime),
    failedTasks: q((s) => s.failedTasks),
    succeededTasks: q((s) => s.succeededTasks),
    killedTasks: q((s) => s.killedTasks),
    inputBytes: q((s) => s.inputBytes),
    inputRecords: q((s) => s.inputRecords),
    outputBytes: q((s) => s.outputBytes),
    outputRecords: q((s) => s.outputRecords),
    shuffleRead: q((s) => s.shuffleRead),
    shuffleReadRecords: q((s) => s.shuffleReadRecords),
    shuffleWrite: q((s) => s.shuffleWrite),
    shuffleWriteRecords: q((s) => s.shuffleWriteRecords),
    memoryBytesSpilled: q((s) => s.memoryBytesSpilled),
    diskBytesSpilled: q((s) => s.diskBytesSpilled),
    peakMemoryMetrics,
  };
}
