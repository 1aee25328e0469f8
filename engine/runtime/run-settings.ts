// Settings of a local run, with the defaults the story is sized for (docs/job-spec.md).
import { join } from 'node:path';
import { appHome } from '../store/app-home.js';
import type { AwsOptions } from '../lake/s3-client.js';
import type { InputBound } from './plan-types.js';

export interface RunSettings {
  /** Executors (workers). Default 2. */
  executors?: number;
  /** Task slots per executor (spark.executor.cores). Default 1. */
  cores?: number;
  /** V8 heap limit of each executor in MB (spark.executor.memory). Default 36 (the story's size, docs/job-spec.md). */
  executorHeapMb?: number;
  /** V8 heap limit of the driver's listing and planning in MB (spark.driver.memory). Default 64. */
  driverHeapMb?: number;
  /** Overrides the spec's lake root. */
  lake?: string;
  /** Overrides the spec's sink folder. */
  out?: string;
  /** Overrides the bound of every bookmarked source (one with a transformation_ctx); 'unbounded' removes it. */
  bound?: InputBound | 'unbounded';
  /** Glue's --job-bookmark-option. Default 'enable'. */
  bookmarkOption?: 'enable' | 'disable' | 'pause';
  /** SQLite file of the bookmarks (default: the app's database). */
  bookmarkDb?: string;
  /** Where event logs go. Default `<app home>/event-logs`. */
  eventLogDir?: string;
  /** Where shuffle files go (deleted after the run). Default `<app home>/work`. */
  workDir?: string;
  /** S3 sinks: where output is committed before it is uploaded. Default `<app home>/outbox`. */
  outboxDir?: string;
  /** S3 profile, region and endpoint for s3:// sources. */
  aws?: AwsOptions;
  signal?: AbortSignal;
}

export type ResolvedSettings = Required<Omit<RunSettings, 'lake' | 'out' | 'bound' | 'bookmarkDb' | 'signal' | 'aws'>> &
  Pick<RunSettings, 'lake' | 'out' | 'bound' | 'bookmarkDb' | 'signal' | 'aws'>;

export const DEFAULTS = { executors: 2, cores: 1, executorHeapMb: 36, driverHeapMb: 64 } as const;

export function resolveSettings(s: RunSettings): ResolvedSettings {
  const home = appHome();
  return {
    executors: s.executors ?? DEFAULTS.executors,
    cores: s.cores ?? DEFAULTS.cores,
    executorHeapMb: s.executorHeapMb ?? DEFAULTS.executorHeapMb,
    driverHeapMb: s.driverHeapMb ?? DEFAULTS.driverHeapMb,
    bookmarkOption: s.bookmarkOption ?? 'enable',
    eventLogDir: s.eventLogDir ?? join(home, 'event-logs'),
    workDir: s.workDir ?? join(home, 'work'),
    outboxDir: s.outboxDir ?? join(home, 'outbox'),
    lake: s.lake,
    out: s.out,
    bound: s.bound,
    bookmarkDb: s.bookmarkDb,
    signal: s.signal,
    aws: s.aws,
  };
}
