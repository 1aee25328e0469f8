// Reads a Glue job run's metrics from CloudWatch: ListMetrics discovers what the run reported
// (every executor's heap, observability metrics), GetMetricData fetches them, both paginated.
// Glue gauges are averaged per period and its counts (deltas since the previous report) summed.
import {
  GetMetricDataCommand,
  ListMetricsCommand,
  type CloudWatchClient,
  type Dimension,
  type MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import type { CloudMetricSeries } from '../model/job-run.js';
import { withAwsRetry } from '../aws/aws-retry.js';
import type { AwsSettings } from '../aws/aws-settings.js';

export const GLUE_NAMESPACE = 'Glue';

/** Metrics queried even when ListMetrics (which only knows the last two weeks) does not list them. */
const WELL_KNOWN: { name: string; type: 'gauge' | 'count' }[] = [
  ...['driver', 'ALL'].flatMap((who) =>
    ['usage', 'used'].map((f) => ({ name: `glue.${who}.jvm.heap.${f}`, type: 'gauge' as const })),
  ),
  { name: 'glue.driver.ExecutorAllocationManager.executors.numberAllExecutors', type: 'gauge' },
  { name: 'glue.driver.ExecutorAllocationManager.executors.numberMaxNeededExecutors', type: 'gauge' },
  ...[
    'bytesRead',
    'elapsedTime',
    'numCompletedStages',
    'numCompletedTasks',
    'numFailedTasks',
    'numKilledTasks',
    'recordsRead',
    'shuffleBytesWritten',
    'shuffleLocalBytesRead',
  ].map((m) => ({ name: `glue.driver.aggregate.${m}`, type: 'count' as const })),
];

/** GetMetricData accepts at most 500 queries per request. */
const MAX_QUERIES = 500;
const LIST_METRICS_RETENTION_MS = 14 * 24 * 3600_000;

export interface GlueMetricsRequest {
  jobName: string;
  jobRunId: string;
  /** Window in epoch ms (the run's start and end, or now while it runs). */
  startTime: number;
  endTime: number;
  /** For choosing the period CloudWatch still keeps; defaults to Date.now(). */
  now?: number;
}

export interface GlueMetrics {
  jobName: string;
  jobRunId: string;
  periodSeconds: number;
  series: CloudMetricSeries[];
  /** Things the user should know about what could not be read. */
  notes: string[];
}

/**
 * CloudWatch keeps sub-minute points for 3 hours, 1-minute points for 15 days, 5-minute points
 * for 63 days and hourly ones after that; ask for the finest period still available.
 */
export function periodForWindow(startTime: number, now: number): number {
  const age = now - startTime;
  if (age < 3 * 3600_000) return 30;
  if (age < 15 * 24 * 3600_000) return 60;
  if (age < 63 * 24 * 3600_000) return 300;
  return 3600;
}

interface MetricKey {
  name: string;
  dimensions: Dimension[];
}

function dimensionsOf(jobName: string, jobRunId: string, type: string): Dimension[] {
  return [
    { Name: 'JobName', Value: jobName },
    { Name: 'JobRunId', Value: jobRunId },
    { Name: 'Type', Value: type },
  ];
}

function keyOf(m: MetricKey): string {
  const dims = [...m.dimensions].sort((a, b) => (a.Name! < b.Name! ? -1 : 1));
  return `${m.name}|${dims.map((d) => `${d.Name}=${d.Value}`).join(',')}`;
}

/** Every metric the run reported, as CloudWatch lists them (name + exact dimensions). */
export async function listGlueRunMetrics(cw: CloudWatchClient, settings: AwsSettings, jobName: string, jobRunId: string): Promise<MetricKey[]> {
  const found: MetricKey[] = [];
  let nextToken: string | undefined;
  do {
    const page = await withAwsRetry(settings, { operation: 'CloudWatch ListMetrics', jobName, jobRunId }, () =>
      cw.send(
        new ListMetricsCommand({
          Namespace: GLUE_NAMESPACE,
          Dimensions: [
            { Name: 'JobName', Value: jobName },
            { Name: 'JobRunId', Value: jobRunId },
          ],
          NextToken: nextToken,
        }),
      ),
    );
    for (const m of page.Metrics ?? []) {
      if (m.MetricName) found.push({ name: m.MetricName, dimensions: m.Dimensions ?? [] });
    }
    nextToken = page.NextToken;
  } while (nextToken);
  return found;
}

function statisticOf(m: MetricKey): 'Average' | 'Sum' {
  return m.dimensions.find((d) => d.Name === 'Type')?.Value === 'count' ? 'Sum' : 'Average';
}

function dimensionRecord(dims: Dimension[]): Record<string, string> {
  return Object.fromEntries(dims.map((d) => [d.Name ?? '', d.Value ?? '']));
}

/** Fetches every discovered and well-known metric of the run over the window. */
export async function fetchGlueMetrics(cw: CloudWatchClient, settings: AwsSettings, req: GlueMetricsRequest): Promise<GlueMetrics> {
  const now = req.now ?? Date.now();
  const periodSeconds = periodForWindow(req.startTime, now);
  const periodMs = periodSeconds * 1000;
  const notes: string[] = [];

  const byKey = new Map<string, MetricKey>();
  for (const w of WELL_KNOWN) {
    const m = { name: w.name, dimensions: dimensionsOf(req.jobName, req.jobRunId, w.type) };
    byKey.set(keyOf(m), m);
  }
  const listed = await listGlueRunMetrics(cw, settings, req.jobName, req.jobRunId);
  for (const m of listed) byKey.set(keyOf(m), m);
  if (listed.length === 0 && now - req.startTime > LIST_METRICS_RETENTION_MS) {
    notes.push('CloudWatch lists metrics only for two weeks: per-executor heap of this older run cannot be discovered; driver and ALL are shown.');
  }

  const metrics = [...byKey.values()];
  const start = new Date(Math.floor(req.startTime / periodMs) * periodMs);
  const end = new Date(Math.ceil((req.endTime + 1) / periodMs) * periodMs);
  const series: CloudMetricSeries[] = metrics.map((m) => ({
    name: m.name,
    statistic: statisticOf(m),
    dimensions: dimensionRecord(m.dimensions),
    t: [],
    values: [],
    resolutionMs: periodMs,
  }));

  for (let first = 0; first < metrics.length; first += MAX_QUERIES) {
    const batch = metrics.slice(first, first + MAX_QUERIES);
    const queries: MetricDataQuery[] = batch.map((m, i) => ({
      Id: `m${first + i}`,
      MetricStat: {
        Metric: { Namespace: GLUE_NAMESPACE, MetricName: m.name, Dimensions: m.dimensions },
        Period: periodSeconds,
        Stat: statisticOf(m),
      },
      ReturnData: true,
    }));
    let nextToken: string | undefined;
    do {
      const page = await withAwsRetry(settings, { operation: 'CloudWatch GetMetricData', jobName: req.jobName, jobRunId: req.jobRunId }, () =>
        cw.send(
          new GetMetricDataCommand({
            MetricDataQueries: queries,
            StartTime: start,
            EndTime: end,
            ScanBy: 'TimestampAscending',
            NextToken: nextToken,
          }),
        ),
      );
      for (const r of page.MetricDataResults ?? []) {
        const s = series[Number(r.Id?.slice(1))];
        if (!s) continue;
        const ts = r.Timestamps ?? [];
        const vs = r.Values ?? [];
        for (let i = 0; i < ts.length && i < vs.length; i++) {
          s.t.push(ts[i].getTime());
          s.values.push(vs[i]);
        }
        if (r.StatusCode === 'Forbidden' || r.StatusCode === 'InternalError') {
          notes.push(`CloudWatch could not return ${s.name} (${r.StatusCode}).`);
        }
      }
      for (const m of page.Messages ?? []) notes.push(`CloudWatch: ${m.Code ?? ''} ${m.Value ?? ''}`.trim());
      nextToken = page.NextToken;
    } while (nextToken);
  }

  for (const s of series) sortByTime(s);
  return {
    jobName: req.jobName,
    jobRunId: req.jobRunId,
    periodSeconds,
    series: series.filter((s) => s.t.length > 0),
    notes: [...new Set(notes)],
  };
}

/**
 * Pages may arrive in any order and a timestamp may repeat across pages; keep one point per time.
 * CloudWatch may hold a metric coarser than the period asked for (standard resolution is stored
 * per minute), so the series' resolution is the wider of the period and its typical gap.
 */
function sortByTime(s: CloudMetricSeries): void {
  const order = s.t.map((_, i) => i).sort((a, b) => s.t[a] - s.t[b]);
  const t: number[] = [];
  const v: number[] = [];
  for (const i of order) {
    if (t.length && t[t.length - 1] === s.t[i]) continue;
    t.push(s.t[i]);
    v.push(s.values[i]);
  }
  s.t = t;
  s.values = v;
  const gaps = t.slice(1).map((x, i) => x - t[i]).sort((a, b) => a - b);
  if (gaps.length > 0) s.resolutionMs = Math.max(s.resolutionMs, gaps[gaps.length >> 1]);
}
