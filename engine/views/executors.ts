// Executors view data: Spark's ExecutorSummary (the same numbers as the History Server and the
// CLI) plus heap peaks and limits, and the straggler-executor flag from the analysis.
import type { JobRun } from '../model/job-run.js';
import { executorSummary } from '../model/spark-rest/executor-summary.js';
import { runIndex } from '../model/spark-rest/run-index.js';
import type { ExecutorRow, ExecutorsData } from './contract.js';
import { compareIds } from './memory.js';

export function buildExecutors(run: JobRun, asOf: number, stragglerTasks: Set<number>, stragglerExecutors: Set<string>): ExecutorsData {
  const byExecutor = runIndex(run).tasksByExecutor;
  const rows: ExecutorRow[] = run.executors.map((e) => {
    const s = executorSummary(run, e);
    const peaks = s.peakMemoryMetrics ?? {};
    let seriesPeak: number | undefined;
    let heapLimit: number | undefined;
    for (const m of run.memory) {
      if (m.executorId !== e.id) continue;
      heapLimit ??= m.limitBytes;
      for (const u of m.used) if (Number.isFinite(u) && u > (seriesPeak ?? -1)) seriesPeak = u;
    }
    let stragglers = 0;
    for (const t of byExecutor.get(e.id) ?? []) if (stragglerTasks.has(t.taskId)) stragglers++;
    return {
      id: s.id,
      hostPort: s.hostPort,
      isActive: e.removeTime === undefined || e.removeTime > asOf,
      rddBlocks: s.rddBlocks,
      memoryUsed: s.memoryUsed,
      maxMemory: s.maxMemory,
      diskUsed: s.diskUsed,
      totalCores: s.totalCores,
      activeTasks: s.activeTasks,
      failedTasks: s.failedTasks,
      completedTasks: s.completedTasks,
      totalTasks: s.totalTasks,
      totalDuration: s.totalDuration,
      totalGCTime: s.totalGCTime,
      totalInputBytes: s.totalInputBytes,
      totalShuffleRead: s.totalShuffleRead,
      totalShuffleWrite: s.totalShuffleWrite,
      addTime: e.addTime,
      removeTime: e.removeTime,
      removeReason: e.removeReason,
      peakJvmHeap: peaks.JVMHeapMemory ?? seriesPeak,
      peakExecutionMemory: peaks.OnHeapExecutionMemory,
      peakStorageMemory: peaks.OnHeapStorageMemory,
      heapLimit,
      stragglerTasks: stragglers,
      straggler: stragglerExecutors.has(e.id),
    };
  });
  return { asOf, rows: rows.sort((a, b) => (a.id === 'driver' ? -1 : b.id === 'driver' ? 1 : compareIds(a.id, b.id))) };
}
