// Stage and task listings as Spark's StagesResource answers them.
import type { JobRun, StageAttempt, StageStatus, Task, TaskStatus } from '../job-run.js';
import { runIndex, tasksOf } from './run-index.js';
import { stageData, type StageDataOptions } from './stage-data.js';
import { taskData } from './task-data.js';

/** Newest stage first, later attempts first, as the History Server. */
export function stageList(run: JobRun, statuses: StageStatus[] = [], opts: StageDataOptions = {}) {
  return run.stages
    .filter((s) => statuses.length === 0 || statuses.includes(s.status))
    .sort((a, b) => b.stageId - a.stageId || b.attemptId - a.attemptId)
    .map((s) => stageData(run, s, opts));
}

export function stageAttempts(run: JobRun, stageId: number): StageAttempt[] {
  return (runIndex(run).stagesById.get(stageId) ?? []).slice().sort((a, b) => a.attemptId - b.attemptId);
}

export type TaskSorting = 'ID' | 'INCREASING_RUNTIME' | 'DECREASING_RUNTIME';

/** Spark's TaskSorting.fromString: "runtime", "-runtime" or an enum name, any case. */
export function parseTaskSorting(text: string): TaskSorting | undefined {
  const lower = text.toLowerCase();
  if (lower === 'runtime') return 'INCREASING_RUNTIME';
  if (lower === '-runtime') return 'DECREASING_RUNTIME';
  const upper = text.toUpperCase();
  return upper === 'ID' || upper === 'INCREASING_RUNTIME' || upper === 'DECREASING_RUNTIME' ? upper : undefined;
}

/** Spark indexes run time with failed tasks negated and running ones at -1. */
function runtimeKey(t: Task): number {
  if (!t.metrics) return -1;
  return t.status === 'SUCCESS' ? t.metrics.executorRunTime : -t.metrics.executorRunTime - 1;
}

export function taskList(
  run: JobRun,
  stage: StageAttempt,
  opts: { offset?: number; length?: number; sortBy?: TaskSorting; statuses?: TaskStatus[] } = {},
) {
  let tasks = tasksOf(run, stage);
  if (opts.statuses && opts.statuses.length > 0) tasks = tasks.filter((t) => opts.statuses!.includes(t.status));
  const sortBy = opts.sortBy ?? 'ID';
  if (sortBy !== 'ID') {
    const sign = sortBy === 'INCREASING_RUNTIME' ? 1 : -1;
    tasks = tasks.slice().sort((a, b) => sign * (runtimeKey(a) - runtimeKey(b)) || sign * (a.taskId - b.taskId));
  }
  const offset = opts.offset ?? 0;
  const length = opts.length ?? 20;
  const executors = runIndex(run).executorsById;
  return tasks.slice(offset, offset + length).map((t) => taskData(t, executors.get(t.executorId)?.executorLogs ?? {}));
}
