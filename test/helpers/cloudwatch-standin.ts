// A CloudWatch stand-in on loopback speaking awsJson1_0 (GraniteServiceVersion20100801.*), enough
// for Glue job metrics: ListMetrics and GetMetricData, both paged, with per-period Average/Sum.
// It checks what the SDK sends — namespace, the Glue dimensions, the statistic for the metric's
// Type, the period, aligned times, query ids and pagination tokens — and records violations in
// `problems` (and answers them with an error) so a wrong request fails the test.
import { StandinError, startAwsJsonServer, type AwsJsonServer } from './aws-json-standin.js';

export interface StandinMetric {
  name: string;
  dimensions: Record<string, string>;
  /** [epoch ms, value] raw points. */
  points: [number, number][];
}

export interface CloudWatchStandinOptions {
  /** Every GetMetricData query must carry these JobName / JobRunId dimensions (a test on the id for runs started during the test). */
  jobName: string;
  jobRunId: string | ((id: string) => boolean);
  /** The period the client must ask for (seconds). */
  expectedPeriod?: number;
  /** Datapoints per GetMetricData page (across all queries) and metrics per ListMetrics page. */
  pageSize?: number;
  listPageSize?: number;
}

export interface CloudWatchStandin extends AwsJsonServer {
  metrics: StandinMetric[];
  put(name: string, dimensions: Record<string, string>, points: [number, number][]): void;
}

interface Query {
  Id: string;
  MetricStat?: { Metric?: { Namespace?: string; MetricName?: string; Dimensions?: { Name: string; Value: string }[] }; Period?: number; Stat?: string };
  ReturnData?: boolean;
}

const sameDims = (a: Record<string, string>, b: Record<string, string>) =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => b[k] === v);

