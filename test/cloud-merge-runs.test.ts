// An event log and CloudWatch metrics of the same run on one timeline: a real Spark log from the
// shared fixtures, and 30 s heap gauges laid over its lifetime for its own executor ids.
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { diagnose } from '../engine/analysis/diagnose.js';
import type { CloudMetricSeries, JobRun } from '../engine/model/job-run.js';
import { glueRunFromMetrics } from '../engine/ingest/glue-metrics-model.js';
import { mergeRuns, pickLogForGlueRun } from '../engine/ingest/merge-runs.js';
import { openEventLogs } from '../engine/ingest/open-event-logs.js';

const fixtures = fileURLToPath(new URL('../../shared/fixtures/spark-events/', import.meta.url));
const GIB = 1024 ** 3;
let log: JobRun;
let other: JobRun;

/** Heap gauges every 30 s from `start` to `end` for each id, climbing to `peak` of a 4 GiB heap. */
function cloudRun(ids: string[], start: number, end: number, peak = 0.6, jobRunId = 'jr_merge'): JobRun {
  const t: number[] = [];
  for (let x = Math.ceil(start / 30_000) * 30_000; x <= end; x += 30_000) t.push(x);
  if (t.length < 2) t.push(t[0] + 30_000);
  const series: CloudMetricSeries[] = ids.flatMap((id) => {
    const usage = t.map((_, i) => Math.round((0.1 + ((peak - 0.1) * i) / (t.length - 1)) * 1000) / 1000);
    const base = { statistic: 'Average' as const, dimensions: { JobName: 'j', JobRunId: jobRunId, Type: 'gauge' }, t, resolutionMs: 30_000 };
    return [
      { ...base, name: `glue.${id}.jvm.heap.usage`, values: usage },
      { ...base, name: `glue.${id}.jvm.heap.used`, values: usage.map((u) => Math.round(u * 4 * GIB)) },
    ];
  });
  return glueRunFromMetrics({ jobName: 'j', jobRunId, state: 'SUCCEEDED' }, { jobName: 'j', jobRunId, periodSeconds: 30, series, notes: [] });
}

beforeAll(async () => {
  log = (await openEventLogs(`${fixtures}application_1538416563558_0014`)).runs[0];
  other = (await openEventLogs(`${fixtures}app-20161116163331-0000`)).runs[0];
});

describe('merging an event log with CloudWatch metrics', () => {
  it('keeps tasks and stages from the log and adds the 30 s heap gauges per executor on the same clock', () => {
    const a = log.application.attempts[0];
    const ids = log.executors.map((e) => e.id).filter((id) => id !== 'driver');
    expect(ids.length).toBeGreaterThan(0);
    const cloud = cloudRun(['driver', ...ids], a.startTime, a.endTime);
    const merged = mergeRuns(log, cloud);

    expect(merged.source.kind).toBe('merged');
    expect(merged.tasks).toBe(log.tasks);
    expect(merged.stages).toBe(log.stages);
    expect(merged.executors.map((e) => e.id)).toEqual(log.executors.map((e) => e.id));
    const cw = merged.memory.filter((m) => m.kind === 'cloudwatch');
    expect(cw.map((m) => m.executorId).sort()).toEqual(['driver', ...ids].sort());
    expect(cw.every((m) => m.t[0] >= a.startTime && m.t[m.t.length - 1] <= a.endTime)).toBe(true);
    expect(merged.memory.filter((m) => m.kind !== 'cloudwatch')).toEqual(log.memory);
    expect(merged.warnings).toEqual(log.warnings);
    expect(merged.glue?.jobRunId).toBe('jr_merge');

    // The analyses read the merged run unchanged: every executor's view carries its CloudWatch series and limit.
    const d = diagnose(merged);
    const view = d.memory.find((v) => v.executorId === ids[0])!;
    expect(view.series.some((s) => s.kind === 'cloudwatch')).toBe(true);
    expect(view.limitBytes).toBe(4 * GIB);
    expect(view.peakFraction).toBeCloseTo(0.6, 2);
  });

  it('adds executors only CloudWatch saw, and warns when the two do not overlap in time', () => {
    const a = log.application.attempts[0];
    const merged = mergeRuns(log, cloudRun(['9999'], a.startTime, a.endTime));
    expect(merged.executors.at(-1)!.id).toBe('9999');
    expect(merged.warnings.at(-1)!.message).toMatch(/executor\(s\) 9999 reported heap to CloudWatch but are not in the event log/);

    const later = mergeRuns(log, cloudRun(['driver'], a.endTime + 86_400_000, a.endTime + 86_500_000));
    expect(later.warnings.at(-1)!.message).toMatch(/do not overlap the event log's run .* is this the same run\?/);
  });

  it('picks the log of the Glue run by its spark.glue.JOB_RUN_ID, else by time overlap', () => {
    const a = log.application.attempts[0];
    const cloud = cloudRun(['driver'], a.startTime, a.endTime, 0.5, 'jr_target');
    expect(pickLogForGlueRun([other, log], cloud)).toBe(log);
    const tagged = { ...other, environment: { ...other.environment, sparkProperties: { ...other.environment.sparkProperties, 'spark.glue.JOB_RUN_ID': 'jr_target' } } };
    expect(pickLogForGlueRun([log, tagged], cloud)).toBe(tagged);
    const mismatched = mergeRuns({ ...log, environment: tagged.environment }, cloudRun(['driver'], a.startTime, a.endTime, 0.5, 'jr_else'));
    expect(mismatched.warnings.at(-1)!.message).toMatch(/belongs to Glue run jr_target, but the CloudWatch metrics are of run jr_else/);
  });
});
