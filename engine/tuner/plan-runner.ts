// Executes a backlog plan for real: bounded runs that advance the bookmark, one after another
// until nothing is left, or the parallel plan's jobs at once, each on its own predicate and
// under its own bookmark job name. Disjoint predicates and per-job bookmarks are what make the
// union of all outputs every input record exactly once.
import type { BacklogPlan } from './backlog-plan.js';
import type { JobRunner, RunOutcome } from './job-runner.js';

export interface PlanRunOptions {
  mode: 'sequential' | 'parallel';
  /** Bookmark job name of the parallel jobs: `<prefix>-part<N>`. */
  jobNamePrefix: string;
  /** Runs allowed beyond the plan's count, for files that arrive meanwhile (default 2). */
  extraRuns?: number;
  onRun?: (job: number, run: PlanRunStep) => void;
}

export interface PlanRunStep {
  run: number;
  status: RunOutcome['status'];
  cause?: string;
  filesRead: number;
  remainingFiles?: number;
  durationMs: number;
}

export interface PlanJobReport {
  /** 0 for the sequential plan, else the parallel job's index. */
  job: number;
  predicate?: string;
  jobName?: string;
  runs: PlanRunStep[];
  filesRead: number;
  /** Every run succeeded and the last one found nothing left. */
  cleared: boolean;
}

export interface PlanRunReport {
  mode: PlanRunOptions['mode'];
  jobs: PlanJobReport[];
  filesRead: number;
  wallMs: number;
  cleared: boolean;
}

export async function executePlan(runner: JobRunner, plan: BacklogPlan, opts: PlanRunOptions): Promise<PlanRunReport> {
  const started = Date.now();
  const extra = opts.extraRuns ?? 2;
  let jobs: PlanJobReport[];
  if (opts.mode === 'parallel') {
    if (!plan.parallel) throw new Error('the plan has no parallel jobs: give a deadline the sequential plan misses, or run it sequentially');
    jobs = await Promise.all(
      plan.parallel.jobs.map((j) =>
        drain(j.index, j.runs + extra, { predicate: j.predicate, jobName: `${opts.jobNamePrefix}-part${j.index}` }),
      ),
    );
  } else {
    jobs = [await drain(0, plan.sequential.runs + extra, {})];
  }
  return {
    mode: opts.mode,
    jobs,
    filesRead: jobs.reduce((a, j) => a + j.filesRead, 0),
    wallMs: Date.now() - started,
    cleared: jobs.every((j) => j.cleared),
  };

  async function drain(job: number, maxRuns: number, where: { predicate?: string; jobName?: string }): Promise<PlanJobReport> {
    const report: PlanJobReport = { job, ...where, runs: [], filesRead: 0, cleared: false };
    for (let run = 1; run <= maxRuns; run++) {
      const handle = await runner.start({ bound: plan.bound, advanceBookmark: true, ...where });
      const o = await handle.outcome;
      const step: PlanRunStep = { run, status: o.status, cause: o.cause, filesRead: o.filesRead, remainingFiles: o.remainingFiles, durationMs: o.durationMs };
      report.runs.push(step);
      opts.onRun?.(job, step);
      if (o.status !== 'succeeded') return report;
      report.filesRead += o.filesRead;
      if (o.filesRead === 0 || o.remainingFiles === 0) {
        report.cleared = true;
        return report;
      }
    }
    return report;
  }
}
