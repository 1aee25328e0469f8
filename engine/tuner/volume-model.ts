// Peak heap from data volume, as a Spark engineer reads it: when a shuffle-map stage finishes, the
// bytes of each shuffle partition are known (MapOutputStatistics), and the join that follows holds
// its largest partition in memory. Each finished trial of the session teaches how many bytes of
// heap one byte of that partition costs on these executors; a new trial's peak is then predicted
// before its join starts: idle heap + ratio × largest partition. The ratio's spread (V8's GC
// timing moves the same run's peak by many points) sets how sure a prediction is.
import type { HeapModel } from './heap-model.js';

/** What one trial said about volume: its largest shuffle partition and, when it finished, its peak. */
export interface VolumeObservation {
  /** The trial's bound in the searched unit (files or bytes); the backlog size when unbounded. */
  size?: number;
  /** Bytes of the largest shuffle partition of any map stage of the trial. */
  largestPartitionBytes: number;
  /** Peak executor heap ÷ limit of a trial that ran to its end; absent for cancelled or dead ones. */
  peakHeap?: number;
  /** Executor heap ÷ limit when the map stages had finished: what the join starts from. */
  baseHeap?: number;
  /** The executors' heap limit in bytes. */
  limitBytes?: number;
}

export interface VolumePrediction {
  /** Predicted peak heap ÷ limit, at the median ratio. */
  peakHeap: number;
  /** The same at the median ratio less its spread: the prediction the gate trusts. */
  lowPeakHeap: number;
  largestPartitionBytes: number;
  /** Learned bytes of heap per byte of the largest partition (median over the trials). */
  heapBytesPerByte: number;
  /** Spread of that ratio (scaled MAD, at least SPREAD_FLOOR of it). */
  spread: number;
  /** Finished trials the ratio rests on. */
  trials: number;
  /** Share of those trials whose own ratio puts this peak over the target. */
  confidence: number;
}

/** With few trials the spread of the ratio is unknown; the same bound's peak moves by about this much. */
const SPREAD_FLOOR = 0.25;

export class VolumeModel {
  private readonly obs: VolumeObservation[] = [];

  record(o: VolumeObservation): void {
    if (o.largestPartitionBytes > 0) this.obs.push(o);
  }

  /** Heap bytes per partition byte of each finished trial. */
  private ratios(): number[] {
    const out: number[] = [];
    for (const o of this.obs) {
      if (o.peakHeap === undefined || !o.limitBytes) continue;
      out.push(((o.peakHeap - (o.baseHeap ?? 0)) * o.limitBytes) / o.largestPartitionBytes);
    }
    return out.filter((r) => r > 0).sort((a, b) => a - b);
  }

  private base(): number {
    return median(this.obs.map((o) => o.baseHeap).filter((b): b is number => b !== undefined)) ?? 0;
  }

  private limit(): number | undefined {
    return median(this.obs.map((o) => o.limitBytes).filter((b): b is number => !!b));
  }

  /** The peak a trial whose largest partition holds `bytes` should reach, or undefined with no finished trial yet. */
  predict(bytes: number, targetHeap: number, baseHeap?: number, limitBytes?: number): VolumePrediction | undefined {
    const ratios = this.ratios();
    const limit = limitBytes ?? this.limit();
    if (ratios.length === 0 || !limit) return undefined;
    const r = median(ratios)!;
    const mad = median(ratios.map((x) => Math.abs(x - r)))! * 1.4826;
    const spread = Math.max(mad, SPREAD_FLOOR * r);
    const base = baseHeap ?? this.base();
    const at = (ratio: number) => base + (ratio * bytes) / limit;
    return {
      peakHeap: at(r),
      lowPeakHeap: at(Math.max(0, r - spread)),
      largestPartitionBytes: bytes,
      heapBytesPerByte: r,
      spread,
      trials: ratios.length,
      confidence: ratios.filter((x) => at(x) > targetHeap).length / ratios.length,
    };
  }

  /**
   * Peak heap against the bound, through the volume: the largest partition grows with the bound
   * (median bytes per unit over every trial, cancelled ones too: their map stages finished).
   */
  heapModel(): HeapModel | undefined {
    const ratios = this.ratios();
    const limit = this.limit();
    const perUnit = median(this.obs.filter((o) => o.size && o.size > 0).map((o) => o.largestPartitionBytes / o.size!));
    if (ratios.length === 0 || !limit || perUnit === undefined) return undefined;
    return { base: this.base(), perUnit: (median(ratios)! * perUnit) / limit };
  }
}

function median(xs: number[]): number | undefined {
  if (xs.length === 0) return undefined;
  const s = xs.slice().sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
