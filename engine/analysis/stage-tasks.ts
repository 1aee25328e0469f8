// Groups a run's task attempts by stage attempt in one pass; every per-stage detector starts here.
import type { JobRun, StageAttempt, Task } from '../model/job-run.js';

export interface StageTasks {
  stageId: number;
  stageAttemptId: number;
  /** The stage attempt as the model has it; undefined when only its tasks were seen (truncated logs). */
  stage?: StageAttempt;
  tasks: Task[];
}


/** Stage attempts in the model's order, then any stage attempt that only its tasks mention. */
export function groupTasksByStage(run: JobRun): StageTasks[] {
  // Numeric two-level lookup: no string key per task on runs with 100k tasks.
  const byStage = new Map<number, Map<number, StageTasks>>();
  const out: StageTasks[] = [];
  const get = (stageId: number, attemptId: number, stage?: StageAttempt): StageTasks => {
    let attempts = byStage.get(stageId);
    if (!attempts) byStage.set(stageId, (attempts = new Map()));
    let g = attempts.get(attemptId);
    if (!g) {
      g = { stageId, stageAttemptId: attemptId, stage, tasks: [] };
      attempts.set(attemptId, g);
      out.push(g);
    }
    return g;
  };
  for (const stage of run.stages) get(stage.stageId, stage.attemptId, stage);
  for (const task of run.tasks) get(task.stageId, task.stageAttemptId).tasks.push(task);
  return out;
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
