// Indexes the timeline once: per executor lane, tasks packed into slots (a core's worth of
// non-overlapping tasks), each slot's tasks sorted by launch with its longest task remembered,
// so drawing and hit-testing touch only what is visible.
import type { TimelineData } from '../../engine/views/contract.js';

export interface LaneIndex {
  y: number;
  height: number;
  /** Per slot: indices into TimelineData.tasks, ascending launch time. */
  slots: Int32Array[];
  /** Per slot: the longest task, so a window query can start early enough. */
  maxDuration: number[];
}

export interface TimelineIndex {
  data: TimelineData;
  lanes: LaneIndex[];
  totalHeight: number;
  /** Finish time per task; running tasks end at the data's end. */
  end: Float64Array;
  /** Position of each task id in the columns. */
  byTaskId: Map<number, number>;
}

const SLOT_HEIGHT = 6;
const LANE_PAD = 5;
const MAX_SLOTS = 16;

export function buildTimelineIndex(data: TimelineData): TimelineIndex {
  const { tasks } = data;
  const n = tasks.taskId.length;
  const span = data.end - data.start;
  const end = new Float64Array(n);
  const perLane: number[][] = data.lanes.map(() => []);
  const byTaskId = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    end[i] = tasks.finish[i] < 0 ? span : tasks.finish[i];
    perLane[tasks.lane[i]].push(i);
    byTaskId.set(tasks.taskId[i], i);
  }
  const lanes: LaneIndex[] = [];
  let y = 0;
  for (const ids of perLane) {
    ids.sort((a, b) => tasks.launch[a] - tasks.launch[b]);
    const slotEnd: number[] = [];
    const slotTasks: number[][] = [];
    for (const i of ids) {
      let s = slotEnd.findIndex((e) => e <= tasks.launch[i]);
      if (s < 0) {
        if (slotEnd.length < MAX_SLOTS) {
          s = slotEnd.length;
          slotEnd.push(0);
          slotTasks.push([]);
        } else s = slotEnd.indexOf(Math.min(...slotEnd));
      }
      slotEnd[s] = end[i];
      slotTasks[s].push(i);
    }
    const slots = slotTasks.map((list) => Int32Array.from(list));
    const maxDuration = slotTasks.map((list) => list.reduce((m, i) => Math.max(m, end[i] - tasks.launch[i]), 0));
    const height = Math.max(2, slots.length) * SLOT_HEIGHT + LANE_PAD * 2;
    lanes.push({ y, height, slots, maxDuration });
    y += height;
  }
  return { data, lanes, totalHeight: y, end, byTaskId };
}

/** First position in `slot` whose task could still be visible at `t0`. */
export function firstVisible(index: TimelineIndex, slot: Int32Array, maxDuration: number, t0: number): number {
  const launch = index.data.tasks.launch;
  const from = t0 - maxDuration;
  let lo = 0;
  let hi = slot.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (launch[slot[mid]] < from) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The task under (lane, slot, t), if any. */
export function taskAt(index: TimelineIndex, laneNo: number, slotNo: number, t: number, slackMs: number): number | undefined {
  const lane = index.lanes[laneNo];
  const slot = lane?.slots[slotNo];
  if (!slot) return undefined;
  const launch = index.data.tasks.launch;
  let best: number | undefined;
  for (let k = firstVisible(index, slot, lane.maxDuration[slotNo], t - slackMs); k < slot.length; k++) {
    const i = slot[k];
    if (launch[i] > t + slackMs) break;
    if (index.end[i] >= t - slackMs) best = i;
  }
  return best;
}

export { SLOT_HEIGHT, LANE_PAD };
