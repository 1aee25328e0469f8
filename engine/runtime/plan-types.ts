// What the driver's planner works on and sends back: per source, the files this run takes
// (bookmark-filtered, bounded, oldest first) grouped into scan tasks.
import type { AwsOptions } from '../lake/s3-client.js';
import type { FromExecutor } from './task-types.js';

export type InputBound = { boundedFiles: number } | { boundedSize: number };

export interface PlanSource {
  name: string;
  /** Absolute folder or s3:// URI of the source. */
  root: string;
  predicate?: string;
  exclusions?: string[];
  bound?: InputBound;
  /** Set when the source is bookmarked: the planner filters out what the job already processed. */
  bookmark?: { job: string; ctx: string; dbFile?: string };
}

export interface PlanRequest {
  sources: PlanSource[];
  maxPartitionBytes: number;
  openCostBytes: number;
  aws: AwsOptions;
}

export interface PlannedFile {
  path: string;
  size: number;
  mtime: number;
}

export interface PlannedSource {
  name: string;
  files: PlannedFile[];
  /** Scan tasks: indexes into `files`. */
  groups: number[][];
  /** Files left for later runs (bounded runs only). */
  remainingFiles: number;
}

export type FromPlanner =
  | Extract<FromExecutor, { type: 'sample' }>
  | { type: 'plan'; sources: PlannedSource[] }
  | { type: 'plan-error'; message: string };
