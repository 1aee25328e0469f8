// OOM risk for every executor and the driver of a run, replayed sample by sample so each also
// carries the earliest instant the warning could have been given from the samples known then.
import type { JobRun } from '../model/job-run.js';
import type { MemoryView } from './memory.js';
import { OomRiskPredictor, POOL_MS, type OomAssessment } from './oom-risk.js';
import type { DiagnosisSettings } from './settings.js';
import type { WorkTimeline } from './work-projection.js';

export interface OomRisk extends OomAssessment {
  executorId: string;
  limitBytes?: number;
  limitSource?: string;
  limitEstimated: boolean;
  peakFraction?: number;
  /** First sample at or above the safe fraction. */
  crossedSafeAt?: number;
  /** First instant the level was 'high' using only what was known then. */
  earliestWarningAt?: number;
  samples: number;
  /** The executor was removed: its level is as of its last sample. */
  removed: boolean;
}

export function predictOomRisks(
  run: JobRun,
  views: MemoryView[],
  timeline: WorkTimeline,
  now: number,
  s: DiagnosisSettings,
): OomRisk[] {
  const removedAt = new Map(run.executors.filter((e) => e.removeTime !== undefined).map((e) => [e.id, e.removeTime as number]));
  const out: OomRisk[] = [];
  for (const v of views) {
    if (v.executorId === 'ALL') continue; // CloudWatch's aggregate is an average, not a heap that can run out
    // Task-end and stage peaks are already each a maximum over a task's or stage's life; polled
    // samples (metrics updates, CloudWatch, local) show the GC sawtooth and are pooled first.
    const pooled = v.finestKind !== 'task-end-peak' && v.finestKind !== 'stage-peak';
    const p = new OomRiskPredictor(v.limitBytes, s, { kind: v.finestKind, bucketMs: pooled ? POOL_MS : 0 });
    const { t, used } = v.merged;
    for (let i = 0; i < t.length && t[i] <= now; i++) {
      p.push(t[i], used[i]);
      // 'high' needs the safe fraction crossed, so earlier samples need no assessment.
      if (p.earliestWarningAt === undefined && v.limitBytes && used[i] >= s.safeHeapFraction * v.limitBytes) {
        p.noteWarning(t[i], () => timeline.projectedEndAt(t[i]), timeline.startTime);
      }
    }
    const removed = removedAt.has(v.executorId) && (removedAt.get(v.executorId) as number) <= now;
    const lastSample = t.length > 0 ? t[Math.min(t.length - 1, lastIndexAtOrBefore(t, now))] : now;
    const at = removed ? lastSample : now;
    const a = p.assess(at, timeline.projectedEndAt(at), timeline.startTime);
    out.push({
      ...a,
      executorId: v.executorId,
      limitBytes: v.limitBytes,
      limitSource: v.limitSource,
      limitEstimated: v.limitEstimated,
      peakFraction: v.limitBytes ? p.peakFraction : undefined,
      crossedSafeAt: p.firstCrossingAt,
      earliestWarningAt: p.earliestWarningAt,
      samples: p.samples,
      removed,
    });
  }
  const rank = { high: 0, medium: 1, low: 2 } as const;
  out.sort((a, b) => rank[a.level] - rank[b.level] || (b.fraction ?? 0) - (a.fraction ?? 0));
  return out;
}

function lastIndexAtOrBefore(t: number[], now: number): number {
  let i = t.length - 1;
  while (i > 0 && t[i] > now) i--;
  return i;
}
