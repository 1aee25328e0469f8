// Stand-in OOM-risk assessor used until engine/analysis ships its predictor: the growth of each
// series' heap envelope (running maximum, so GC saw-teeth do not read as falling heap), projected
// to the limit and compared with the projected end of the work.
import type { JobRun, MemorySeries } from '../model/job-run.js';
import type { SeriesRisk } from './risk-gate.js';
import type { RiskLevel } from './tuning-types.js';

const WINDOW_MS = 3000;
const MIN_SAMPLES = 4;

export function heapTrendRisk(run: JobRun, atTime: number): SeriesRisk[] {
  const msToEnd = workLeftMs(run);
  const out: SeriesRisk[] = [];
  for (const s of run.memory) {
    if (!s.limitBytes || s.limitBytes <= 0) continue;
    const r = seriesRisk(s, s.limitBytes, atTime, msToEnd);
    if (r) out.push(r);
  }
  return out;
}

function seriesRisk(s: MemorySeries, limit: number, atTime: number, msToEnd: number | undefined): SeriesRisk | undefined {
  let n = 0;
  while (n < s.t.length && s.t[n] <= atTime) n++;
  if (n === 0) return undefined;
  const env: number[] = [];
  let max = 0;
  for (let i = 0; i < n; i++) env.push((max = Math.max(max, s.used[i])));
  const from = s.t[n - 1] - WINDOW_MS;
  let i0 = n - 1;
  while (i0 > 0 && s.t[i0 - 1] >= from) i0--;
  const slope = leastSquaresSlope(s.t, env, i0, n); // bytes per ms
  const frac = s.used[n - 1] / limit;
  const msToLimit = slope > 0 ? (limit - env[n - 1]) / slope : undefined;
  const samples = n - i0;
  let level: RiskLevel = 'none';
  let rule = 'heap flat';
  if (frac >= 0.9) [level, rule] = ['critical', 'heap at 90 % of its limit or more'];
  else if (samples >= MIN_SAMPLES && msToLimit !== undefined && msToEnd !== undefined && msToLimit < msToEnd)
    [level, rule] = ['high', `heap reaches its limit in ${Math.round(msToLimit)} ms, before the work ends in ${Math.round(msToEnd)} ms`];
  else if (frac >= 0.75 && slope > 0) [level, rule] = ['high', 'heap past 75 % and still growing'];
  else if (frac >= 0.5) [level, rule] = ['medium', 'heap past the 50 % safe threshold'];
  else if (slope > 0) [level, rule] = ['low', 'heap growing'];
  return {
    executorId: s.executorId,
    level,
    confidence: Math.min(1, samples / (2 * MIN_SAMPLES)),
    heapFraction: frac,
    slopePerSec: (slope * 1000) / limit,
    msToLimit,
    msToEnd,
    rule,
  };
}

function leastSquaresSlope(t: number[], y: number[], from: number, to: number): number {
  const n = to - from;
  if (n < 2) return 0;
  let mt = 0;
  let my = 0;
  for (let i = from; i < to; i++) {
    mt += t[i];
    my += y[i];
  }
  mt /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  for (let i = from; i < to; i++) {
    sxy += (t[i] - mt) * (y[i] - my);
    sxx += (t[i] - mt) ** 2;
  }
  return sxx > 0 ? sxy / sxx : 0;
}

/** Tasks left × median task time ÷ task slots; undefined until a task has finished. */
function workLeftMs(run: JobRun): number | undefined {
  const durations = run.tasks.filter((t) => t.status === 'SUCCESS' && t.finishTime > 0).map((t) => t.finishTime - t.launchTime);
  if (durations.length === 0) return undefined;
  durations.sort((a, b) => a - b);
  const median = durations[Math.floor(durations.length / 2)];
  const total = run.stages.filter((s) => s.status !== 'SKIPPED').reduce((a, s) => a + s.numTasks, 0);
  const left = Math.max(0, total - durations.length);
  const slots = Math.max(1, run.executors.filter((e) => e.id !== 'driver' && e.removeTime === undefined).reduce((a, e) => a + e.totalCores, 0));
  return (left * median) / slots;
}
