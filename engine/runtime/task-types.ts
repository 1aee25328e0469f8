// Messages between the driver and executor workers, and the task descriptors they carry.
// Plain data only: they cross the worker boundary by structured clone.
import type { HeapSample, TaskMeasure } from './spark-events.js';
import type { Mapping } from './job-spec.js';
import type { AwsOptions } from '../lake/s3-client.js';

/** Rows are hashed on these fields into `partitions` shuffle files under `dir`. */
export interface ShuffleOut {
  kind: 'shuffle';
  dir: string;
  keys: string[];
  partitions: number;
}

/** The task's part of the run's output (staged), without the dropped fields. */
export interface WriteOut {
  kind: 'write';
  file: string;
  dropFields: string[];
}

export type RowsOut = ShuffleOut | WriteOut;

export interface ScanTask {
  kind: 'scan';
  source: string;
  files: { path: string; size: number }[];
  format: 'json' | 'csv';
  header: boolean;
  mappings: Mapping[];
  /** Where malformed records go: one JSON line each with file, line and reason. */
  errorFile: string;
  out: RowsOut;
  aws: AwsOptions;
}

/** One side of a join: the map outputs of the shuffle that feeds it. */
export interface ShuffleIn {
  dirs: string[];
  keys: string[];
}

export interface JoinTask {
  kind: 'join';
  partition: number;
  /** Materialised in memory (as a sort-merge join's buffered side without spill). */
  build: ShuffleIn;
  /** Streamed against the buffered side. */
  probe: ShuffleIn;
  out: RowsOut;
}

export interface TaskAttempt {
  taskId: number;
  stageId: number;
  index: number;
  attempt: number;
  work: ScanTask | JoinTask;
}

export interface HotKeyReport {
  total: number;
  keys: { key: string; count: number; error: number }[];
}

export type ToExecutor = { type: 'run'; task: TaskAttempt };

export type FromExecutor =
  | { type: 'sample'; time: number; heap: HeapSample }
  | { type: 'hot-keys'; taskId: number; heap: HeapSample; report: HotKeyReport }
  | {
      type: 'task-end';
      taskId: number;
      time: number;
      heap: HeapSample;
      measure: TaskMeasure;
      malformed: number;
      /** Where the task's time went (ms): parse, shuffle read, join, shuffle write, write. Logged as task accumulables. */
      phases: Record<string, number>;
      error?: { className: string; message: string; stack: string };
    };
