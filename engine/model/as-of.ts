// The run as it was known at instant t: what the UI's replay scrubber shows and what a live
// predictor may use. Tasks launched by t, those finishing after t shown RUNNING (no metrics or
// end reason yet, as Spark shows a running task); stages, jobs and executors as of t; memory
// samples up to t. One pass over each list; the input is never modified.
import type { Executor, ExecutorMetrics, JobRun, MemorySeries, StageAttempt, Task } from './job-run.js';

export function runAsOf(run: JobRun, t: number): JobRun {
  const tasks: Task[] = [];
  const peaksByExec = new Map<string, ExecutorMetrics>();
  let cut = false;
  for (const task of run.tasks) {
    if (task.launchTime > t) {
      cut = true;
      continue;
    }
    if (task.finishTime > 0 && task.finishTime <= t) {
      tasks.push(task);
      if (task.executorPeaks) raise(peaksByExec, task.executorId, task.executorPeaks);
      continue;
    }
    if (task.finishTime > t) cut = true;
    const running: Task = { ...task, status: 'RUNNING', finishTime: 0, gettingResultTime: 0 };
    delete running.metrics;
    delete running.failure;
    delete running.errorMessage;
    delete running.executorPeaks;
    delete running.resubmitted;
    delete running.accumulatorUpdates;
    tasks.push(running);
  }

  const jobStart = firstJobSubmission(run);
  const stages: StageAttempt[] = [];
  for (const st of run.stages) {
    const known = st.submissionTime ?? jobStart.get(st.stageId);
    // A stage with no time at all is kept as the model had it: nothing says when it appeared.
    if (known === undefined) {
      stages.push(st);
      continue;
    }
    if (known > t) {
      cut = true;
      continue;
    }
    if (st.completionTime !== undefined && st.completionTime <= t) {
      stages.push(st);
      for (const [exec, peaks] of Object.entries(st.executorPeaks)) raise(peaksByExec, exec, peaks);
      continue;
    }
    const submitted = st.submissionTime !== undefined && st.submissionTime <= t;
    if (st.completionTime === undefined && (submitted || st.submissionTime === undefined)) {
      stages.push(st);
      continue;
    }
    cut = true;
    // Active (submitted) or pending (its job had started) at t; peaks and accumulables come at completion.
    const open: StageAttempt = { ...st, status: submitted ? 'ACTIVE' : 'PENDING', executorPeaks: {}, accumulatorUpdates: [] };
    delete open.completionTime;
    delete open.failureReason;
    if (!submitted) {
      delete open.submissionTime;
      delete open.firstTaskLaunchedTime;
    } else if (st.firstTaskLaunchedTime !== undefined && st.firstTaskLaunchedTime > t) {
      delete open.firstTaskLaunchedTime;
    }
    stages.push(open);
  }

  const jobs = [];
  for (const j of run.jobs) {
    if (j.submissionTime !== undefined && j.submissionTime > t) {
      cut = true;
      continue;
    }
    if (j.completionTime !== undefined && j.completionTime > t) {
      cut = true;
      const running = { ...j, status: 'RUNNING' as const };
      delete running.completionTime;
      delete running.failureReason;
      jobs.push(running);
      continue;
    }
    jobs.push(j);
  }

  const executors: Executor[] = [];
  for (const e of run.executors) {
    if (e.addTime > t) {
      cut = true;
      continue;
    }
    if (e.removeTime !== undefined && e.removeTime > t) {
      cut = true;
      const alive: Executor = { ...e };
      delete alive.removeTime;
      delete alive.removeReason;
      executors.push(withPeaks(alive, peaksByExec));
      continue;
    }
    executors.push(cut ? withPeaks(e, peaksByExec) : e);
  }

  const memory: MemorySeries[] = [];
  for (const s of run.memory) {
    const n = countAtOrBefore(s.t, t);
    if (n === s.t.length) memory.push(s);
    else {
      cut = true;
      memory.push({ ...s, t: s.t.slice(0, n), used: s.used.slice(0, n) });
    }
  }

  const attempts = run.application.attempts.map((a) => {
    if (a.endTime > 0 && a.endTime <= t) return a;
    if (a.endTime > t) cut = true;
    return { ...a, endTime: -1, completed: false, lastUpdated: Math.min(a.lastUpdated, t), duration: Math.max(0, t - a.startTime) };
  });

  if (!cut) return run;
  const submitted = new Set(stages.map((s) => s.stageId));
  return {
    ...run,
    source: { ...run.source, inProgress: true },
    application: { ...run.application, attempts },
    jobs,
    stages,
    tasks,
    executors,
    memory,
    hotKeys: run.hotKeys.filter((k) => submitted.has(k.stageId)),
  };
}

function firstJobSubmission(run: JobRun): Map<number, number> {
  const out = new Map<number, number>();
  for (const j of run.jobs) {
    if (j.submissionTime === undefined) continue;
    for (const sid of j.stageIds) {
      const prev = out.get(sid);
      if (prev === undefined || j.submissionTime < prev) out.set(sid, j.submissionTime);
    }
  }
  return out;
}

function raise(byExec: Map<string, ExecutorMetrics>, exec: string, peaks: ExecutorMetrics): void {
  let cur = byExec.get(exec);
  if (!cur) byExec.set(exec, (cur = {}));
  for (const [k, v] of Object.entries(peaks)) if (cur[k] === undefined || v > cur[k]) cur[k] = v;
}

/** Lifetime peaks can only be what was reported by t: task-end and completed-stage peaks. */
function withPeaks(e: Executor, byExec: Map<string, ExecutorMetrics>): Executor {
  const peaks = byExec.get(e.id);
  const out: Executor = { ...e };
  if (peaks) out.peakMemoryMetrics = peaks;
  else delete out.peakMemoryMetrics;
  return out;
}

function countAtOrBefore(sorted: number[], t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
