// Failures of tasks, executors, stages and jobs, each with a cause; task attempts counted per
// task index as Spark's TaskSetManager counts them against spark.task.maxFailures.
import type { JobRun, Task } from '../model/job-run.js';
import type { DiagnosisSettings } from './settings.js';
import {
  classifyFailureText,
  exitCodeOf,
  explainExitCode,
  FAILURE_CAUSES,
  firstLine,
  isBenignRemoval,
  type FailureCause,
} from './failure-cause.js';
import { compareIds } from './straggler-executors.js';

export interface TaskFailureRecord {
  taskId: number;
  stageId: number;
  stageAttemptId: number;
  index: number;
  attempt: number;
  executorId: string;
  host: string;
  time: number;
  /** Spark's TaskEndReason class (ExceptionFailure, ExecutorLostFailure, FetchFailed, TaskKilled, ...). */
  reason: string;
  cause: FailureCause;
  message: string;
  /** Whether Spark counts it towards spark.task.maxFailures. */
  countsTowardsMaxFailures: boolean;
}

export interface ExecutorLossRecord {
  executorId: string;
  host: string;
  time: number;
  cause: FailureCause;
  exitCode?: number;
  message: string;
  explanation?: string;
}

export interface StageFailureRecord {
  stageId: number;
  stageAttemptId: number;
  time?: number;
  cause: FailureCause;
  message: string;
}

export interface JobFailureRecord {
  jobId: number;
  time?: number;
  cause: FailureCause;
  message: string;
  /** "Task 3 in stage 2.0 failed 4 times": the task index that exhausted its attempts, when the message says. */
  exhaustedTask?: { stageId: number; stageAttemptId: number; index: number; failures: number };
}

export interface TaskIndexAttempts {
  stageId: number;
  stageAttemptId: number;
  index: number;
  attempts: number;
  /** Failures that count towards spark.task.maxFailures. */
  failures: number;
  causes: FailureCause[];
  executorIds: string[];
  succeeded: boolean;
  /** failures ≥ the run's spark.task.maxFailures: Spark aborts the stage and fails the job. */
  exhausted: boolean;
}

export interface FirstFailure {
  time: number;
  kind: 'task' | 'executor' | 'stage' | 'job';
  cause: FailureCause;
  message: string;
  executorId?: string;
  host?: string;
  stageId?: number;
  taskId?: number;
  jobId?: number;
}

export interface ExecutorFailureCount {
  executorId: string;
  tasks: number;
  failed: number;
}

export interface FailureReport {
  tasks: TaskFailureRecord[];
  executors: ExecutorLossRecord[];
  stages: StageFailureRecord[];
  jobs: JobFailureRecord[];
  /** Task indexes that needed more than one attempt or failed, in stage order. */
  retried: TaskIndexAttempts[];
  exhausted: TaskIndexAttempts[];
  first?: FirstFailure;
  /** Failed task attempts (killed ones excluded) and failed executors, per cause. */
  byCause: Record<FailureCause, number>;
  perExecutor: ExecutorFailureCount[];
  maxFailures: number;
}

function countsTowardsMaxFailures(t: Task): boolean {
  const r = t.failure?.reason ?? 'UnknownReason';
  if (r === 'TaskKilled' || r === 'TaskCommitDenied' || r === 'FetchFailed' || r === 'Resubmitted') return false;
  if (r === 'ExecutorLostFailure') return t.failure?.causedByApp !== false;
  return true;
}

function taskFailureText(t: Task): string {
  const f = t.failure;
  return [f?.className, f?.description, f?.lossReason, t.errorMessage, f?.stackTrace?.split('\n').slice(0, 3).join('\n')]
    .filter((x): x is string => !!x)
    .join('\n');
}

