// Straggler executors: executors whose share of failed or straggler task attempts is out of
// proportion to how many attempts they ran. Failures and stragglers are tested separately (a
// stage full of start-up stragglers must not drown an executor that failed every task), each with
// a one-sided binomial tail P(X ≥ bad | ran, baseline rate), so an executor that ran 3 tasks and
// failed 1 is not named while one that failed 7 of 9 is. The baseline is the pooled rate of the
// executors not yet named (step-down: once an executor is named it leaves the baseline, so two bad
// executors do not hide each other). The significance level is split over every test made
// (Bonferroni: 2 tests × executors) because every executor is tested at once.
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
  /**
   * Named executors: the rate of the executors left unnamed, for the test that named it. Others: the
   * baseline of their last test, with a half-task pseudo-count so a spotless rest is not 0.
   */
  restRate: number;
  /** Smaller p-value of the failure and straggler tests. */
  pValue: number;
  /** Which test named it. */
  test?: 'failures' | 'stragglers';
  flagged: boolean;
  taskIds: number[];
}

export interface StragglerExecutorReport {
  /** Executors that ran at least one attempt, most suspicious (lowest p-value) first. */
  executors: ExecutorTaskRecord[];
  flagged: ExecutorTaskRecord[];
  /** The per-test significance level actually applied (alpha / (2 × executors tested)). */
  alphaPerExecutor: number;
}

export function findStragglerExecutors(
  tasks: readonly Task[],
  stragglerTaskIds: ReadonlySet<number>,
  s: DiagnosisSettings,
): StragglerExecutorReport {
  const byExec = new Map<string, ExecutorTaskRecord>();
  for (const t of tasks) {
    if (t.status === 'KILLED') continue;
    let r = byExec.get(t.executorId);
    if (!r) {
      r = { executorId: t.executorId, host: t.host, tasks: 0, stragglers: 0, failed: 0, bad: 0, badRate: 0, restRate: 0, pValue: 1, flagged: false, taskIds: [] };
      byExec.set(t.executorId, r);
    }
    r.tasks++;
    const isStraggler = stragglerTaskIds.has(t.taskId);
    const isFailed = t.status === 'FAILED';
    if (isStraggler) r.stragglers++;
    if (isFailed) r.failed++;
    if (isStraggler || isFailed) {
      r.bad++;
      r.taskIds.push(t.taskId);
    }
  }
  const executors = [...byExec.values()];
  for (const r of executors) r.badRate = r.tasks > 0 ? r.bad / r.tasks : 0;
  const alpha = executors.length > 0 ? s.executorTestAlpha / (2 * executors.length) : s.executorTestAlpha;
  // With a single executor there is nothing to compare against: no verdict.
  if (executors.length >= 2) {
    for (let changed = true; changed; ) {
      changed = false;
      const base = executors.filter((r) => !r.flagged);
      const tot = { tasks: 0, failed: 0, stragglers: 0 };
      for (const r of base) {
        tot.tasks += r.tasks;
        tot.failed += r.failed;
        tot.stragglers += r.stragglers;
      }
      for (const r of base) {
        const restTasks = tot.tasks - r.tasks;
        if (restTasks <= 0) continue;
        const failRate = (tot.failed - r.failed + 0.5) / (restTasks + 1);
        const slowRate = (tot.stragglers - r.stragglers + 0.5) / (restTasks + 1);
        const pFail = r.failed > 0 ? binomialUpperTail(r.failed, r.tasks, Math.min(failRate, 1 - 1e-12)) : 1;
        const pSlow = r.stragglers > 0 ? binomialUpperTail(r.stragglers, r.tasks, Math.min(slowRate, 1 - 1e-12)) : 1;
        const failHit = r.failed >= s.executorMinBadTasks && r.failed / r.tasks > failRate && pFail < alpha;
        const slowHit = r.stragglers >= s.executorMinBadTasks && r.stragglers / r.tasks > slowRate && pSlow < alpha;
        r.pValue = Math.min(pFail, pSlow);
        r.restRate = pSlow < pFail ? slowRate : failRate;
        if (failHit || slowHit) {
          r.flagged = true;
          r.test = failHit && (!slowHit || pFail <= pSlow) ? 'failures' : 'stragglers';
          r.restRate = r.test === 'failures' ? failRate : slowRate;
          changed = true;
        }
      }
    }
  }
  // Report each named executor against the executors left unnamed: the cleanest comparison.
  const unnamed = executors.filter((r) => !r.flagged);
  const clean = { tasks: 0, failed: 0, stragglers: 0 };
  for (const r of unnamed) {
    clean.tasks += r.tasks;
    clean.failed += r.failed;
    clean.stragglers += r.stragglers;
  }
  for (const r of executors) {
    if (!r.flagged || clean.tasks === 0) continue;
    r.restRate = (r.test === 'failures' ? clean.failed : clean.stragglers) / clean.tasks;
  }
  executors.sort((a, b) => a.pValue - b.pValue || b.bad - a.bad || compareIds(a.executorId, b.executorId));
  return { executors, flagged: executors.filter((r) => r.flagged), alphaPerExecutor: alpha };
}

/** Executor ids are numeric strings in Spark; sort them as numbers when they are. */
export function compareIds(a: string, b: string): number {
  const na = Number(a);
  const nb = Number(b);
  if (Number.isFinite(na) && Number.isFinite(nb)) return na - nb;
  return a < b ? -1 : a > b ? 1 : 0;
}
