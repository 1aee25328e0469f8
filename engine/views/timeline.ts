// Timeline view data: one lane per executor, tasks as columns of numbers (ms since start).
import type { JobRun } from '../model/job-run.js';
import { TASK_STATUS_CODES, type TimelineData, type TimelineLane } from './contract.js';
import { compareIds } from './memory.js';

export function buildTimeline(run: JobRun, span: { start: number; end: number }, stragglers: Set<number>): TimelineData {
  const laneIds = new Map<string, number>();
  const lanes: TimelineLane[] = [];
  const executors = run.executors.filter((e) => e.id !== 'driver').sort((a, b) => compareIds(a.id, b.id));
  const addLane = (id: string, host = '', cores = 0, addTime = span.start, removeTime?: number, removeReason?: string) => {
    laneIds.set(id, lanes.length);
    lanes.push({ executorId: id, host, cores, addTime, removeTime, removeReason });
  };
  for (const e of executors) addLane(e.id, e.host, e.totalCores, e.addTime, e.removeTime, e.removeReason);
  // Local-mode logs run tasks on the driver: give it a lane only when it ran tasks.
  const n = run.tasks.length;
  const cols = {
    taskId: new Array<number>(n),
    lane: new Array<number>(n),
    launch: new Array<number>(n),
    finish: new Array<number>(n),
    status: new Array<number>(n),
    stageId: new Array<number>(n),
    straggler: new Array<number>(n),
  };
  const order = run.tasks.map((_, i) => i).sort((a, b) => run.tasks[a].launchTime - run.tasks[b].launchTime);
  for (let k = 0; k < n; k++) {
    const t = run.tasks[order[k]];
    let lane = laneIds.get(t.executorId);
    if (lane === undefined) {
      addLane(t.executorId, t.host);
      lane = lanes.length - 1;
    }
    cols.taskId[k] = t.taskId;
    cols.lane[k] = lane;
    cols.launch[k] = t.launchTime - span.start;
    cols.finish[k] = t.finishTime > 0 ? t.finishTime - span.start : -1;
    const code = TASK_STATUS_CODES.indexOf(t.status as (typeof TASK_STATUS_CODES)[number]);
    cols.status[k] = code < 0 ? TASK_STATUS_CODES.indexOf('UNKNOWN') : code;
    cols.stageId[k] = t.stageId;
    cols.straggler[k] = stragglers.has(t.taskId) ? 1 : 0;
  }
  return {
    start: span.start,
    end: span.end,
    lanes,
    tasks: cols,
    stages: run.stages.map((s) => ({
      stageId: s.stageId,
      attemptId: s.attemptId,
      name: s.name,
      submissionTime: s.submissionTime,
      completionTime: s.completionTime,
      status: s.status,
    })),
    jobs: run.jobs.map((j) => ({ jobId: j.jobId, name: j.name, submissionTime: j.submissionTime, completionTime: j.completionTime, status: j.status })),
  };
}
