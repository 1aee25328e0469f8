// The one place that decides whether a trial run must stop now. It reads the live OOM-risk
// assessment of every memory series (driver and executors) and the tuner's own target: a run
// whose risk reached the configured level is doomed; a run whose heap already passed the target
// cannot be the answer, so finishing it only burns time.
import type { JobRun } from '../model/job-run.js';
import { riskRank, type RiskEvidence, type RiskLevel } from './tuning-types.js';
import type { VolumePrediction } from './volume-model.js';

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

/**
 * `volume`, when the session has learned how the peak follows the largest shuffle partition, is the
 * prediction for this trial's join: it stops the run before the join builds anything once even its
 * low end (learned ratio less its spread) passes the target. Without it only the live heap decides.
 */
export function decideStop(risks: readonly SeriesRisk[], policy: StopPolicy, atMs: number, volume?: VolumePrediction): RiskEvidence | undefined {
  // Not stopping over the target leaves the gate only the runs predicted to die.
  const volumeLimit = policy.stopOverTarget ? policy.targetHeap : 1;
  if (volume && volume.lowPeakHeap > volumeLimit && volume.confidence >= policy.minConfidence) {
    const heap = risks.reduce((m, r) => Math.max(m, r.heapFraction), 0);
    return {
      executorId: 'executors',
      level: 'high',
      confidence: volume.confidence,
      heapFraction: heap,
      atMs,
      rule:
        (volume.atLeast
          ? `the largest shuffle partition holds ${mb(volume.largestPartitionBytes)}: at no less than ${volume.heapBytesPerByte.toFixed(2)} heap bytes per byte ` +
            `(proved by ${volume.trials} trial${volume.trials === 1 ? '' : 's'} cancelled while building a partition) the join would peak at ${pct(volume.lowPeakHeap)} or more`
          : `the largest shuffle partition holds ${mb(volume.largestPartitionBytes)}: at ${volume.heapBytesPerByte.toFixed(2)} ± ${volume.spread.toFixed(2)} heap bytes per byte ` +
            `(learned from ${volume.trials} finished trial${volume.trials === 1 ? '' : 's'}) the join would peak near ${pct(volume.peakHeap)} (at least ${pct(volume.lowPeakHeap)})`) +
        `, over the ${volumeLimit < 1 ? `${pct(volumeLimit)} target` : 'heap limit'}`,
      volume: {
        predictedPeak: volume.peakHeap,
        lowPeak: volume.lowPeakHeap,
        largestPartitionBytes: volume.largestPartitionBytes,
        heapBytesPerByte: volume.heapBytesPerByte,
        spread: volume.spread,
        trials: volume.trials,
      },
    };
  }
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

function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

export function pct(f: number): string {
  return `${Math.round(f * 1000) / 10} %`;
}
