// Memory over time, per executor and for the driver, from every source the model carries, each with
// the heap limit where one can be known and a plain statement of how coarse the data is.
import type { Executor, JobRun, MemorySampleKind, MemorySeries } from '../model/job-run.js';
import { medianSorted } from './stats.js';
import { compareIds } from './straggler-executors.js';

export interface MemoryView {
  /** "driver", an executor id, or "ALL" (CloudWatch's aggregate). */
  executorId: string;
  /** Every series for this executor: the model's, plus task-end and stage peaks derived from tasks and stages when the model holds none of that kind. */
  series: MemorySeries[];
  /** The samples OOM risk reads, in time order: every kind except stage peaks (which say how high, not when) unless they are all there is. */
  merged: { t: number[]; used: number[] };
  limitBytes?: number;
  limitSource?: string;
  /** True when the limit is inferred (block-manager maximum turned back into a heap size). */
  limitEstimated: boolean;
  peakBytes: number;
  peakTime?: number;
  peakFraction?: number;
  /** The finest source present. */
  finestKind?: MemorySampleKind;
  coarseness: string;
}

const MiB = 1024 * 1024;
// Spark's UnifiedMemoryManager reserves 300 MiB and gives spark.memory.fraction of the rest to the block manager.
const RESERVED_SYSTEM_MEMORY = 300 * MiB;

/** JVM size strings as Spark reads spark.*.memory: a bare number is MiB. */
export function parseJvmSize(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgtp]?)b?\s*$/i.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = m[2].toLowerCase();
  const mult = unit === 'k' ? 1024 : unit === 'g' ? 1024 ** 3 : unit === 't' ? 1024 ** 4 : unit === 'p' ? 1024 ** 5 : MiB;
  return Math.round(n * mult);
}

const KIND_ORDER: MemorySampleKind[] = ['local-sample', 'metrics-update', 'cloudwatch', 'task-end-peak', 'stage-peak'];

function heapOf(m: Record<string, number> | undefined): number | undefined {
  if (!m) return undefined;
  const v = m.JVMHeapMemory ?? m['JVM Used Heap Memory'];
  return typeof v === 'number' && v > 0 ? v : undefined;
}

export function buildMemoryViews(run: JobRun): MemoryView[] {
  const seriesByExec = new Map<string, MemorySeries[]>();
  const add = (s: MemorySeries) => {
    let list = seriesByExec.get(s.executorId);
    if (!list) seriesByExec.set(s.executorId, (list = []));
    list.push(s);
  };
  // Shallow copies: the limit is filled in below and the model must stay untouched.
  for (const s of run.memory) add({ ...s });
  const hasKind = (exec: string, kind: MemorySampleKind) => (seriesByExec.get(exec) ?? []).some((s) => s.kind === kind);

  // Derive task-end peaks from tasks when the importer did not already make them a series.
  const derivedTaskEnd = new Map<string, { t: number[]; v: number[] }>();
  const modelHasTaskEnd = new Set(run.memory.filter((s) => s.kind === 'task-end-peak').map((s) => s.executorId));
  for (const task of run.tasks) {
    if (task.finishTime <= 0 || modelHasTaskEnd.has(task.executorId)) continue;
    const v = heapOf(task.executorPeaks);
    if (v === undefined) continue;
    let pts = derivedTaskEnd.get(task.executorId);
    if (!pts) derivedTaskEnd.set(task.executorId, (pts = { t: [], v: [] }));
    pts.t.push(task.finishTime);
    pts.v.push(v);
  }
  for (const [exec, pts] of derivedTaskEnd) add(toSeries(exec, 'task-end-peak', pts));

  const derivedStage = new Map<string, { t: number[]; v: number[] }>();
  for (const st of run.stages) {
    if (st.completionTime === undefined) continue;
    for (const [exec, peaks] of Object.entries(st.executorPeaks)) {
      const v = heapOf(peaks);
      if (v === undefined || hasKind(exec, 'stage-peak')) continue;
      let pts = derivedStage.get(exec);
      if (!pts) derivedStage.set(exec, (pts = { t: [], v: [] }));
      pts.t.push(st.completionTime);
      pts.v.push(v);
    }
  }
  for (const [exec, pts] of derivedStage) add(toSeries(exec, 'stage-peak', pts));

  const executors = new Map(run.executors.map((e) => [e.id, e]));
  const props = run.environment.sparkProperties;
  const views: MemoryView[] = [];
  for (const [exec, series] of seriesByExec) {
    series.sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
    const limit = heapLimit(exec, series, executors.get(exec), props);
    for (const s of series) {
      if ((s.limitBytes === undefined || s.limitSource === 'block-manager-max') && limit.bytes !== undefined) {
        s.limitBytes = limit.bytes;
        s.limitSource = limit.source;
      }
    }
    const usable = series.filter((s) => s.kind !== 'stage-peak' && s.t.length > 0);
    const merged = mergeSeries(usable.length > 0 ? usable : series);
    let peakBytes = 0;
    let peakTime: number | undefined;
    for (const s of series) {
      for (let i = 0; i < s.t.length; i++) {
        if (s.used[i] > peakBytes) {
          peakBytes = s.used[i];
          peakTime = s.t[i];
        }
      }
    }
    views.push({
      executorId: exec,
      series,
      merged,
      limitBytes: limit.bytes,
      limitSource: limit.source,
      limitEstimated: limit.estimated,
      peakBytes,
      peakTime,
      peakFraction: limit.bytes ? peakBytes / limit.bytes : undefined,
      finestKind: series[0]?.kind,
      coarseness: coarseness(series),
    });
  }
  views.sort((a, b) => (a.executorId === 'driver' ? -1 : b.executorId === 'driver' ? 1 : compareIds(a.executorId, b.executorId)));
  return views;
}

