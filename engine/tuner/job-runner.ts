// The seam between the auto-tuner and whatever executes the job: the bundled local engine,
// or AWS Glue. The tuner watches live models, cancels doomed runs, and reads outcomes; it never
// knows which engine ran the job.
import type { JobRun } from '../model/job-run.js';

/** One bound at a time, as Glue: a file count, a byte size, or none. */
export type Bound = { boundedFiles: number } | { boundedSize: number } | { unbounded: true };

export interface RunRequest {
  bound: Bound;
  /** push_down_predicate restricting the run (parallel plans split the backlog with these). */
  predicate?: string;
  /** Fraction of the input to use (0 < f ≤ 1) when the user allows tuning on a sample. */
  sampleFraction?: number;
  /** When false the run must not advance the job bookmark (trial runs while tuning). */
  advanceBookmark: boolean;
  /**
   * Job name the bookmark is kept under, when not the job's own: each job of a parallel plan is a
   * separate job (as on Glue) with its own bookmark, so disjoint predicates can run at once.
   */
  jobName?: string;
}

export type RunStatus = 'succeeded' | 'failed' | 'cancelled';

export interface RunOutcome {
  status: RunStatus;
  /** Failure cause in the analysis vocabulary: 'driver-oom', 'executor-oom', 'executor-lost', ... */
  cause?: string;
  /** True when the run died of out-of-memory (driver or executor). */
  oom: boolean;
  durationMs: number;
  filesRead: number;
  bytesRead: number;
  /** Unprocessed files the bound left for later runs, when the runner knows. */
  remainingFiles?: number;
  /** The run as the importer sees it (memory series, tasks, executors). */
  run: JobRun;
}

export interface MapOutputStatistics {
  stageId: number;
  bytesByPartitionId: number[];
}

export interface RunHandle {
  /** Called with the live model whenever it changes (at least every memory sample). */
  onUpdate(listener: (run: JobRun) => void): void;
  /**
   * Called when a shuffle-map stage finishes, with the bytes of each of its shuffle partitions
   * (Spark's MapOutputStatistics), before the stage that reads them starts. Runners that cannot
   * tell leave it out, and the tuner predicts from the heap alone.
   */
  onMapOutput?(listener: (stats: MapOutputStatistics) => void): void;
  /** Stop the run early; resolves when everything is stopped. */
  cancel(reason: string): Promise<void>;
  readonly outcome: Promise<RunOutcome>;
}

export interface JobRunner {
  readonly name: string;
  /** Whether `sampleFraction` is honoured; the tuner tunes on full data otherwise. */
  readonly supportsSampling?: boolean;
  start(request: RunRequest): Promise<RunHandle>;
}
