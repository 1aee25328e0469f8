// Real V8 heap statistics of the current isolate (driver or executor), with GC counts and
// times from the 'gc' performance entries. Spark names: JVMHeapMemory = used heap.
import { getHeapStatistics } from 'node:v8';
import { PerformanceObserver, constants } from 'node:perf_hooks';
import type { HeapSample } from './spark-events.js';

export class HeapSampler {
  private minorCount = 0;
  private minorTime = 0;
  private majorCount = 0;
  private majorTime = 0;
  private readonly observer: PerformanceObserver;
  /** Highest used heap since the last `resetPeak`. */
  peakUsed = 0;

  constructor() {
    this.observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        const kind = (e as unknown as { detail?: { kind?: number } }).detail?.kind;
        if (kind === constants.NODE_PERFORMANCE_GC_MINOR) {
          this.minorCount++;
          this.minorTime += e.duration;
        } else {
          this.majorCount++;
          this.majorTime += e.duration;
        }
      }
    });
    this.observer.observe({ entryTypes: ['gc'] });
  }

  /** Total GC time so far in ms (for a task's "JVM GC Time" as a difference). */
  get gcTimeMs(): number {
    return this.minorTime + this.majorTime;
  }

  sample(): HeapSample {
    const h = getHeapStatistics();
    if (h.used_heap_size > this.peakUsed) this.peakUsed = h.used_heap_size;
    return {
      used: h.used_heap_size,
      limit: h.heap_size_limit,
      external: h.external_memory,
      minorGcCount: this.minorCount,
      minorGcTime: Math.round(this.minorTime),
      majorGcCount: this.majorCount,
      majorGcTime: Math.round(this.majorTime),
    };
  }

  resetPeak(): void {
    this.peakUsed = getHeapStatistics().used_heap_size;
  }

  stop(): void {
    this.observer.disconnect();
  }
}
