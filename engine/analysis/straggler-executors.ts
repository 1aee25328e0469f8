// Straggler executors: executors whose share of bad task attempts (stragglers or failures) is out of
// proportion to how many attempts they ran. Each executor is tested against the rate of all the
// other executors with a one-sided binomial tail, P(X ≥ bad | ran, rate of the rest), so an executor
// that ran 3 tasks and failed 1 is not named while one that failed 7 of 9 is. The significance level
// is split across the executors tested (Bonferroni) because we test every executor at once.
import type { Task } from '../model/job-run.js';
import type { DiagnosisSettings } from './settings.js';
import { binomialUpperTail } from './stats.js';

export interface ExecutorTaskRecord {
  executorId: string;
  host: string;
  tasks: number;
  stragglers: number;
  failed: number;
  /** stragglers + failed, an attempt counted once even when it is both. */
  bad: number;
  badRate: number;
  /** The bad rate of all other executors, with a half-task pseudo-count so a spotless rest is not 0. */
  restRate: number;
  pValue: number;
  flagged: boolean;
  taskIds: number[];
}

export interface StragglerExecutorReport {
  /** Executors that ran at least one attempt, most suspicious (lowest p-value) first. */
  executors: ExecutorTaskRecord[];
  flagged: ExecutorTaskRecord[];
  /** The per-executor significance level actually applied (alpha / executors tested). */
  alphaPerExecutor: number;
}

export function findStragglerExecutors(
  tasks: readonly Task[],
  stragglerTaskIds: ReadonlySet<number>,
  s: DiagnosisSettings,
): StragglerExecutorReport {
  const byExec = new Map<string, ExecutorTaskRecord>();
  let totalTasks = 0;
  let totalBad = 0;
  for (const t of tasks) {
    if (t.executorId === 'driver') continue;
    let r = byExec.get(t.executorId);
    if (!r) {
      r = {
        executorId: t.executorId,
        host: t.host,
        tasks: 0,
        stragglers: 0,
        failed: 0,
        bad: 0,
        badRate: 0,
        restRate: 0,
        pValue: 1,
        flagged: false,
        taskIds: [],
      };
      byExec.set(t.executorId, r);
    }
    r.tasks++;
    totalTasks++;
    const isStraggler = stragglerTaskIds.has(t.taskId);
    const isFailed = t.status === 'FAILED';
    if (isStraggler) r.stragglers++;
    if (isFailed) r.failed++;
    if (isStraggler || isFailed) {
      r.bad++;
      totalBad++;
      r.taskIds.push(t.taskId);
    }
  }
  const executors = [...byExec.values()];
  const tested = executors.length;
  const alphaPerExecutor = tested > 0 ? s.executorTestAlpha / tested : s.executorTestAlpha;
  for (const r of executors) {
    r.badRate = r.tasks > 0 ? r.bad / r.tasks : 0;
    const restTasks = totalTasks - r.tasks;
    const restBad = totalBad - r.bad;
    // With a single executor there is nothing to compare against: no verdict.
    if (restTasks <= 0) continue;
    r.restRate = (restBad + 0.5) / (restTasks + 1);
    if (r.bad === 0) continue;
    r.pValue = binomialUpperTail(r.bad, r.tasks, Math.min(r.restRate, 1 - 1e-12));
    r.flagged = r.bad >= s.executorMinBadTasks && r.badRate > r.restRate && r.pValue < alphaPerExecutor;
  }
  executors.sort((a, b) => a.pValue - b.pValue || b.bad - a.bad || compareIds(a.executorId, b.executorId));
  return { executors, flagged: executors.filter((r) => r.flagged), alphaPerExecutor };
}

/** Executor ids are numeric strings in Spark; sort them as numbers when they are. */
export function compareIds(a: string, b: string): number {
  const na = Number(a);
  const nb = Number(b);
  if (Number.isFinite(na) && Number.isFinite(nb)) return na - nb;
  return a < b ? -1 : a > b ? 1 : 0;
}
