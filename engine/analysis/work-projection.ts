// When will the work end? "tasks left × typical task time", spread over the task slots alive.
// Each stage is priced with its own typical (median) task time so far, since a scan's tasks and a
// join's can differ by an order of magnitude; a stage with no finished task yet borrows the run's.
// Built once per run and then asked at any instant t, so OOM risk can be replayed sample by
// sample without rebuilding the run at each point (which would be quadratic).
import type { JobRun } from '../model/job-run.js';
import { upperBound } from './stats.js';

export interface WorkTimeline {
  /** Projected end of the known work as seen at t, or undefined when no work is known (e.g. the driver still listing). */
  projectedEndAt(t: number): number | undefined;
  /** Tasks known (their stage submitted or its job started) and not yet succeeded at t. */
  tasksLeftAt(t: number): number;
  /** When the application started (for a horizon when no work is known). */
  startTime: number;
  /** When the application ended, if it did. */
  endTime?: number;
}

export function buildWorkTimeline(run: JobRun): WorkTimeline {
  const attempt = run.application.attempts[run.application.attempts.length - 1];
  const endTime = attempt && attempt.endTime > 0 ? attempt.endTime : undefined;

  // Indexed on first use: a finished run answers from its end time alone, without sorting its tasks.
  let index: ReturnType<typeof indexWork> | undefined;
  const indexed = () => (index ??= indexWork(run));
  const tasksLeftAt = (t: number): number => {
    const { knownT, knownCum, doneT } = indexed();
    const k = upperBound(knownT, t);
    const d = upperBound(doneT, t);
    return Math.max(0, (k > 0 ? knownCum[k - 1] : 0) - d);
  };
  return {
    startTime: attempt?.startTime ?? 0,
    endTime,
    tasksLeftAt,
    projectedEndAt(t: number) {
      if (endTime !== undefined && t >= endTime) return endTime;
      if (tasksLeftAt(t) === 0) return undefined;
      const { doneT, typical, stages, slotT, slotCum } = indexed();
      const d = upperBound(doneT, t);
      let work = 0;
      for (const st of stages) {
        if (st.t > t) continue;
        const ds = upperBound(st.doneT, t);
        const left = st.n - ds;
        if (left <= 0) continue;
        // Before any task has finished, nothing says how long a task takes.
        const typ = ds > 0 ? st.typical[ds - 1] : d > 0 ? typical[d - 1] : undefined;
        if (typ === undefined) return undefined;
        work += left * typ;
      }
      const s = upperBound(slotT, t);
      const alive = Math.max(1, s > 0 ? slotCum[s - 1] : 1);
      return t + work / alive;
    },
  };
}

function indexWork(run: JobRun) {
  const jobStart = new Map<number, number>();
  for (const j of run.jobs) if (j.submissionTime !== undefined) for (const sid of j.stageIds) {
    const prev = jobStart.get(sid);
    if (prev === undefined || j.submissionTime < prev) jobStart.set(sid, j.submissionTime);
  }
  // Tasks become known when their stage attempt is submitted, or for a first attempt when its job starts.
  const known: { t: number; n: number }[] = [];
  const stages: { t: number; n: number; doneT: number[]; typical: number[] }[] = [];
  // Keyed by a number, as the folder keys stage attempts: no key string built per task.
  const attemptKey = (stageId: number, attemptId: number) => stageId * 100_000 + attemptId;
  const stageByKey = new Map<number, { doneT: number[]; d: number[] }>();
  for (const st of run.stages) {
    if (st.status === 'SKIPPED') continue;
    const t = st.attemptId === 0 ? Math.min(st.submissionTime ?? Infinity, jobStart.get(st.stageId) ?? Infinity) : st.submissionTime;
    if (t === undefined || !Number.isFinite(t)) continue;
    known.push({ t, n: st.numTasks });
    stageByKey.set(attemptKey(st.stageId, st.attemptId), { doneT: [], d: [] });
  }
  const succeeded = run.tasks.filter((t) => t.status === 'SUCCESS' && t.finishTime > 0).sort((a, b) => a.finishTime - b.finishTime);
  for (const task of succeeded) {
    const e = stageByKey.get(attemptKey(task.stageId, task.stageAttemptId));
    if (e) {
      e.doneT.push(task.finishTime);
      e.d.push(task.finishTime - task.launchTime);
    }
  }
  for (const st of run.stages) {
    const e = stageByKey.get(attemptKey(st.stageId, st.attemptId));
    if (!e) continue;
    const t = st.attemptId === 0 ? Math.min(st.submissionTime ?? Infinity, jobStart.get(st.stageId) ?? Infinity) : (st.submissionTime as number);
    stages.push({ t, n: st.numTasks, doneT: e.doneT, typical: runningMedians(e.d) });
  }
  known.sort((a, b) => a.t - b.t);
  const knownT = known.map((k) => k.t);
  const knownCum: number[] = [];
  let acc = 0;
  for (const k of known) knownCum.push((acc += k.n));

  const doneT = succeeded.map((t) => t.finishTime);
  const typical = runningMedians(succeeded.map((t) => t.finishTime - t.launchTime));

  const slotEvents: { t: number; delta: number }[] = [];
  // In local mode the driver is the only executor and runs the tasks itself.
  const workers = run.executors.some((e) => e.id !== 'driver') ? run.executors.filter((e) => e.id !== 'driver') : run.executors;
  for (const e of workers) {
    const cores = Math.max(1, e.totalCores);
    slotEvents.push({ t: e.addTime, delta: cores });
    if (e.removeTime !== undefined) slotEvents.push({ t: e.removeTime, delta: -cores });
  }
  slotEvents.sort((a, b) => a.t - b.t);
  const slotT = slotEvents.map((e) => e.t);
  const slotCum: number[] = [];
  let slots = 0;
  for (const e of slotEvents) slotCum.push((slots += e.delta));

  return { knownT, knownCum, doneT, typical, stages, slotT, slotCum };
}

/** medians[i] = median of the first i+1 values (two heaps, O(n log n)). */
function runningMedians(values: number[]): number[] {
  const low = new Heap((a, b) => b - a); // max-heap
  const high = new Heap((a, b) => a - b); // min-heap
  const out: number[] = [];
  for (const v of values) {
    if (low.size === 0 || v <= low.peek()) low.push(v);
    else high.push(v);
    if (low.size > high.size + 1) high.push(low.pop());
    else if (high.size > low.size) low.push(high.pop());
    out.push(low.size > high.size ? low.peek() : (low.peek() + high.peek()) / 2);
  }
  return out;
}

class Heap {
  private a: number[] = [];
  constructor(private readonly cmp: (x: number, y: number) => number) {}
  get size(): number {
    return this.a.length;
  }
  peek(): number {
    return this.a[0];
  }
  push(v: number): void {
    const a = this.a;
    a.push(v);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.cmp(a[i], a[p]) >= 0) break;
      const x = a[i];
      a[i] = a[p];
      a[p] = x;
      i = p;
    }
  }
  pop(): number {
    const a = this.a;
    const top = a[0];
    const last = a.pop() as number;
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.cmp(a[l], a[m]) < 0) m = l;
        if (r < a.length && this.cmp(a[r], a[m]) < 0) m = r;
        if (m === i) break;
        const x = a[i];
        a[i] = a[m];
        a[m] = x;
        i = m;
      }
    }
    return top;
  }
}
