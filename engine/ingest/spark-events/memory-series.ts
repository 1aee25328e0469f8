// Collects memory samples per (executor, kind) as parallel arrays, and turns them into
// MemorySeries with the heap limit that applies to each executor.
import type { MemorySampleKind, MemorySeries } from '../../model/job-run.js';

interface Samples {
  executorId: string;
  kind: MemorySampleKind;
  t: number[];
  used: number[];
  sorted: boolean;
}

export interface HeapLimit {
  limitBytes?: number;
  limitSource?: string;
}

export class MemorySamples {
  private readonly byKind = new Map<MemorySampleKind, Map<string, Samples>>();

  add(executorId: string, kind: MemorySampleKind, t: number, used: number): void {
    let byExecutor = this.byKind.get(kind);
    if (!byExecutor) {
      byExecutor = new Map();
      this.byKind.set(kind, byExecutor);
    }
    let s = byExecutor.get(executorId);
    if (!s) {
      s = { executorId, kind, t: [], used: [], sorted: true };
      byExecutor.set(executorId, s);
    }
    const n = s.t.length;
    if (n > 0 && t < s.t[n - 1]) s.sorted = false;
    s.t.push(t);
    s.used.push(used);
  }

  series(limitFor: (executorId: string) => HeapLimit): MemorySeries[] {
    const out: MemorySeries[] = [];
    for (const s of [...this.byKind.values()].flatMap((m) => [...m.values()])) {
      let { t, used } = s;
      if (!s.sorted) {
        const order = t.map((_, i) => i).sort((a, b) => t[a] - t[b]);
        t = order.map((i) => s.t[i]);
        used = order.map((i) => s.used[i]);
      } else {
        t = t.slice();
        used = used.slice();
      }
      const series: MemorySeries = { executorId: s.executorId, kind: s.kind, t, used, ...limitFor(s.executorId) };
      const resolution = medianSpacing(t);
      if (resolution !== undefined) series.resolutionMs = resolution;
      out.push(series);
    }
    return out;
  }
}

function medianSpacing(t: number[]): number | undefined {
  if (t.length < 2) return undefined;
  const gaps: number[] = [];
  for (let i = 1; i < t.length; i++) gaps.push(t[i] - t[i - 1]);
  gaps.sort((a, b) => a - b);
  return gaps[gaps.length >> 1];
}