/** Starts a server, or mounts on `on` (to share one endpoint with other stand-ins). */
export async function startCloudWatchStandin(opts: CloudWatchStandinOptions, on?: AwsJsonServer): Promise<CloudWatchStandin> {
  const expectedRun = (id: unknown) => typeof id === 'string' && (typeof opts.jobRunId === 'string' ? id === opts.jobRunId : opts.jobRunId(id));
  const metrics: StandinMetric[] = [];
  const pageSize = opts.pageSize ?? 1000;
  const listPageSize = opts.listPageSize ?? 500;
  /** token -> signature of the request it continues */
  const issued = new Map<string, { signature: string; offset: number }>();
  let tokenSeq = 0;
  let server: AwsJsonServer;

  const violation = (msg: string): never => {
    server.problems.push(msg);
    throw new StandinError('InvalidParameterValue', msg);
  };

  const takeToken = (token: unknown, signature: string): number => {
    if (token === undefined) return 0;
    const state = issued.get(String(token));
    if (!state) violation(`unknown NextToken ${String(token)}`);
    if (state!.signature !== signature) violation('NextToken sent with a different request than the one it continues');
    issued.delete(String(token));
    return state!.offset;
  };
  const giveToken = (signature: string, offset: number) => {
    const token = `tok-${++tokenSeq}`;
    issued.set(token, { signature, offset });
    return token;
  };

  function listMetrics(body: Record<string, unknown>) {
    if (body.Namespace !== 'Glue') violation(`ListMetrics Namespace ${String(body.Namespace)} instead of Glue`);
    const filter = (body.Dimensions ?? []) as { Name: string; Value?: string }[];
    if (!filter.some((d) => d.Name === 'JobName' && d.Value === opts.jobName)) violation(`ListMetrics without dimension filter JobName=${opts.jobName}`);
    if (!filter.some((d) => d.Name === 'JobRunId' && expectedRun(d.Value))) violation('ListMetrics without a dimension filter on the expected JobRunId');
    const { NextToken, ...rest } = body;
    const signature = JSON.stringify(rest);
    const offset = takeToken(NextToken, signature);
    const matching = metrics.filter((m) => filter.every((d) => m.dimensions[d.Name] !== undefined && (d.Value === undefined || m.dimensions[d.Name] === d.Value)));
    const page = matching.slice(offset, offset + listPageSize);
    return {
      Metrics: page.map((m) => ({
        Namespace: 'Glue',
        MetricName: m.name,
        Dimensions: Object.entries(m.dimensions).map(([Name, Value]) => ({ Name, Value })),
      })),
      ...(offset + listPageSize < matching.length ? { NextToken: giveToken(signature, offset + listPageSize) } : {}),
    };
  }

  function checkQuery(q: Query, ids: Set<string>): void {
    if (!/^[a-z][a-zA-Z0-9_]*$/.test(q.Id ?? '')) violation(`query Id "${q.Id}" is not a valid CloudWatch id`);
    if (ids.has(q.Id)) violation(`duplicate query Id ${q.Id}`);
    ids.add(q.Id);
    const stat = q.MetricStat;
    if (!stat?.Metric) return violation(`query ${q.Id} has no MetricStat`);
    if (stat.Metric.Namespace !== 'Glue') violation(`query ${q.Id} namespace ${stat.Metric.Namespace}`);
    const dims = Object.fromEntries((stat.Metric.Dimensions ?? []).map((d) => [d.Name, d.Value]));
    if (dims.JobName !== opts.jobName) violation(`query ${q.Id} (${stat.Metric.MetricName}) JobName=${dims.JobName}`);
    if (!expectedRun(dims.JobRunId)) violation(`query ${q.Id} (${stat.Metric.MetricName}) JobRunId=${dims.JobRunId}`);
    if (dims.Type !== 'gauge' && dims.Type !== 'count') violation(`query ${q.Id} (${stat.Metric.MetricName}) Type=${dims.Type}`);
    const wantStat = dims.Type === 'count' ? 'Sum' : 'Average';
    if (stat.Stat !== wantStat) violation(`query ${q.Id} (${stat.Metric.MetricName}, Type ${dims.Type}) asks ${stat.Stat}, expected ${wantStat}`);
    const p = stat.Period ?? 0;
    if (opts.expectedPeriod !== undefined && p !== opts.expectedPeriod) violation(`query ${q.Id} period ${p}, expected ${opts.expectedPeriod}`);
    if (![1, 5, 10, 30].includes(p) && p % 60 !== 0) violation(`query ${q.Id} period ${p} is not a valid CloudWatch period`);
  }

  /** Points of one query aggregated per period, like CloudWatch. */
  function answer(q: Query, start: number, end: number, ascending: boolean): [number, number][] {
    const stat = q.MetricStat!;
    const dims = Object.fromEntries((stat.Metric!.Dimensions ?? []).map((d) => [d.Name, d.Value]));
    const m = metrics.find((x) => x.name === stat.Metric!.MetricName && sameDims(x.dimensions, dims));
    if (!m) return [];
    const periodMs = stat.Period! * 1000;
    const buckets = new Map<number, number[]>();
    for (const [t, v] of m.points) {
      if (t < start || t >= end) continue;
      const b = start + Math.floor((t - start) / periodMs) * periodMs;
      buckets.set(b, [...(buckets.get(b) ?? []), v]);
    }
    const out = [...buckets.entries()].map(([t, vs]): [number, number] => [
      t,
      stat.Stat === 'Sum' ? vs.reduce((a, b) => a + b, 0) : vs.reduce((a, b) => a + b, 0) / vs.length,
    ]);
    out.sort((a, b) => (ascending ? a[0] - b[0] : b[0] - a[0]));
    return out;
  }

  function getMetricData(body: Record<string, unknown>) {
    const queries = (body.MetricDataQueries ?? []) as Query[];
    if (queries.length === 0 || queries.length > 500) violation(`${queries.length} queries in one GetMetricData (1..500 allowed)`);
    const ids = new Set<string>();
    for (const q of queries) checkQuery(q, ids);
    const start = body.StartTime;
    const end = body.EndTime;
    if (typeof start !== 'number' || typeof end !== 'number') return violation('StartTime/EndTime are not epoch-second numbers');
    if (start >= end) violation(`StartTime ${start} is not before EndTime ${end}`);
    const period = queries[0].MetricStat!.Period!;
    if (start % period !== 0 || end % period !== 0) violation(`window ${start}..${end} is not aligned to the period ${period}`);
    const { NextToken, ...rest } = body;
    const signature = JSON.stringify(rest);
    const offset = takeToken(NextToken, signature);
    const ascending = body.ScanBy === 'TimestampAscending';
    const all = queries.map((q) => answer(q, start * 1000, end * 1000, ascending));
    const total = all.reduce((n, a) => n + a.length, 0);
    let skip = offset;
    let room = pageSize;
    const results = queries.map((q, i) => {
      const pts = all[i];
      const from = Math.min(skip, pts.length);
      skip -= from;
      const slice = pts.slice(from, from + room);
      room -= slice.length;
      return {
        Id: q.Id,
        Label: q.MetricStat!.Metric!.MetricName,
        Timestamps: slice.map(([t]) => t / 1000),
        Values: slice.map(([, v]) => v),
        StatusCode: offset + pageSize < total ? 'PartialData' : 'Complete',
      };
    });
    return {
      MetricDataResults: results,
      Messages: [],
      ...(offset + pageSize < total ? { NextToken: giveToken(signature, offset + pageSize) } : {}),
    };
  }

  server = on ?? (await startAwsJsonServer());
  server.mount({
    targetPrefix: 'GraniteServiceVersion20100801',
    contentType: 'application/x-amz-json-1.0',
    handle: (req) => {
      if (req.service && req.service !== 'monitoring') server.problems.push(`signed for service ${req.service}, not monitoring`);
      if (req.operation === 'ListMetrics') return listMetrics(req.body);
      if (req.operation === 'GetMetricData') return getMetricData(req.body);
      throw new StandinError('UnknownOperationException', req.operation);
    },
  });
  return Object.assign(server, {
    metrics,
    put(name: string, dimensions: Record<string, string>, points: [number, number][]) {
      const existing = metrics.find((m) => m.name === name && sameDims(m.dimensions, dimensions));
      if (existing) existing.points.push(...points);
      else metrics.push({ name, dimensions, points: [...points] });
    },
  });
}
