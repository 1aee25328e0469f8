// The cheap live form of OOM-risk prediction: feed heap samples as they arrive, ask for the risk
// every 250 ms. Per call it costs O(executors × window²), independent of how long the run is.
// The auto-tuner uses it to cancel a doomed run before it dies.
import { OomRiskPredictor, POOL_MS, type OomAssessment } from './oom-risk.js';
import { resolveSettings, type DiagnosisSettings } from './settings.js';
import type { MemorySampleKind } from '../model/job-run.js';

export interface LiveRisk extends OomAssessment {
  executorId: string;
  earliestWarningAt?: number;
  crossedSafeAt?: number;
  peakFraction: number;
}

export class LiveOomMonitor {
  private readonly predictors = new Map<string, OomRiskPredictor>();
  private readonly settings: DiagnosisSettings;

  constructor(
    private readonly runStart: number,
    settings?: Partial<DiagnosisSettings>,
  ) {
    this.settings = resolveSettings(settings);
  }

  /** One heap sample of an executor (or "driver"); the limit is fixed by the first sample that gives one. */
  observe(executorId: string, t: number, usedBytes: number, limitBytes: number | undefined, kind: MemorySampleKind = 'local-sample'): void {
    let p = this.predictors.get(executorId);
    if (!p) {
      if (!limitBytes) return;
      p = new OomRiskPredictor(limitBytes, this.settings, { kind, bucketMs: kind === 'task-end-peak' || kind === 'stage-peak' ? 0 : POOL_MS });
      this.predictors.set(executorId, p);
    }
    p.push(t, usedBytes);
  }

  /** Risk of every heap seen so far, worst first. `workEndAt`: projected end of the work, if known. */
  assess(now: number, workEndAt?: number): LiveRisk[] {
    const out: LiveRisk[] = [];
    for (const [executorId, p] of this.predictors) {
      const a = p.assess(now, workEndAt, this.runStart);
      out.push({ ...a, executorId, earliestWarningAt: p.earliestWarningAt, crossedSafeAt: p.firstCrossingAt, peakFraction: p.peakFraction });
    }
    const rank = { high: 0, medium: 1, low: 2 } as const;
    return out.sort((a, b) => rank[a.level] - rank[b.level] || (b.fraction ?? 0) - (a.fraction ?? 0));
  }

  /** Forget an executor that was removed (its replacement starts a fresh heap). */
  forget(executorId: string): void {
    this.predictors.delete(executorId);
  }
}
