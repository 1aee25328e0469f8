// Turns a Glue run's CloudWatch metrics into the JobRun model: JVM heap gauges become memory
// series (kind 'cloudwatch') per executor, driver and ALL, with the heap limit derived from
// usage (a 0–1 fraction) and used (bytes); everything else stays on JobRun.glue.metrics.
import type { CloudMetricSeries, Executor, GlueRunInfo, JobRun, MemorySeries } from '../model/job-run.js';
import { blankExecutor } from '../model/job-run.js';
import type { GlueMetrics } from './cloudwatch-glue-metrics.js';

const MIB = 1024 * 1024;
const HEAP = /^glue\.([^.]+)\.jvm\.heap\.(usage|used)$/;

/** What GetJobRun said about the run (no arguments: they may hold secrets). */
export type GlueJobRunInfo = Omit<GlueRunInfo, 'metrics'>;

export interface HeapPoint {
  t: number;
  heapUsage: number;
  heapUsed?: number;
}

interface HeapPair {
  usage?: CloudMetricSeries;
  used?: CloudMetricSeries;
}

/** Heap series by who reported them: "driver", "ALL" or an executor id. */
function heapPairs(metrics: GlueMetrics): Map<string, HeapPair> {
  const pairs = new Map<string, HeapPair>();
  for (const s of metrics.series) {
    const m = HEAP.exec(s.name);
    if (!m) continue;
    const pair = pairs.get(m[1]) ?? {};
    pair[m[2] as 'usage' | 'used'] = s;
    pairs.set(m[1], pair);
  }
  return pairs;
}

function median(xs: number[]): number | undefined {
  if (xs.length === 0) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Heap limit in bytes: used / usage at the times both were reported (the median, against outliers). */
function limitOf(pair: HeapPair): number | undefined {
  if (!pair.usage || !pair.used) return undefined;
  const usedAt = new Map(pair.used.t.map((t, i) => [t, pair.used!.values[i]]));
  const ratios: number[] = [];
  pair.usage.t.forEach((t, i) => {
    const used = usedAt.get(t);
    const usage = pair.usage!.values[i];
    if (used !== undefined && usage > 0) ratios.push(used / usage);
  });
  const m = median(ratios);
  // usage is a rounded fraction, so the ratio is only near the limit; JVM heap limits are whole MiB.
  return m === undefined ? undefined : Math.round(m / MIB) * MIB;
}

function heapPoints(pair: HeapPair): HeapPoint[] {
  const limit = limitOf(pair);
  const points = new Map<number, HeapPoint>();
  pair.usage?.t.forEach((t, i) => points.set(t, { t, heapUsage: pair.usage!.values[i] }));
  pair.used?.t.forEach((t, i) => {
    const used = pair.used!.values[i];
    const p = points.get(t);
    if (p) p.heapUsed = used;
    else if (limit) points.set(t, { t, heapUsage: used / limit, heapUsed: used });
  });
  return [...points.values()].sort((a, b) => a.t - b.t);
}

/** Executor ids in numeric order, as Spark numbers them. */
function executorIds(pairs: Map<string, HeapPair>): string[] {
  return [...pairs.keys()]
    .filter((id) => id !== 'driver' && id !== 'ALL')
    .sort((a, b) => Number(a) - Number(b) || (a < b ? -1 : 1));
}

function memorySeries(executorId: string, pair: HeapPair, periodMs: number): MemorySeries {
  const limit = limitOf(pair);
  // Bytes where Glue sent them, else the fraction times the limit; NaN where only a fraction is known.
  const usedAt = new Map<number, number>();
  pair.usage?.t.forEach((t, i) => usedAt.set(t, limit ? pair.usage!.values[i] * limit : NaN));
  pair.used?.t.forEach((t, i) => usedAt.set(t, pair.used!.values[i]));
  const t = [...usedAt.keys()].sort((a, b) => a - b);
  return {
    executorId,
    kind: 'cloudwatch',
    t,
    used: t.map((x) => usedAt.get(x)!),
    ...(limit ? { limitBytes: limit, limitSource: 'cloudwatch-usage' } : {}),
    resolutionMs: Math.max(periodMs, pair.usage?.resolutionMs ?? 0, pair.used?.resolutionMs ?? 0),
  };
}

/** The sum of every count metric (Glue reports deltas) by metric name. */
export function glueCounters(metrics: GlueMetrics): Record<string, number> {
  const counters: Record<string, number> = {};
  for (const s of metrics.series) {
    if (s.statistic !== 'Sum') continue;
    counters[s.name] = (counters[s.name] ?? 0) + s.values.reduce((a, b) => a + b, 0);
  }
  return counters;
}

/** The shape `skewscope glue-metrics --json` prints. */
export interface GlueMetricsSummary {
  jobName: string;
  jobRunId: string;
  resolutionSeconds: number;
  driver: HeapPoint[];
  executors: Record<string, HeapPoint[]>;
  all: HeapPoint[];
  counters: Record<string, number>;
  /** Other gauges (executor counts, skewness, worker utilization, memory.*), as [t, value] points. */
  gauges: Record<string, { t: number; value: number }[]>;
  notes: string[];
}

export function glueMetricsSummary(metrics: GlueMetrics): GlueMetricsSummary {
  const pairs = heapPairs(metrics);
  const executors: Record<string, HeapPoint[]> = {};
  for (const id of executorIds(pairs)) executors[id] = heapPoints(pairs.get(id)!);
  const gauges: GlueMetricsSummary['gauges'] = {};
  for (const s of metrics.series) {
    if (s.statistic !== 'Average' || HEAP.test(s.name)) continue;
    gauges[s.name] = s.t.map((t, i) => ({ t, value: s.values[i] }));
  }
  return {
    jobName: metrics.jobName,
    jobRunId: metrics.jobRunId,
    resolutionSeconds: Math.max(metrics.periodSeconds * 1000, ...metrics.series.filter((x) => HEAP.test(x.name)).map((x) => x.resolutionMs)) / 1000,
    driver: pairs.has('driver') ? heapPoints(pairs.get('driver')!) : [],
    executors,
    all: pairs.has('ALL') ? heapPoints(pairs.get('ALL')!) : [],
    counters: glueCounters(metrics),
    gauges,
    notes: metrics.notes,
  };
}

const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'STOPPED', 'TIMEOUT', 'ERROR', 'EXPIRED']);

