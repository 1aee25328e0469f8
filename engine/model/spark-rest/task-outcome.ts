// How Spark's AppStatusListener counts a task end: Success completes, TaskKilled and
// TaskCommitDenied count as killed, every other reason as failed.
import type { ExecutorMetrics, Task } from '../job-run.js';

export type TaskOutcome = 'running' | 'succeeded' | 'failed' | 'killed';

export function taskOutcome(t: Task): TaskOutcome {
  if (t.status === 'RUNNING') return 'running';
  const reason = t.failure?.reason;
  if (reason !== undefined) return reason === 'TaskKilled' || reason === 'TaskCommitDenied' ? 'killed' : 'failed';
  if (t.status === 'SUCCESS') return 'succeeded';
  return t.status === 'KILLED' ? 'killed' : 'failed';
}

export interface TaskCounts {
  active: number;
  completed: number;
  failed: number;
  killed: number;
  /** Kill reason (or commit-denied message) -> count, as Spark's killedTasksSummary. */
  killedSummary: Record<string, number>;
}

export function countTasks(tasks: Iterable<Task>): TaskCounts {
  const c: TaskCounts = { active: 0, completed: 0, failed: 0, killed: 0, killedSummary: {} };
  for (const t of tasks) {
    const o = taskOutcome(t);
    if (o === 'running') c.active++;
    else if (o === 'succeeded') c.completed++;
    else if (o === 'failed') c.failed++;
    else {
      c.killed++;
      const why = t.errorMessage ?? 'unknown reason';
      c.killedSummary[why] = (c.killedSummary[why] ?? 0) + 1;
    }
    if (t.resubmitted) c.failed++;
  }
  return c;
}

/** Spark's ExecutorMetricType names, in the order its REST API writes them. */
export const EXECUTOR_METRIC_NAMES = [
  'JVMHeapMemory',
  'JVMOffHeapMemory',
  'OnHeapExecutionMemory',
  'OffHeapExecutionMemory',
  'OnHeapStorageMemory',
  'OffHeapStorageMemory',
  'OnHeapUnifiedMemory',
  'OffHeapUnifiedMemory',
  'DirectPoolMemory',
  'MappedPoolMemory',
  'ProcessTreeJVMVMemory',
  'ProcessTreeJVMRSSMemory',
  'ProcessTreePythonVMemory',
  'ProcessTreePythonRSSMemory',
  'ProcessTreeOtherVMemory',
  'ProcessTreeOtherRSSMemory',
  'ContainerCPUMilliCores',
  'ContainerMemoryWorkingSetBytes',
  'MinorGCCount',
  'MinorGCTime',
  'MajorGCCount',
  'MajorGCTime',
  'TotalGCTime',
] as const;

/**
 * Peak executor metrics as Spark serves them. Spark reads a TaskEnd without "Task Executor
 * Metrics" as all zeros, so once any task ended the peaks are known (zeros at least).
 * `known` are peaks from other events; `knownIncludesTasks` says they already hold the tasks'
 * own peaks (the folder raises an executor's peaks at each task end), which spares the scan.
 */
export function peakMetrics(
  tasks: readonly Task[],
  known: readonly (ExecutorMetrics | undefined)[],
  knownIncludesTasks = false,
): ExecutorMetrics | undefined {
  let peaks: ExecutorMetrics | undefined;
  const raise = (m: ExecutorMetrics) => {
    peaks ??= zeroMetrics();
    for (const k in m) if (!(m[k] <= peaks[k])) peaks[k] = m[k];
  };
  const folded = known.filter((m): m is ExecutorMetrics => m !== undefined);
  if (tasks.some((t) => t.status !== 'RUNNING')) {
    peaks = zeroMetrics();
    if (!knownIncludesTasks || folded.length === 0) {
      for (const t of tasks) if (t.executorPeaks && t.status !== 'RUNNING') raise(t.executorPeaks);
    }
  }
  for (const m of folded) raise(m);
  return peaks;
}

function zeroMetrics(): ExecutorMetrics {
  const m: ExecutorMetrics = {};
  for (const name of EXECUTOR_METRIC_NAMES) m[name] = 0;
  return m;
}
