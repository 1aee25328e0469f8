// Overview data: the application, its outcome, counts, heap peak and activity. No analysis here,
// so the overview follows the replay scrubber at once; findings and risk come from `findings`.
import type { JobRun } from '../model/job-run.js';
import type { OverviewData, RunInfo } from './contract.js';
import type { MemoryView } from '../analysis/memory.js';

const ACTIVITY_POINTS = 160;

export function buildOverview(run: JobRun, info: RunInfo, asOf: number, memory: MemoryView[]): OverviewData {
  const attempt = run.application.attempts.at(-1);
  const counts = {
    jobs: run.jobs.length,
    failedJobs: run.jobs.filter((j) => j.status === 'FAILED').length,
    stages: run.stages.length,
    failedStages: run.stages.filter((s) => s.status === 'FAILED').length,
    tasks: run.tasks.length,
    failedTasks: 0,
    killedTasks: 0,
    runningTasks: 0,
    executors: run.executors.filter((e) => e.id !== 'driver').length,
    lostExecutors: run.executors.filter((e) => e.id !== 'driver' && e.removeTime !== undefined && e.removeTime > 0 && e.removeTime <= asOf).length,
  };
  for (const t of run.tasks) {
    if (t.status === 'FAILED') counts.failedTasks++;
    else if (t.status === 'KILLED') counts.killedTasks++;
    else if (t.status === 'RUNNING') counts.runningTasks++;
  }
  let peakHeap: OverviewData['peakHeap'];
  for (const v of memory) {
    if (!(v.peakBytes > 0) || v.peakTime === undefined) continue;
    const frac = v.peakFraction ?? 0;
    const best = peakHeap ? (peakHeap.limitBytes ? peakHeap.bytes / peakHeap.limitBytes : 0) : -1;
    if (frac > best || (frac === best && v.peakBytes > (peakHeap?.bytes ?? -1)))
      peakHeap = { executorId: v.executorId, bytes: v.peakBytes, limitBytes: v.limitBytes, time: v.peakTime };
  }
  const end = Math.min(asOf, info.endTime);
  return {
    run: info,
    asOf,
    sparkVersion: run.sparkVersion ?? attempt?.appSparkVersion,
    sparkUser: attempt?.sparkUser,
    duration: Math.max(0, end - info.startTime),
    counts,
    peakHeap,
    activity: runningOverTime(run, info.startTime, end),
  };
}

function runningOverTime(run: JobRun, start: number, end: number): { t: number[]; running: number[] } {
  const span = Math.max(1, end - start);
  const step = span / ACTIVITY_POINTS;
  const delta = new Array<number>(ACTIVITY_POINTS + 1).fill(0);
  for (const task of run.tasks) {
    const from = Math.floor((task.launchTime - start) / step);
    const to = Math.ceil(((task.finishTime > 0 ? task.finishTime : end) - start) / step);
    if (to < 0 || from > ACTIVITY_POINTS) continue;
    delta[Math.max(0, from)]++;
    delta[Math.min(ACTIVITY_POINTS, Math.max(to, from + 1))]--;
  }
  const t: number[] = [];
  const running: number[] = [];
  let level = 0;
  for (let i = 0; i < ACTIVITY_POINTS; i++) {
    level += delta[i];
    t.push(start + i * step);
    running.push(level);
  }
  return { t, running };
}
