// The Tuner panel's part of the app API: start the auto-tune loop or one trial at a chosen bound,
// cancel, read the state (pushed live as 'tuner' events), and the tuning history.
import { z } from 'zod';
import type { WorkerType } from '@aws-sdk/client-glue';
import { awsConnectionArgs, type AwsConnection } from '../aws/aws-app-api.js';
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
  /** Run the trials on AWS Glue instead of the local engine (then `lake` and `executorHeapMb` are unused). */
  glue?: TunerGlueArgs;
}

/** What the Glue runner needs (see glue-runner-options.ts). Only a profile name, never credentials. */
export interface TunerGlueArgs extends AwsConnection {
  /** Glue job the trials run as (created or updated; default: the spec's name). */
  jobName?: string;
  roleArn: string;
  /** s3://bucket/key.py, where the generated PySpark script is uploaded. */
  scriptLocation: string;
  /** s3:// lake root the job reads (Glue reads from S3). */
  lake: string;
  workerType?: WorkerType;
  workers?: number;
  glueVersion?: string;
  /** The job's --spark-event-logs-path. */
  eventLogsPath?: string;
  pollSeconds?: number;
  /** Show the API calls of the first trial instead of making them. */
  dryRun?: boolean;
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
  /** Where the trials run (absent: the local engine). */
  runner?: 'local' | 'glue';
  /** The Glue runner's lines: the API calls of a dry run, or its notes (stopping a run, failed polls). */
  glueLog?: string[];
  dryRun?: boolean;
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

const s3Uri = (what: string) => z.string({ error: `required: ${what}` }).max(4096).regex(/^s3:\/\/[^/]+/, `${what}, an s3:// URI`);
const glueArgs = z
  .object({
    ...awsConnectionArgs,
    jobName: z.string().max(255).regex(/^[\w .-]+$/, 'a Glue job name (letters, digits, space, _ . -)').optional(),
    roleArn: z.string({ error: 'required: the IAM role Glue runs the job as' }).max(2048).regex(/^arn:aws[\w-]*:iam::\d{12}:role\/.+/, 'an IAM role ARN such as arn:aws:iam::123456789012:role/GlueTrials'),
    scriptLocation: z.string({ error: 'required: where the generated script goes, s3://bucket/key.py' }).max(4096).regex(/^s3:\/\/[^/]+\/.+/, 'where the script goes, s3://bucket/key.py'),
    lake: s3Uri('the lake root on S3 (Glue reads from S3)'),
    workerType: z.enum(['Standard', 'G.025X', 'G.1X', 'G.2X', 'G.4X', 'G.8X', 'G.12X', 'G.16X', 'R.1X', 'R.2X', 'R.4X', 'R.8X', 'Z.2X']).optional(),
    workers: z.number().int().min(2, 'at least 2 workers').max(10_000).optional(),
    glueVersion: z.string().regex(/^\d+\.\d+$/, 'a Glue version such as 4.0').optional(),
    eventLogsPath: s3Uri('the event-log folder').optional(),
    pollSeconds: z.number().positive('a positive number of seconds').max(3600).optional(),
    dryRun: z.boolean().optional(),
  })
  .strict();
const path = z.string().min(1).max(4096);
const startArgs = {
  specPath: path.optional(),
  lake: path.optional(),
  targetHeap: z.number().gt(0).lt(1).optional(),
  maxRuns: z.number().int().min(1).max(50).optional(),
  deadlineMinutes: z.number().positive().max(60 * 24 * 30).optional(),
  initialFiles: z.number().int().min(1).max(100_000_000).optional(),
  executorHeapMb: z.number().int().min(8).max(65_536).optional(),
  glue: glueArgs.optional(),
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
