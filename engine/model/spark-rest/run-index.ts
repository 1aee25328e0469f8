// Lookups the REST summaries need, built once per JobRun object (a live run yields a new
// JobRun on each result(), so the cache never goes stale).
import type { Executor, JobRun, StageAttempt, Task } from '../job-run.js';

export interface RunIndex {
  /** Tasks per stage attempt, keyed by attemptKey(stageId, attemptId), in task id order. */
  tasksByAttempt: Map<string, Task[]>;
  stagesById: Map<number, StageAttempt[]>;
  executorsById: Map<string, Executor>;
  tasksByExecutor: Map<string, Task[]>;
}

const cache = new WeakMap<JobRun, RunIndex>();

export function attemptKey(stageId: number, attemptId: number): string {
  return `${stageId}.${attemptId}`;
}

export function runIndex(run: JobRun): RunIndex {
  let idx = cache.get(run);
  if (idx) return idx;
  idx = { tasksByAttempt: new Map(), stagesById: new Map(), executorsById: new Map(), tasksByExecutor: new Map() };
  for (const t of run.tasks) {
    push(idx.tasksByAttempt, attemptKey(t.stageId, t.stageAttemptId), t);
    push(idx.tasksByExecutor, t.executorId, t);
  }
  for (const list of idx.tasksByAttempt.values()) list.sort((a, b) => a.taskId - b.taskId);
  for (const s of run.stages) push(idx.stagesById, s.stageId, s);
  for (const e of run.executors) idx.executorsById.set(e.id, e);
  cache.set(run, idx);
  return idx;
}

export function tasksOf(run: JobRun, stage: StageAttempt): Task[] {
  return runIndex(run).tasksByAttempt.get(attemptKey(stage.stageId, stage.attemptId)) ?? [];
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}
