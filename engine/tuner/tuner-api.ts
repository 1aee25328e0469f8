// The Tuner panel's part of the app API: start the auto-tune loop or one trial at a chosen bound,
// cancel, read the state (pushed live as 'tuner' events), and the tuning history.
import { z } from 'zod';
import type { TuningSessionRow } from '../store/tuning-history.js';
import type { BacklogPlan } from './backlog-plan.js';
import type { RiskEvidence, TrialOutcome, TuningDecision } from './tuning-types.js';

export interface TunerStartArgs {
  /** Job spec file (default: the bundled demo job). */
  specPath?: string;
  /** Lake root (default: the demo lake in the app's folder, generated on first use). */
  lake?: string;
  targetHeap?: number;
  maxRuns?: number;
  deadlineMinutes?: number;
  initialFiles?: number;
  executorHeapMb?: number;
}

export interface TunerRunView {
  index: number;
  boundedFiles?: number;
  boundedSize?: number;
  /** "boundedFiles=250" or "unbounded". */
  label: string;
  outcome: TrialOutcome;
  overTarget: boolean;
  peakHeap: number;
  predictedAtMs?: number;
  durationMs: number;
  filesRead: number;
  reason: string;
  /** Run by hand from the bound slider, not by the loop. */
  manual: boolean;
  evidence?: RiskEvidence;
}

export interface TunerLiveRun {
  index: number;
  label: string;
  elapsedMs: number;
  /** Latest heap ÷ limit per series ("driver", executor ids). */
  heap: { executorId: string; fraction: number }[];
  /** Id of the run in the run list, so the Memory and Timeline views can show it. */
  runId?: string;
}

export interface TunerState {
  status: 'idle' | 'running' | 'done' | 'failed' | 'cancelled';
  mode?: 'auto' | 'manual';
  specPath?: string;
  job?: string;
  error?: string;
  targetHeap: number;
  backlogFiles?: number;
  runs: TunerRunView[];
  decisions: TuningDecision[];
  live?: TunerLiveRun;
  recommendation?: { label: string; boundedFiles?: number; boundedSize?: number; converged: boolean; reason: string };
  plan?: BacklogPlan;
  glue: string[];
  sessionId?: number;
}

export type TunerEvent = { type: 'tuner'; state: TunerState };

export interface TunerApi {
  tunerState(): Promise<TunerState>;
  tunerStart(args: TunerStartArgs): Promise<TunerState>;
  /** One run at the given bound (interactive tuning: change the bound, rerun, compare). */
  tunerTrial(args: TunerStartArgs & { boundedFiles: number }): Promise<TunerState>;
  tunerCancel(): Promise<TunerState>;
  tunerHistory(): Promise<TuningSessionRow[]>;
}

const path = z.string().min(1).max(4096);
const startArgs = {
  specPath: path.optional(),
  lake: path.optional(),
  targetHeap: z.number().gt(0).lt(1).optional(),
  maxRuns: z.number().int().min(1).max(50).optional(),
  deadlineMinutes: z.number().positive().max(60 * 24 * 30).optional(),
  initialFiles: z.number().int().min(1).max(100_000_000).optional(),
  executorHeapMb: z.number().int().min(8).max(65_536).optional(),
};
const none = z.union([z.undefined(), z.null(), z.object({}).strict()]);

/** Argument schemas, in the form the app API dispatcher checks every call with. */
export const TUNER_ARG_SCHEMAS = {
  tunerState: none,
  tunerStart: z.object(startArgs).strict(),
  tunerTrial: z.object({ ...startArgs, boundedFiles: z.number().int().min(1).max(100_000_000) }).strict(),
  tunerCancel: none,
  tunerHistory: none,
};