function toSeries(exec: string, kind: MemorySampleKind, pts: { t: number[]; v: number[] }): MemorySeries {
  const { t, used } = sortedPairs(pts.t, pts.v);
  return { executorId: exec, kind, t, used, resolutionMs: medianGap(t) };
}

/** Sorts parallel arrays by time through an index permutation (no object per point). */
function sortedPairs(t: number[], v: number[]): { t: number[]; used: number[] } {
  let sorted = true;
  for (let i = 1; i < t.length && sorted; i++) if (t[i] < t[i - 1]) sorted = false;
  if (sorted) return { t, used: v };
  const order = Uint32Array.from(t.keys()).sort((a, b) => t[a] - t[b]);
  const ts = new Array<number>(t.length);
  const vs = new Array<number>(t.length);
  for (let i = 0; i < order.length; i++) {
    ts[i] = t[order[i]];
    vs[i] = v[order[i]];
  }
  return { t: ts, used: vs };
}

function medianGap(t: number[]): number | undefined {
  if (t.length < 2) return undefined;
  const gaps = new Float64Array(t.length - 1);
  for (let i = 1; i < t.length; i++) gaps[i - 1] = t[i] - t[i - 1];
  return medianSorted(gaps.sort());
}

function mergeSeries(series: MemorySeries[]): { t: number[]; used: number[] } {
  if (series.length === 1) return { t: series[0].t, used: series[0].used };
  const t: number[] = [];
  const v: number[] = [];
  for (const s of series) for (let i = 0; i < s.t.length; i++) if (Number.isFinite(s.used[i])) {
    t.push(s.t[i]);
    v.push(s.used[i]);
  }
  return sortedPairs(t, v);
}

function heapLimit(
  exec: string,
  series: MemorySeries[],
  executor: Executor | undefined,
  props: Record<string, string>,
): { bytes?: number; source?: string; estimated: boolean } {
  // The block manager's maximum is storage memory, not the heap: it is turned back into a heap size below.
  const own = series.find((s) => s.limitBytes !== undefined && s.limitBytes > 0 && s.limitSource !== 'block-manager-max');
  if (own) return { bytes: own.limitBytes, source: own.limitSource, estimated: false };
  const prop = exec === 'driver' ? 'spark.driver.memory' : 'spark.executor.memory';
  const configured = parseJvmSize(props[prop]);
  if (configured) return { bytes: configured, source: prop, estimated: false };
  const bm = executor?.maxOnHeapMemory ?? executor?.maxMemory;
  if (bm && bm > 0) {
    const fraction = Number(props['spark.memory.fraction'] ?? '0.6') || 0.6;
    return { bytes: Math.round(bm / fraction + RESERVED_SYSTEM_MEMORY), source: 'block-manager-max (heap estimated)', estimated: true };
  }
  return { estimated: false };
}

function fmtGap(ms: number | undefined): string {
  if (ms === undefined) return 'no spacing';
  return ms >= 1000 ? `median gap ${(ms / 1000).toFixed(ms >= 10_000 ? 0 : 1)} s` : `median gap ${Math.round(ms)} ms`;
}

function coarseness(series: MemorySeries[]): string {
  const parts: string[] = [];
  for (const s of series) {
    const n = s.t.length === 1 ? '1 point' : `${s.t.length} points`;
    const gap = fmtGap(s.resolutionMs ?? medianGap(s.t));
    switch (s.kind) {
      case 'local-sample':
        parts.push(`local heap samples (${n}, ${gap}): fine enough to see spikes`);
        break;
      case 'metrics-update':
        parts.push(`polled ExecutorMetricsUpdate (${n}, ${gap}): spikes between polls are missed`);
        break;
      case 'cloudwatch':
        parts.push(`CloudWatch gauges (${n}, ${gap}): each is one reading per period, short spikes are lost`);
        break;
      case 'task-end-peak':
        parts.push(
          series.length === 1
            ? `task-end peaks only (${n}, ${gap}): 1 point per task end, each the peak while that task ran; gaps hide when spikes happened`
            : `task-end peaks (${n}, ${gap}): 1 point per task end, each the peak while that task ran`,
        );
        break;
      case 'stage-peak':
        parts.push(`stage peaks (${n}): one peak per stage, which says how high but not when`);
        break;
    }
  }
  return parts.length > 0 ? parts.join('; ') : 'no memory data';
}
