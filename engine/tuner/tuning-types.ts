// What the tuner records: trial runs, the decisions taken between them, and their evidence.
// Plain data, so it can be stored in SQLite, sent over HTTP and printed as --json unchanged.
import type { Bound } from './job-runner.js';

/** Ordered risk levels, as engine/analysis's OOM-risk predictor reports them; the user configures the one that cancels a run. */
export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export function riskRank(level: RiskLevel): number {
  return RISK_LEVELS.indexOf(level);
}

/** Why the tuner judged a run as it did: the numbers of one memory series at one moment. */
export interface RiskEvidence {
  /** "driver" or an executor id. */
  executorId: string;
  level: RiskLevel;
  /** 0–1: how sure the predictor is of the level. */
  confidence: number;
  /** Heap used ÷ limit at the moment of the decision. */
  heapFraction: number;
  /** Heap growth in fraction of the limit per second (positive: growing). */
  slopePerSec?: number;
  /** Projected ms until the heap reaches its limit at the current slope. */
  msToLimit?: number;
  /** Projected ms until the work ends, when known. */
  msToEnd?: number;
  /** Ms after the run started. */
  atMs: number;
  /** The rule that fired, in words. */
  rule: string;
  /** When the data volume decided: the prediction from the largest shuffle partition. */
  volume?: {
    predictedPeak: number;
    /** The prediction at the learned ratio less its spread (what had to pass the target). */
    lowPeak: number;
    largestPartitionBytes: number;
    /** Learned bytes of heap per byte of the largest partition, and its spread. */
    heapBytesPerByte: number;
    spread: number;
    /** Finished trials the ratio rests on. */
    trials: number;
  };
}

export type TrialOutcome = 'safe' | 'cancelled-at-risk' | 'oom' | 'failed';

export interface TrialRun {
  /** 1-based, in the order the tuner ran them. */
  index: number;
  bound: Bound;
  /** Fraction of the input used when tuning on a sample; absent for full data. */
  sampleFraction?: number;
  outcome: TrialOutcome;
  /** Highest heap ÷ limit seen over the driver and every executor (0–1). */
  peakHeap: number;
  /** The same per series ("driver", executor ids). */
  peakHeapBy: Record<string, number>;
  /** Ms after the start at which the tuner decided to cancel (cancelled runs only). */
  predictedAtMs?: number;
  durationMs: number;
  filesRead: number;
  bytesRead: number;
  /** Failure cause from the runner ('driver-oom', 'executor-oom', ...). */
  cause?: string;
  /** The run died of OOM before the predictor fired. */
  predictorMiss: boolean;
  /** Peak heap above the target: the bound is too large even if the run survived. */
  overTarget: boolean;
  evidence?: RiskEvidence;
  /** Bytes of the largest shuffle partition, when the runner reports map output statistics. */
  largestPartitionBytes?: number;
  /** One sentence a user can read. */
  reason: string;
}

export type DecisionAction = 'start' | 'cancel' | 'halve' | 'grow' | 'bisect' | 'confirm' | 'accept' | 'give-up';

export interface TuningDecision {
  seq: number;
  /** Epoch ms. */
  at: number;
  runIndex?: number;
  action: DecisionAction;
  /** The bound the decision is about (the next bound for halve/bisect/grow, the result for accept). */
  bound: Bound;
  reason: string;
  evidence?: RiskEvidence;
}

export interface TuneResult {
  /** The recommended bound; undefined when no safe bound was found. */
  bound?: Bound;
  /** True when the search closed its bracket (or the model) within the tolerance. */
  converged: boolean;
  runs: TrialRun[];
  decisions: TuningDecision[];
  targetHeap: number;
  /** Peak heap ≈ base + perUnit × bound, fitted on the safe runs (when there were enough). */
  model?: { base: number; perUnit: number };
}
