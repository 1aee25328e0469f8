// Publishes what a Glue job run reports to CloudWatch into the stand-in: per-executor, driver and
// ALL heap gauges (usage fraction + used bytes) every 30 s, aggregate counters as deltas, the
// executor-allocation gauges, and an observability metric with its extra dimension.
import type { CloudWatchStandin } from './cloudwatch-standin.js';

export const GIB = 1024 ** 3;

export interface HeapTrack {
  /** "driver", "ALL" or an executor id. */
  who: string;
  limitBytes: number;
  /** Heap usage fraction at each 30 s step, starting at `startedOn`. */
  usage: number[];
}

const dims = (jobName: string, jobRunId: string, type: 'gauge' | 'count') => ({ JobName: jobName, JobRunId: jobRunId, Type: type });

export function publishHeap(cw: CloudWatchStandin, jobName: string, jobRunId: string, startedOn: number, track: HeapTrack, fromStep = 0): void {
  const at = (i: number) => startedOn + (fromStep + i) * 30_000;
  cw.put(`glue.${track.who}.jvm.heap.usage`, dims(jobName, jobRunId, 'gauge'), track.usage.map((u, i) => [at(i), u]));
  cw.put(`glue.${track.who}.jvm.heap.used`, dims(jobName, jobRunId, 'gauge'), track.usage.map((u, i) => [at(i), Math.round(u * track.limitBytes)]));
}

export function publishCounter(cw: CloudWatchStandin, jobName: string, jobRunId: string, name: string, startedOn: number, deltas: number[]): void {
  cw.put(name, dims(jobName, jobRunId, 'count'), deltas.map((d, i) => [startedOn + i * 30_000, d]));
}

export function publishGauge(cw: CloudWatchStandin, jobName: string, jobRunId: string, name: string, startedOn: number, values: number[], extra: Record<string, string> = {}): void {
  cw.put(name, { ...dims(jobName, jobRunId, 'gauge'), ...extra }, values.map((v, i) => [startedOn + i * 30_000, v]));
}
