// Peak heap as a fraction of its limit, per memory series of a run. Series without a known limit
// cannot say how close they came to dying, so they are left out rather than guessed.
import type { JobRun } from '../model/job-run.js';

/** Highest used ÷ limit per series id ("driver", executor ids). */
export function peakHeapBySeries(run: JobRun): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of run.memory) {
    if (!s.limitBytes || s.limitBytes <= 0) continue;
    let max = 0;
    for (const u of s.used) if (u > max) max = u;
    const f = max / s.limitBytes;
    if (!(s.executorId in out) || f > out[s.executorId]) out[s.executorId] = f;
  }
  return out;
}

export function maxOf(values: Record<string, number>): number {
  let m = 0;
  for (const v of Object.values(values)) if (v > m) m = v;
  return m;
}
