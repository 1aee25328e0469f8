// Memory view data: heap per executor and driver over time, limits, OOM / lost markers, risk.
import type { JobRun, MemorySeries } from '../model/job-run.js';
import type { MemoryView } from '../analysis/memory.js';
import type { MemoryData, MemoryMarker, RiskView } from './contract.js';

const OOM_REASON = /OutOfMemory|exceeding memory limits|exit(?:ed)? (?:code|status)?\s*:?\s*(?:137|143)|ERR_WORKER_OUT_OF_MEMORY|\bOOM\b/i;

export function isOomReason(reason: string | undefined): boolean {
  return reason !== undefined && OOM_REASON.test(reason);
}

export function memoryMarkers(run: JobRun): MemoryMarker[] {
  const markers: MemoryMarker[] = [];
  for (const e of run.executors) {
    if (e.id === 'driver') continue;
    if (e.addTime > 0) markers.push({ time: e.addTime, executorId: e.id, kind: 'added', label: `executor ${e.id} added` });
    if (e.removeTime !== undefined && e.removeTime > 0) {
      const oom = isOomReason(e.removeReason);
      markers.push({
        time: e.removeTime,
        executorId: e.id,
        kind: oom ? 'oom' : 'lost',
        label: `executor ${e.id} ${oom ? 'OOM' : 'removed'}${e.removeReason ? `: ${e.removeReason}` : ''}`,
      });
    }
  }
  for (const t of run.tasks) {
    if (t.status !== 'FAILED' || t.finishTime <= 0) continue;
    const text = `${t.failure?.className ?? ''} ${t.failure?.description ?? ''} ${t.failure?.lossReason ?? ''} ${t.errorMessage ?? ''}`;
    const removedNear = markers.some((m) => m.executorId === t.executorId && m.kind === 'oom' && Math.abs(m.time - t.finishTime) < 10_000);
    if (isOomReason(text) && !removedNear) markers.push({ time: t.finishTime, executorId: t.executorId, kind: 'oom', label: `task ${t.taskId} OOM on executor ${t.executorId}` });
  }
  return markers.sort((a, b) => a.time - b.time);
}

const KIND_WORDS: Record<string, string> = {
  'task-end-peak': 'task-end peaks (the highest heap since the previous task ended on that executor)',
  'stage-peak': 'per-stage peaks',
  'metrics-update': 'polled executor metrics',
  cloudwatch: 'CloudWatch 30 s gauges',
  'local-sample': 'sampled V8 heap',
};

export function describeCoarseness(series: MemorySeries[]): string {
  if (series.length === 0) return 'No heap samples in this run: the log has no executor metrics (Spark before 3.0 does not write them).';
  const kinds = [...new Set(series.map((s) => s.kind))];
  const gaps: number[] = [];
  for (const s of series) {
    if (s.resolutionMs !== undefined) gaps.push(s.resolutionMs);
    else for (let i = 1; i < s.t.length; i++) gaps.push(s.t[i] - s.t[i - 1]);
  }
  gaps.sort((a, b) => a - b);
  const median = gaps.length ? gaps[Math.floor(gaps.length / 2)] : undefined;
  const gapText = median === undefined ? 'single samples' : `median gap between samples ${formatGap(median)}`;
  return `${kinds.map((k) => KIND_WORDS[k] ?? k).join('; ')}; ${gapText}. Between samples the heap is unknown, not flat.`;
}

function formatGap(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${(ms / 60_000).toFixed(1)} min`;
}

export function buildMemory(run: JobRun, views: MemoryView[], span: { start: number; end: number }, asOf: number, risk: RiskView[]): MemoryData {
  const series = views
    .filter((v) => v.merged.t.length > 0)
    .map((v) => {
      let n = v.merged.t.length;
      while (n > 0 && v.merged.t[n - 1] > asOf) n--;
      return {
        executorId: v.executorId,
        kind: v.finestKind ?? 'task-end-peak',
        t: v.merged.t.slice(0, n),
        // Whole bytes: fractions of a byte only lengthen the JSON for 200 × 5,000 points.
        used: v.merged.used.slice(0, n).map(Math.round),
        limitBytes: v.limitBytes,
        limitSource: v.limitSource === undefined ? undefined : `${v.limitSource}${v.limitEstimated && !/estimated/.test(v.limitSource) ? ' (estimated)' : ''}`,
        resolutionMs: v.series.find((s) => s.kind === v.finestKind)?.resolutionMs,
      };
    })
    .sort((a, b) => (a.executorId === 'driver' ? -1 : b.executorId === 'driver' ? 1 : compareIds(a.executorId, b.executorId)));
  // Executors share a source, so one description (the commonest) speaks for all.
  const counts = new Map<string, number>();
  for (const v of views) if (v.coarseness) counts.set(v.coarseness, (counts.get(v.coarseness) ?? 0) + 1);
  const common = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  return {
    asOf,
    start: span.start,
    end: span.end,
    series,
    markers: memoryMarkers(run).filter((m) => m.time <= asOf),
    risk,
    coarseness: common ? `${common}${counts.size > 1 ? ' (typical executor; sampling differs per executor)' : ''}.` : describeCoarseness(run.memory),
  };
}

/** Executor ids are numbers in Spark; sort 2 before 10. */
export function compareIds(a: string, b: string): number {
  const x = Number(a);
  const y = Number(b);
  if (Number.isFinite(x) && Number.isFinite(y)) return x - y;
  return a.localeCompare(b);
}
