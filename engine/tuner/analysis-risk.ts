// Live OOM risk for a trial, from engine/analysis's predictor: one OomRiskPredictor per memory
// series (driver and every executor), fed only the samples that arrived since the last look, and
// the projected end of the work from the tasks seen so far. One assessor per trial: it keeps state.
import { OomRiskPredictor } from '../analysis/oom-risk.js';
import { DEFAULT_SETTINGS, type DiagnosisSettings } from '../analysis/settings.js';
import { buildWorkTimeline } from '../analysis/work-projection.js';
import type { JobRun, MemorySampleKind, MemorySeries } from '../model/job-run.js';
import type { RiskAssessor, SeriesRisk } from './risk-gate.js';

export function analysisRiskAssessor(settings: DiagnosisSettings = DEFAULT_SETTINGS): RiskAssessor {
  const predictors = new Map<string, { p: OomRiskPredictor; fed: number }>();
  return (run: JobRun, now: number): SeriesRisk[] => {
    const work = buildWorkTimeline(run);
    const workEndAt = work.projectedEndAt(now);
    const out: SeriesRisk[] = [];
    for (const s of finestSeries(run)) {
      const key = `${s.executorId}/${s.kind}`;
      let entry = predictors.get(key);
      if (!entry || entry.p.limitBytes !== s.limitBytes) predictors.set(key, (entry = { p: new OomRiskPredictor(s.limitBytes, settings, { kind: s.kind }), fed: 0 }));
      for (; entry.fed < s.t.length && s.t[entry.fed] <= now; entry.fed++) entry.p.push(s.t[entry.fed], s.used[entry.fed]);
      const a = entry.p.assess(now, workEndAt, work.startTime);
      out.push({
        executorId: s.executorId,
        level: a.level,
        confidence: a.confidence,
        heapFraction: a.fraction ?? 0,
        slopePerSec: a.slopePerMinute !== undefined ? a.slopePerMinute / 60 : undefined,
        msToLimit: a.projectedLimitAt !== undefined ? a.projectedLimitAt - now : undefined,
        msToEnd: a.projectedWorkEndAt !== undefined ? a.projectedWorkEndAt - now : undefined,
        rule: a.reason,
      });
    }
    return out;
  };
}

const FINEST_FIRST: MemorySampleKind[] = ['local-sample', 'metrics-update', 'cloudwatch', 'task-end-peak', 'stage-peak'];

/** Per executor, the finest series with a limit: coarser kinds repeat the same heap, later and with less detail. */
function finestSeries(run: JobRun): MemorySeries[] {
  const best = new Map<string, MemorySeries>();
  for (const s of run.memory) {
    if (!s.limitBytes || s.t.length === 0) continue;
    const cur = best.get(s.executorId);
    if (!cur || FINEST_FIRST.indexOf(s.kind) < FINEST_FIRST.indexOf(cur.kind)) best.set(s.executorId, s);
  }
  return [...best.values()];
}
