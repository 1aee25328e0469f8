// Draws the visible part of the timeline on a canvas: lanes, task bars by status, straggler
// outlines, executor added/removed markers, job and stage boundaries, the replay time.
import type { TimelineIndex } from './timeline-index.js';
import { firstVisible, LANE_PAD, SLOT_HEIGHT } from './timeline-index.js';
import { OKABE_ITO, STATUS_COLOURS } from '../palette.js';
import { offset } from '../format.js';

export interface Viewport {
  /** Visible window, ms since the data's start. */
  t0: number;
  t1: number;
  scrollY: number;
  width: number;
  height: number;
}

export const GUTTER = 132;
export const RULER = 40;

const RUNNING = 3;

export interface DrawOptions {
  /** Replay time, ms since start: later launches are hidden and unfinished tasks drawn as running. */
  asOf: number;
  selectedTask?: number;
  hoverTask?: number;
  focusLane?: number;
  /** While replaying: the stragglers as known at asOf (by task id), instead of the whole run's. */
  stragglers?: Set<number>;
}

function niceStep(spanMs: number, px: number): number {
  const target = (spanMs / px) * 110;
  const steps = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000];
  return steps.find((s) => s >= target) ?? 7_200_000 * Math.ceil(target / 7_200_000);
}

export function drawTimeline(ctx: CanvasRenderingContext2D, index: TimelineIndex, v: Viewport, o: DrawOptions): void {
  const { data } = index;
  const tasks = data.tasks;
  const plotW = v.width - GUTTER;
  const k = plotW / Math.max(1e-6, v.t1 - v.t0);
  const xOf = (t: number) => GUTTER + (t - v.t0) * k;

  ctx.fillStyle = '#0f1720';
  ctx.fillRect(0, 0, v.width, v.height);

  // Lanes.
  ctx.save();
  ctx.beginPath();
  ctx.rect(0, RULER, v.width, v.height - RULER);
  ctx.clip();
  const top = Math.round(v.scrollY);
  const bottom = v.scrollY + v.height - RULER;
  let firstLane = 0;
  while (firstLane < index.lanes.length && index.lanes[firstLane].y + index.lanes[firstLane].height < top) firstLane++;
  const highlights: [number, number, number, number, number][] = [];
  for (let l = firstLane; l < index.lanes.length; l++) {
    const lane = index.lanes[l];
    if (lane.y > bottom) break;
    const laneTop = RULER + lane.y - top;
    const info = data.lanes[l];
    ctx.fillStyle = l === o.focusLane ? '#1d2d3d' : l % 2 ? '#121c26' : '#0f1720';
    ctx.fillRect(GUTTER, laneTop, plotW, lane.height);
    // Before the executor joined and after it left, the lane is hatched grey.
    const added = info.addTime - data.start;
    if (added > v.t0) {
      ctx.fillStyle = 'rgba(255,255,255,0.03)';
      ctx.fillRect(GUTTER, laneTop, Math.min(plotW, xOf(added) - GUTTER), lane.height);
    }
    if (info.removeTime !== undefined && info.removeTime - data.start <= o.asOf) {
      const x = Math.max(GUTTER, xOf(info.removeTime - data.start));
      ctx.fillStyle = 'rgba(213,94,0,0.10)';
      ctx.fillRect(x, laneTop, v.width - x, lane.height);
    }
    // One path per status per lane, filled once: switching fillStyle per task costs more than the rectangles.
    const bars = STATUS_COLOURS.map(() => new Path2D());
    const outlines = new Path2D();
    for (let s = 0; s < lane.slots.length; s++) {
      const slot = lane.slots[s];
      const y = laneTop + LANE_PAD + s * SLOT_HEIGHT;
      // Back-to-back narrow tasks of one status merge into one bar: at this zoom their borders
      // are below a pixel, and one rectangle per run keeps frames cheap with 100,000 tasks.
      let runStatus = -1;
      let runX0 = 0;
      let runX1 = -Infinity;
      const flush = () => {
        if (runStatus >= 0) bars[runStatus].rect(runX0, y, Math.max(1, runX1 - runX0), SLOT_HEIGHT - 1);
        runStatus = -1;
      };
      for (let q = firstVisible(index, slot, lane.maxDuration[s], v.t0); q < slot.length; q++) {
        const i = slot[q];
        const launch = tasks.launch[i];
        if (launch > v.t1 || launch > o.asOf) break;
        let finish = index.end[i];
        let status = tasks.status[i];
        if (tasks.finish[i] < 0 || finish > o.asOf) {
          finish = Math.min(o.asOf, finish);
          status = RUNNING;
        }
        if (finish < v.t0) continue;
        // Whole pixels: axis-aligned integer rectangles rasterise without anti-aliasing work.
        const x0 = Math.round(Math.max(GUTTER, xOf(launch)));
        const x1 = Math.round(Math.min(v.width, xOf(finish)));
        const narrow = x1 - x0 < 3;
        if (narrow && status === runStatus && x0 - runX1 < 1) runX1 = Math.max(runX1, x1);
        else {
          flush();
          if (narrow) {
            runStatus = status;
            runX0 = x0;
            runX1 = Math.max(x1, x0 + 1);
          } else bars[status].rect(x0, y, Math.max(1, x1 - x0 - 1), SLOT_HEIGHT - 1);
        }
        if (o.stragglers ? o.stragglers.has(tasks.taskId[i]) : tasks.straggler[i]) outlines.rect(x0 - 0.5, y - 0.5, Math.max(1, x1 - x0) + 1, SLOT_HEIGHT);
        if (i === o.selectedTask || i === o.hoverTask) highlights.push([x0 - 1, y - 1, Math.max(1, x1 - x0) + 2, SLOT_HEIGHT + 1, i === o.selectedTask ? 2 : 1]);
      }
      flush();
    }
    bars.forEach((path, status) => {
      ctx.fillStyle = STATUS_COLOURS[status];
      ctx.fill(path);
    });
    ctx.strokeStyle = OKABE_ITO.yellow;
    ctx.lineWidth = 1;
    ctx.stroke(outlines);
    // Executor added / removed markers.
    if (added >= v.t0 && added <= v.t1 && added <= o.asOf) {
      const x = xOf(added);
      ctx.fillStyle = OKABE_ITO.bluishGreen;
      ctx.beginPath();
      ctx.moveTo(x, laneTop + 2);
      ctx.lineTo(x + 6, laneTop + lane.height / 2);
      ctx.lineTo(x, laneTop + lane.height - 2);
      ctx.fill();
    }
    if (info.removeTime !== undefined) {
      const r = info.removeTime - data.start;
      if (r >= v.t0 && r <= v.t1 && r <= o.asOf) {
        const x = xOf(r);
        const cy = laneTop + lane.height / 2;
        ctx.strokeStyle = OKABE_ITO.vermillion;
        ctx.lineWidth = 2.5;
        ctx.beginPath();
        ctx.moveTo(x - 5, cy - 5);
        ctx.lineTo(x + 5, cy + 5);
        ctx.moveTo(x + 5, cy - 5);
        ctx.lineTo(x - 5, cy + 5);
        ctx.stroke();
      }
    }
    ctx.strokeStyle = '#1e2a36';
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(0, laneTop + lane.height - 0.5);
    ctx.lineTo(v.width, laneTop + lane.height - 0.5);
    ctx.stroke();
  }

  ctx.strokeStyle = '#ffffff';
  for (const [x, y, w, h, lw] of highlights) {
    ctx.lineWidth = lw;
    ctx.strokeRect(x, y, w, h);
  }

  // Stage and job boundaries across all lanes.
  ctx.lineWidth = 1;
  for (const s of data.stages) {
    if (s.submissionTime === undefined) continue;
    const t = s.submissionTime - data.start;
    if (t < v.t0 || t > v.t1 || t > o.asOf) continue;
    ctx.strokeStyle = 'rgba(86,180,233,0.28)';
    ctx.setLineDash([3, 4]);
    ctx.beginPath();
    ctx.moveTo(xOf(t) + 0.5, RULER);
    ctx.lineTo(xOf(t) + 0.5, v.height);
    ctx.stroke();
  }
  ctx.setLineDash([]);
  for (const j of data.jobs) {
    for (const at of [j.submissionTime, j.completionTime]) {
      if (at === undefined) continue;
      const t = at - data.start;
      if (t < v.t0 || t > v.t1 || t > o.asOf) continue;
      ctx.strokeStyle = 'rgba(230,159,0,0.55)';
      ctx.beginPath();
      ctx.moveTo(xOf(t) + 0.5, RULER);
      ctx.lineTo(xOf(t) + 0.5, v.height);
      ctx.stroke();
    }
  }
  ctx.restore();

  // Gutter with lane labels.
  ctx.fillStyle = '#0b1219';
  ctx.fillRect(0, RULER, GUTTER, v.height - RULER);
  ctx.save();
  ctx.beginPath();
  ctx.rect(0, RULER, GUTTER, v.height - RULER);
  ctx.clip();
  ctx.font = '11px ui-monospace, SFMono-Regular, Menlo, monospace';
  ctx.textBaseline = 'middle';
  for (let l = firstLane; l < index.lanes.length; l++) {
    const lane = index.lanes[l];
    if (lane.y > bottom) break;
    const info = data.lanes[l];
    const cy = RULER + lane.y - top + lane.height / 2;
    const removed = info.removeTime !== undefined && info.removeTime - data.start <= o.asOf;
    ctx.fillStyle = l === o.focusLane ? '#ffffff' : removed ? OKABE_ITO.vermillion : '#c9d6e2';
    const label = info.executorId === 'driver' ? 'driver' : `exec ${info.executorId}`;
    ctx.fillText(`${removed ? '✕ ' : ''}${label}`, 8, lane.height > 22 ? cy - 6 : cy);
    if (lane.height > 22) {
      ctx.fillStyle = '#6f8294';
      ctx.fillText(info.host.split('.')[0].slice(0, 17), 8, cy + 7);
    }
  }
  ctx.restore();

  // Ruler: time ticks, job labels, replay time.
  ctx.fillStyle = '#0b1219';
  ctx.fillRect(0, 0, v.width, RULER);
  ctx.strokeStyle = '#263442';
  ctx.beginPath();
  ctx.moveTo(0, RULER - 0.5);
  ctx.lineTo(v.width, RULER - 0.5);
  ctx.stroke();
  const step = niceStep(v.t1 - v.t0, plotW);
  ctx.font = '11px system-ui, sans-serif';
  ctx.textBaseline = 'alphabetic';
  for (let t = Math.ceil(v.t0 / step) * step; t <= v.t1; t += step) {
    const x = xOf(t);
    ctx.fillStyle = '#263442';
    ctx.fillRect(x, RULER - 6, 1, 6);
    ctx.fillStyle = '#9fb0c0';
    ctx.fillText(offset(t), x + 3, RULER - 8);
  }
  ctx.save();
  ctx.beginPath();
  ctx.rect(GUTTER, 0, plotW, RULER);
  ctx.clip();
  ctx.font = 'bold 10px system-ui, sans-serif';
  let lastLabel = -Infinity;
  for (const j of data.jobs) {
    if (j.submissionTime === undefined) continue;
    const t = j.submissionTime - data.start;
    if (t > v.t1 || t > o.asOf) continue;
    const x0 = Math.max(GUTTER, xOf(t));
    const x1 = Math.min(v.width, xOf((j.completionTime ?? data.end) - data.start));
    if (x1 < GUTTER) continue;
    ctx.fillStyle = j.status === 'FAILED' ? 'rgba(213,94,0,0.55)' : 'rgba(230,159,0,0.30)';
    ctx.fillRect(x0, 4, Math.max(1, x1 - x0 - 1), 12);
    if (x0 - lastLabel > 40 && x1 - x0 > 24) {
      ctx.fillStyle = '#f2f5f8';
      ctx.fillText(`Job ${j.jobId}`, x0 + 3, 13);
      lastLabel = x0;
    }
  }
  ctx.restore();
  ctx.fillStyle = '#9fb0c0';
  ctx.font = '11px system-ui, sans-serif';
  ctx.fillText('executor', 8, RULER - 8);

  if (o.asOf >= v.t0 && o.asOf <= v.t1 && o.asOf < data.end - data.start) {
    const x = xOf(o.asOf);
    ctx.strokeStyle = '#e8eef5';
    ctx.setLineDash([2, 3]);
    ctx.beginPath();
    ctx.moveTo(x, 0);
    ctx.lineTo(x, v.height);
    ctx.stroke();
    ctx.setLineDash([]);
  }
}
