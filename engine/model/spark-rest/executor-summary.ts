// Spark REST v1 ExecutorSummary (driver included), from the model's executors and their tasks.
import type { Executor, JobRun } from '../job-run.js';
import { runIndex } from './run-index.js';
import { countTasks, peakMetrics } from './task-outcome.js';
import { sparkDate } from './spark-time.js';
import { taskDurationMs } from './task-data.js';

export function isActiveExecutor(e: Executor): boolean {
  return e.removeTime === undefined;
}

export function executorSummary(run: JobRun, e: Executor) {
  const tasks = runIndex(run).tasksByExecutor.get(e.id) ?? [];
  const c = countTasks(tasks);
  let totalDuration = 0;
  let gc = 0;
  let input = 0;
  let shuffleRead = 0;
  let shuffleWrite = 0;
  for (const t of tasks) {
    const d = taskDurationMs(t) ?? 0;
    totalDuration += t.resubmitted ? 2 * d : d;
    const m = t.metrics;
    if (!m) continue;
    gc += m.jvmGcTime;
    input += m.inputBytes;
    shuffleRead += m.shuffleRemoteBytesRead + m.shuffleLocalBytesRead;
    shuffleWrite += m.shuffleWriteBytes;
  }
  return {
    id: e.id,
    hostPort: e.hostPort || e.host,
    isActive: isActiveExecutor(e),
    rddBlocks: 0,
    memoryUsed: 0,
    diskUsed: 0,
    totalCores: e.totalCores,
    maxTasks: e.maxTasks ?? 0,
    activeTasks: c.active,
    failedTasks: c.failed,
    completedTasks: c.completed,
    totalTasks: tasks.length,
    totalDuration,
    totalGCTime: gc,
    totalInputBytes: input,
    totalShuffleRead: shuffleRead,
    totalShuffleWrite: shuffleWrite,
    isBlacklisted: e.isExcluded,
    maxMemory: e.maxMemory,
    addTime: sparkDate(e.addTime),
    removeTime: e.removeTime !== undefined ? sparkDate(e.removeTime) : undefined,
    removeReason: e.removeReason,
    executorLogs: e.executorLogs,
    memoryMetrics:
      e.maxOnHeapMemory !== undefined
        ? {
            usedOnHeapStorageMemory: 0,
            usedOffHeapStorageMemory: 0,
            totalOnHeapStorageMemory: e.maxOnHeapMemory,
            totalOffHeapStorageMemory: e.maxOffHeapMemory ?? 0,
          }
        : undefined,
    blacklistedInStages: e.excludedInStages,
    peakMemoryMetrics: peakMetrics(tasks, [e.peakMemoryMetrics], true),
    attributes: e.attributes,
    resources: e.resources,
    resourceProfileId: e.resourceProfileId,
    isExcluded: e.isExcluded,
    excludedInStages: e.excludedInStages,
  };
}

/** Spark orders executors by id as text. `activeOnly` is the `executors` endpoint, else `allexecutors`. */
export function executorList(run: JobRun, activeOnly: boolean) {
  return run.executors
    .filter((e) => !activeOnly || isActiveExecutor(e))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((e) => executorSummary(run, e));
}