/** Spark's own limit for this run: the property, else local mode's (local[N] = 1, local[N,F] = F), else the setting. */
export function effectiveMaxFailures(run: JobRun, s: DiagnosisSettings): { value: number; why: string } {
  const props = run.environment.sparkProperties;
  const set = Number(props['spark.task.maxFailures']);
  if (Number.isFinite(set) && set > 0) return { value: set, why: '' };
  const local = /^local(?:\[\s*[^,\]]*\s*(?:,\s*(\d+)\s*)?\])?$/.exec(props['spark.master'] ?? '');
  if (local) return { value: local[1] ? Number(local[1]) : 1, why: ' in local mode' };
  return { value: s.maxFailures, why: '' };
}

export function findFailures(run: JobRun, s: DiagnosisSettings): FailureReport {
  const maxFailures = effectiveMaxFailures(run, s).value;
  const byCause = Object.fromEntries(FAILURE_CAUSES.map((c) => [c, 0])) as Record<FailureCause, number>;
  const tasks: TaskFailureRecord[] = [];
  // In first-seen order; looked up by stage attempt, then index (numbers: no key string per task).
  const indexes: TaskIndexAttempts[] = [];
  const indexesByAttempt = new Map<number, Map<number, TaskIndexAttempts>>();
  const perExec = new Map<string, ExecutorFailureCount>();

  // Attempts are counted per index only in stage attempts where something failed or was retried:
  // building a record for every task of a healthy 100k-task run would be wasted work.
  const troubled = new Map<number, Set<number>>();
  for (const t of run.tasks) {
    if (t.status !== 'FAILED' && t.status !== 'KILLED' && t.attempt === 0) continue;
    let set = troubled.get(t.stageId);
    if (!set) troubled.set(t.stageId, (set = new Set()));
    set.add(t.stageAttemptId);
  }
  for (const t of run.tasks) {
    let pe = perExec.get(t.executorId);
    if (!pe) perExec.set(t.executorId, (pe = { executorId: t.executorId, tasks: 0, failed: 0 }));
    pe.tasks++;
    if (!troubled.get(t.stageId)?.has(t.stageAttemptId)) continue;
    const attemptKey = t.stageId * 100_000 + t.stageAttemptId;
    let byIndex = indexesByAttempt.get(attemptKey);
    if (!byIndex) indexesByAttempt.set(attemptKey, (byIndex = new Map()));
    let ia = byIndex.get(t.index);
    if (!ia) {
      ia = {
        stageId: t.stageId,
        stageAttemptId: t.stageAttemptId,
        index: t.index,
        attempts: 0,
        failures: 0,
        causes: [],
        executorIds: [],
        succeeded: false,
        exhausted: false,
      };
      byIndex.set(t.index, ia);
      indexes.push(ia);
    }
    ia.attempts++;
    if (t.status === 'SUCCESS') ia.succeeded = true;
    if (t.status !== 'FAILED' && t.status !== 'KILLED') continue;
    const reason = t.failure?.reason ?? (t.status === 'KILLED' ? 'TaskKilled' : 'UnknownReason');
    const text = taskFailureText(t);
    const cause = classifyFailureText(text, t.executorId === 'driver' ? 'driver' : 'executor', reason);
    const counts = t.status === 'FAILED' && countsTowardsMaxFailures(t);
    tasks.push({
      taskId: t.taskId,
      stageId: t.stageId,
      stageAttemptId: t.stageAttemptId,
      index: t.index,
      attempt: t.attempt,
      executorId: t.executorId,
      host: t.host,
      time: t.finishTime,
      reason,
      cause,
      message: firstLine(t.failure?.description ? `${t.failure.className ?? reason}: ${t.failure.description}` : text || reason),
      countsTowardsMaxFailures: counts,
    });
    if (cause !== 'killed') {
      byCause[cause]++;
      pe.failed++;
    }
    if (counts) ia.failures++;
    ia.causes.push(cause);
    ia.executorIds.push(t.executorId);
  }

  const executors: ExecutorLossRecord[] = [];
  for (const e of run.executors) {
    if (e.removeTime === undefined || isBenignRemoval(e.removeReason)) continue;
    const text = e.removeReason ?? '';
    const cause = classifyFailureText(text, e.id === 'driver' ? 'driver' : 'executor', 'ExecutorLostFailure');
    const exitCode = exitCodeOf(text);
    executors.push({
      executorId: e.id,
      host: e.host,
      time: e.removeTime,
      cause,
      exitCode,
      message: firstLine(text),
      explanation: exitCode !== undefined ? explainExitCode(exitCode) : undefined,
    });
    byCause[cause]++;
  }

  const stages: StageFailureRecord[] = [];
  for (const st of run.stages) {
    if (st.status !== 'FAILED' || !st.failureReason) continue;
    stages.push({
      stageId: st.stageId,
      stageAttemptId: st.attemptId,
      time: st.completionTime,
      cause: classifyAbort(st.failureReason),
      message: firstLine(st.failureReason, 300),
    });
  }

  const jobs: JobFailureRecord[] = [];
  for (const j of run.jobs) {
    if (j.status !== 'FAILED') continue;
    const msg = j.failureReason ?? '';
    const m = /Task (\d+) in stage (\d+)\.(\d+) failed (\d+) times/.exec(msg);
    jobs.push({
      jobId: j.jobId,
      time: j.completionTime,
      cause: classifyAbort(msg),
      message: firstLine(msg, 300),
      exhaustedTask: m
        ? { index: Number(m[1]), stageId: Number(m[2]), stageAttemptId: Number(m[3]), failures: Number(m[4]) }
        : undefined,
    });
  }

  const retried: TaskIndexAttempts[] = [];
  for (const ia of indexes) {
    ia.exhausted = ia.failures >= maxFailures;
    if (ia.attempts > 1 || ia.failures > 0) retried.push(ia);
  }
  retried.sort((a, b) => a.stageId - b.stageId || a.stageAttemptId - b.stageAttemptId || a.index - b.index);

  return {
    tasks,
    executors,
    stages,
    jobs,
    retried,
    exhausted: retried.filter((r) => r.exhausted),
    first: firstFailure(tasks, executors, stages, jobs),
    byCause,
    perExecutor: [...perExec.values()].sort((a, b) => compareIds(a.executorId, b.executorId)),
    maxFailures,
  };
}

