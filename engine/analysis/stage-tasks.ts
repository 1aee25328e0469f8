// Groups a run's task attempts by stage attempt in one pass; every per-stage detector starts here.
import type { JobRun, StageAttempt, Task } from '../model/job-run.js';

export interface StageTasks {
  stageId: number;
  stageAttemptId: number;
  /** The stage attempt as the model has it; undefined when only its tasks were seen (truncated logs). */
  stage?: StageAttempt;
  tasks: Task[];
}

export function stageKey(stageId: number, attemptId: number): string {
  return `${stageId}.${attemptId}`;
}

/** Stage attempts in the model's order, then any stage attempt that only its tasks mention. */
export function groupTasksByStage(run: JobRun): StageTasks[] {
  const byKey = new Map<string, StageTasks>();
  for (const stage of run.stages) {
    byKey.set(stageKey(stage.stageId, stage.attemptId), {
      stageId: stage.stageId,
      stageAttemptId: stage.attemptId,
      stage,
      tasks: [],
    });
  }
  for (const task of run.tasks) {
    const key = stageKey(task.stageId, task.stageAttemptId);
    let group = byKey.get(key);
    if (!group) {
      group = { stageId: task.stageId, stageAttemptId: task.stageAttemptId, tasks: [] };
      byKey.set(key, group);
    }
    group.tasks.push(task);
  }
  return [...byKey.values()];
}

/** The latest instant the run knows about: what "now" means for a finished or cut run. */
export function latestTime(run: JobRun): number {
  let t = 0;
  for (const a of run.application.attempts) t = Math.max(t, a.startTime, a.endTime, a.lastUpdated);
  for (const task of run.tasks) t = Math.max(t, task.launchTime, task.finishTime);
  for (const s of run.stages) t = Math.max(t, s.submissionTime ?? 0, s.completionTime ?? 0);
  for (const j of run.jobs) t = Math.max(t, j.submissionTime ?? 0, j.completionTime ?? 0);
  for (const e of run.executors) t = Math.max(t, e.addTime, e.removeTime ?? 0);
  for (const m of run.memory) if (m.t.length > 0) t = Math.max(t, m.t[m.t.length - 1]);
  return t;
}
