// What a finished local run reports (the CLI's --json shape, plus a few fields for callers).
export type RunStatus = 'succeeded' | 'failed' | 'cancelled';

/** Failure causes in the analysis vocabulary (DESIGN.md §3). */
export type FailureCause = 'driver-oom' | 'executor-oom' | 'executor-lost' | 'malformed-data' | 'task-failed' | 'bookmark' | 'other';

export interface RunResult {
  status: RunStatus;
  cause?: FailureCause;
  /** The failure or cancellation in words (Spark's job failure text where there is one). */
  message?: string;
  oom: boolean;
  appId: string;
  filesRead: number;
  bytesRead: number;
  recordsRead: number;
  recordsWritten: number;
  malformedRecords: number;
  /** Files left for later runs by the bound. */
  remainingFiles: number;
  eventLog: string;
  /** The committed output folder (succeeded runs). */
  output?: string;
  /** Where malformed records went, when there were any. */
  errors?: string;
  /** Peak used heap ÷ heap limit. */
  peakHeap: { driver: number; executors: Record<string, number> };
  durationMs: number;
}