/**
 * A stage or job abort message names the task failure that caused it after "most recent failure:";
 * the cause is that failure's. Without one, an OOM in the message is the driver's own.
 */
function classifyAbort(message: string): FailureCause {
  const recent = /most recent failure: (?:Lost task [^:]*\):?\s*)?([\s\S]*)/.exec(message);
  if (recent) {
    const reasonMatch = /^(ExecutorLostFailure)/.exec(recent[1]);
    return classifyFailureText(recent[1], 'executor', reasonMatch?.[1]);
  }
  return classifyFailureText(message, 'driver');
}

function firstFailure(
  tasks: TaskFailureRecord[],
  executors: ExecutorLossRecord[],
  stages: StageFailureRecord[],
  jobs: JobFailureRecord[],
): FirstFailure | undefined {
  let best: FirstFailure | undefined;
  const consider = (f: FirstFailure) => {
    if (f.time > 0 && (!best || f.time < best.time)) best = f;
  };
  for (const t of tasks) {
    if (t.cause === 'killed') continue;
    consider({ time: t.time, kind: 'task', cause: t.cause, message: t.message, executorId: t.executorId, host: t.host, stageId: t.stageId, taskId: t.taskId });
  }
  for (const e of executors) consider({ time: e.time, kind: 'executor', cause: e.cause, message: e.message, executorId: e.executorId, host: e.host });
  for (const st of stages) if (st.time !== undefined) consider({ time: st.time, kind: 'stage', cause: st.cause, message: st.message, stageId: st.stageId });
  for (const j of jobs) if (j.time !== undefined) consider({ time: j.time, kind: 'job', cause: j.cause, message: j.message, jobId: j.jobId });
  return best;
}
