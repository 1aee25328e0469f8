// Executors view data: Spark's ExecutorSummary (the same numbers as the History Server and the
// CLI) plus heap peaks and limits, and the straggler-executor flag from the analysis.
import type { JobRun } from '../model/job-run.js';
import { executorSummary } from '../model/spark-rest/executor-summary.js';
import { runIndex } from '../model/spark-rest/run-index.js';
import type { MemoryView } from '../analysis/memory.js';
import type { ExecutorRow, ExecutorsData } from './contract.js';
import { compareIds } from './memory.js';

export function buildExecutors(
  run: JobRun,
  asOf: number,
  stragglerTasks: Set<number>,
  stragglerExecutors: Set<string>,
  memory: MemoryView[],
): ExecutorsData {
  const byExecutor = runIndex(run).tasksByExecutor;
  // Heap peaks and limits as the Memory view shows them (limits inferred where the log has none).
  const heapOf = new Map(memory.map((v) => [v.executorId, v]));
  const rows: ExecutorRow[] = run.executors.map((e) => {
    const s = executorSummary(run, e);
    const peaks = s.peakMemoryMetrics ?? {};
    const heap = heapOf.get(e.id);
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
      peakJvmHeap: peaks.JVMHeapMemory ?? (heap && heap.peakBytes > 0 ? heap.peakBytes : undefined),
      peakExecutionMemory: peaks.OnHeapExecutionMemory,
      peakStorageMemory: peaks.OnHeapStorageMemory,
      heapLimit: heap?.limitBytes,
      stragglerTasks: stragglers,
      straggler: stragglerExecutors.has(e.id),
    };
  });
  return { asOf, rows: rows.sort((a, b) => (a.id === 'driver' ? -1 : b.id === 'driver' ? 1 : compareIds(a.id, b.id))) };
}
