// Stragglers by Spark's speculation rule (TaskSetManager.checkSpeculatableTasks, Spark 3.x):
// once max(floor(quantile × numTasks), 1) tasks of a stage attempt have succeeded, a task is
// speculatable when it has run longer than max(multiplier × median successful duration, minimum).
// Live (as of `now`) this flags running tasks exactly as Spark would. After the fact it also
// flags finished attempts that ran past the same threshold, using the stage's final median —
// Spark's own median grows as tasks finish, so a live check may flag slightly earlier. Killed
// attempts are never stragglers: Spark stopped them, so their run time says nothing about speed.
import type { Task, TaskStatus } from '../model/job-run.js';
import type { DiagnosisSettings } from './settings.js';
import { median, studentQuantile } from './stats.js';
import type { StageTasks } from './stage-tasks.js';

export interface Straggler {
  taskId: number;
  index: number;
  attempt: number;
  stageId: number;
  stageAttemptId: number;
  executorId: string;
  host: string;
  status: TaskStatus;
  /** Wall-clock run time: finished attempts' duration, or time running so far for RUNNING ones. */
  durationMs: number;
  /** durationMs / the stage's median successful duration. */
  ratioToMedian: number;
  running: boolean;
  speculative: boolean;
  /**
   * Also a robust outlier: (ln duration − median ln duration) / (1.4826 × MAD) above
   * max(stragglerOutlierZ, t⁻¹(1 − 0.05 / tasks in the run; ν = max(5, 0.37 × (stage successes − 1)))).
   */
  significant: boolean;
  /** That robust z-score. */
  robustZ: number;
}

export interface StageStragglers {
  stageId: number;
  stageAttemptId: number;
  numTasks: number;
  successfulTasks: number;
  /** max(floor(quantile × numTasks), 1): successes needed before the rule applies. */
  minFinishedForCheck: number;
  /** False until enough tasks have succeeded; no straggler can be named before that. */
  checked: boolean;
  medianSuccessfulMs: number;
  thresholdMs: number;
  stragglers: Straggler[];
}

export interface StragglerReport {
  stages: StageStragglers[];
  /** Every straggler of every stage, slowest relative to its median first. */
  tasks: Straggler[];
}

export function findStragglers(groups: StageTasks[], now: number, s: DiagnosisSettings): StragglerReport {
  const stages: StageStragglers[] = [];
  const all: Straggler[] = [];
  let runTasks = 0;
  for (const g of groups) runTasks += g.tasks.length;
  // Family-wise over the run: with n tasks, ordinary noise alone puts about one task past the
  // 1 − 1/n quantile; asking for 1 − 0.05/n keeps a healthy run quiet about 95 % of the time.
  const tailP = 1 - 0.05 / Math.max(1, runTasks);
  for (const g of groups) {
    const result = stageStragglers(g, now, s, tailP);
    stages.push(result);
    for (const st of result.stragglers) all.push(st);
  }
  all.sort((a, b) => b.ratioToMedian - a.ratioToMedian || a.taskId - b.taskId);
  return { stages, tasks: all };
}

function stageStragglers(g: StageTasks, now: number, s: DiagnosisSettings, tailP: number): StageStragglers {
  const succeededIndexes = new Set<number>();
  const durations: number[] = [];
  const distinctIndexes = new Set<number>();
  for (const t of g.tasks) {
    distinctIndexes.add(t.index);
    if (t.status === 'SUCCESS' && t.finishTime > 0 && !succeededIndexes.has(t.index)) {
      succeededIndexes.add(t.index);
      durations.push(t.finishTime - t.launchTime);
    }
  }
  const numTasks = g.stage && g.stage.numTasks > 0 ? g.stage.numTasks : distinctIndexes.size;
  const minFinished = Math.max(Math.floor(s.speculationQuantile * numTasks), 1);
  const successful = succeededIndexes.size;
  const checked = successful > 0 && successful >= minFinished;
  const med = durations.length > 0 ? median(durations) : NaN;
  const threshold = checked ? Math.max(s.speculationMultiplier * med, s.speculationMinThresholdMs) : NaN;
  const stragglers: Straggler[] = [];
  const spread = logSpread(durations);
  // The scale is estimated from the stage's own tasks, so the z-score is Studentized: a t tail
  // rather than the normal one. The MAD is 37 % as efficient as a standard deviation on normal
  // data, so n durations pin the scale about as well as 0.37 n would: ν = 0.37 (n − 1). A stage of
  // a handful of tasks cannot estimate its spread at all; there ν stays at 5 and the test leans on
  // the scale floor and stragglerOutlierZ, as Spark's own rule leans on its multiplier.
  const zLimit = Math.max(s.stragglerOutlierZ, studentQuantile(tailP, Math.max(5, 0.37 * (durations.length - 1))));
  if (checked) {
    for (const t of g.tasks) {
      // A killed attempt was cut short by Spark (the other copy won, or the job was cancelled): not slow on its own.
      if (t.status === 'KILLED') continue;
      const running = t.status === 'RUNNING' || t.finishTime <= 0;
      const duration = running ? now - t.launchTime : t.finishTime - t.launchTime;
      if (duration > threshold) {
        const z = (Math.log(Math.max(duration, 1)) - spread.medianLog) / spread.scale;
        stragglers.push(toStraggler(t, duration, med, running, z, z > zLimit));
      }
    }
  }
  return {
    stageId: g.stageId,
    stageAttemptId: g.stageAttemptId,
    numTasks,
    successfulTasks: successful,
    minFinishedForCheck: minFinished,
    checked,
    medianSuccessfulMs: med,
    thresholdMs: threshold,
    stragglers,
  };
}

/** Median and robust scale (1.4826 × MAD, floored at 0.05 ≈ 5 %) of the log durations. */
function logSpread(durations: number[]): { medianLog: number; scale: number } {
  if (durations.length === 0) return { medianLog: 0, scale: 1 };
  const logs = durations.map((d) => Math.log(Math.max(d, 1)));
  const m = median(logs);
  const mad = median(logs.map((x) => Math.abs(x - m)));
  return { medianLog: m, scale: Math.max(1.4826 * mad, 0.05) };
}

function toStraggler(t: Task, durationMs: number, med: number, running: boolean, robustZ: number, significant: boolean): Straggler {
  return {
    taskId: t.taskId,
    index: t.index,
    attempt: t.attempt,
    stageId: t.stageId,
    stageAttemptId: t.stageAttemptId,
    executorId: t.executorId,
    host: t.host,
    status: running ? 'RUNNING' : t.status,
    durationMs,
    ratioToMedian: med > 0 ? durationMs / med : Infinity,
    running,
    speculative: t.speculative,
    significant,
    robustZ,
  };
}
