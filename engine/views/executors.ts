// Executors view data: Spark's Executors-tab columns plus heap peaks, removal reason, straggler flag.
import { shuffleReadBytes, type JobRun } from '../model/job-run.js';
import type { ExecutorRow, ExecutorsData } from './contract.js';
import { compareIds } from './memory.js';

export function buildExecutors(run: JobRun, asOf: number, stragglerTasks: Set<number>, stragglerExecutors: Set<string>): ExecutorsData {
  const rows = new Map<string, ExecutorRow>();
  for (const e of run.executors) {
    const peaks = e.peakMemoryMetrics ?? {};
    const series = run.memory.find((s) => s.executorId === e.id);
    rows.set(e.id, {
      id: e.id,
      hostPort: e.hostPort || e.host,
      isActive: e.removeTime === undefined || e.removeTime <= 0 || e.removeTime > asOf,
      rddBlocks: 0,
      memoryUsed: 0,
      maxMemory: e.maxMemory,
      diskUsed: 0,
      totalCores: e.totalCores,
      activeTasks: 0,
      failedTasks: 0,
      completedTasks: 0,
      totalTasks: 0,
      totalDuration: 0,
      totalGCTime: 0,
      totalInputBytes: 0,
      totalShuffleRead: 0,
      totalShuffleWrite: 0,
      addTime: e.addTime,
      removeTime: e.removeTime,
      removeReason: e.removeReason,
      peakJvmHeap: peaks.JVMHeapMemory ?? (series ? Math.max(...series.used.filter(Number.isFinite)) : undefined),
      peakExecutionMemory: peaks.OnHeapExecutionMemory,
      peakStorageMemory: peaks.OnHeapStorageMemory,
      heapLimit: series?.limitBytes,
      stragglerTasks: 0,
      straggler: stragglerExecutors.has(e.id),
    });
  }
  for (const t of run.tasks) {
    const r = rows.get(t.executorId);
    if (!r) continue;
    if (t.status === 'RUNNING') r.activeTasks++;
    else if (t.status === 'SUCCESS') r.completedTasks++;
    else if (t.status === 'FAILED') r.failedTasks++;
    if (t.status !== 'KILLED') r.totalTasks++;
    if (t.finishTime > 0) r.totalDuration += t.finishTime - t.launchTime;
    if (stragglerTasks.has(t.taskId)) r.stragglerTasks++;
    const m = t.metrics;
    if (!m) continue;
    r.totalGCTime += m.jvmGcTime;
    r.totalInputBytes += m.inputBytes;
    r.totalShuffleRead += shuffleReadBytes(m);
    r.totalShuffleWrite += m.shuffleWriteBytes;
  }
  return { asOf, rows: [...rows.values()].sort((a, b) => (a.id === 'driver' ? -1 : b.id === 'driver' ? 1 : compareIds(a.id, b.id))) };
}
