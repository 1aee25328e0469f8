// The one place that decides whether a trial run must stop now. It reads the live OOM-risk
// assessment of every memory series (driver and executors) and the tuner's own target: a run
// whose risk reached the configured level is doomed; a run whose heap already passed the target
// cannot be the answer, so finishing it only burns time.
import type { JobRun } from '../model/job-run.js';
import { riskRank, type RiskEvidence, type RiskLevel } from './tuning-types.js';

/** One series' live risk, as the OOM-risk predictor reports it. */
export interface SeriesRisk {
  executorId: string;
  level: RiskLevel;
  confidence: number;
  heapFraction: number;
  slopePerSec?: number;
  msToLimit?: number;
  msToEnd?: number;
  rule: string;
}

/** Assesses a live run from its samples up to `atTime` (epoch ms). */
export type RiskAssessor = (run: JobRun, atTime: number) => SeriesRisk[];

export interface StopPolicy {
  /** Cancel when any series reaches this level... */
  cancelAt: RiskLevel;
  /** ...with at least this confidence (0–1). */
  minConfidence: number;
  targetHeap: number;
  /** Stop a trial as soon as its heap passes the target (default true). */
  stopOverTarget: boolean;
}

export function decideStop(risks: readonly SeriesRisk[], policy: StopPolicy, atMs: number): RiskEvidence | undefined {
  const doomed = risks
    .filter((r) => riskRank(r.level) >= riskRank(policy.cancelAt) && r.confidence >= policy.minConfidence && projectedAgainstWork(r, policy))
    .sort((a, b) => riskRank(b.level) - riskRank(a.level) || b.heapFraction - a.heapFraction)[0];
  if (doomed) return evidence(doomed, atMs, `OOM risk ${doomed.level} (confidence ${doomed.confidence}): ${doomed.rule}`);
  if (policy.stopOverTarget) {
    const over = risks.filter((r) => r.heapFraction > policy.targetHeap).sort((a, b) => b.heapFraction - a.heapFraction)[0];
    if (over) return evidence(over, atMs, `heap ${pct(over.heapFraction)} passed the ${pct(policy.targetHeap)} target`);
  }
  return undefined;
}

/**
 * Under the target, a projection only counts against the projected end of the known work: against
 * the predictor's stand-in horizon (no task finished yet) start-up allocation reads as a doomed
 * run, and a trial cancelled for it would teach the search a false bound.
 */
function projectedAgainstWork(r: SeriesRisk, policy: StopPolicy): boolean {
  return r.heapFraction > policy.targetHeap || riskRank(r.level) >= riskRank('high') || r.msToEnd !== undefined;
}

function evidence(r: SeriesRisk, atMs: number, rule: string): RiskEvidence {
  return {
    executorId: r.executorId,
    level: r.level,
    confidence: r.confidence,
    heapFraction: r.heapFraction,
    slopePerSec: r.slopePerSec,
    msToLimit: r.msToLimit,
    msToEnd: r.msToEnd,
    atMs,
    rule,
  };
}

export function pct(f: number): string {
  return `${Math.round(f * 1000) / 10} %`;
}