function executorOf(id: string, series: MemorySeries): Executor {
  return blankExecutor(id, series.t[0] ?? 0);
}

/** A JobRun from CloudWatch alone: executors and their heap over time, no tasks or stages. */
export function glueRunFromMetrics(info: GlueJobRunInfo, metrics: GlueMetrics): JobRun {
  const path = `glue://${info.jobName}/${info.jobRunId}`;
  const periodMs = metrics.periodSeconds * 1000;
  const pairs = heapPairs(metrics);
  const ordered = [...(pairs.has('driver') ? ['driver'] : []), ...executorIds(pairs), ...(pairs.has('ALL') ? ['ALL'] : [])];
  const memory = ordered.map((id) => memorySeries(id, pairs.get(id)!, periodMs));
  const firstSample = Math.min(...memory.map((m) => m.t[0] ?? Infinity));
  const lastSample = Math.max(...memory.map((m) => m.t[m.t.length - 1] ?? -Infinity));
  const startTime = info.startedOn ?? (Number.isFinite(firstSample) ? firstSample : 0);
  const completed = info.state ? TERMINAL.has(info.state) : false;
  const endTime = completed ? (info.completedOn ?? (Number.isFinite(lastSample) ? lastSample : startTime)) : -1;
  const lastUpdated = Math.max(startTime, Number.isFinite(lastSample) ? lastSample : 0, info.completedOn ?? 0);
  return {
    id: `glue:${info.jobName}/${info.jobRunId}`,
    source: { kind: 'cloudwatch', path },
    application: {
      id: info.jobRunId,
      name: info.jobName,
      attempts: [
        {
          startTime,
          endTime,
          lastUpdated,
          duration: (endTime > 0 ? endTime : lastUpdated) - startTime,
          sparkUser: '',
          completed,
          appSparkVersion: '',
        },
      ],
    },
    environment: { sparkProperties: {}, systemProperties: {}, jvmInformation: {}, hadoopProperties: {} },
    jobs: [],
    stages: [],
    tasks: [],
    executors: memory.filter((m) => m.executorId !== 'ALL').map((m) => executorOf(m.executorId, m)),
    memory,
    hotKeys: [],
    warnings: metrics.notes.map((message) => ({ file: path, message })),
    glue: { ...info, metrics: metrics.series.filter((s) => !HEAP.test(s.name)) },
  };
}
