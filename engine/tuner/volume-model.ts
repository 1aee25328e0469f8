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
  /** A trial cancelled while building a partition: its heap ÷ limit then, and that partition's bytes. */
  cancelledBuilding?: { heap: number; bytes: number };
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
  /** The ratio is only a floor proved by trials cancelled while building a partition (no trial finished yet). */
  atLeast?: boolean;
}

/** With few trials the spread of the ratio is unknown; the same bound's peak moves by about this much. */
const SPREAD_FLOOR = 0.25;
/** A partition smaller than this share of the heap limit cannot be what raised the heap. */
const MIN_BUILD_SHARE = 0.05;

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

  /**
   * The least ratio a trial cancelled over the target proves: its heap rose that far while building
   * one partition. Partitions under MIN_BUILD_SHARE of the heap cannot account for a rise (garbage
   * of earlier tasks can), so they prove nothing.
   */
  private ratioAtLeast(): number | undefined {
    let most: number | undefined;
    for (const o of this.obs) {
      const c = o.cancelledBuilding;
      if (!c || !o.limitBytes || o.baseHeap === undefined || c.bytes < MIN_BUILD_SHARE * o.limitBytes) continue;
      const r = ((c.heap - o.baseHeap) * o.limitBytes) / c.bytes;
      if (r > 0) most = Math.max(most ?? 0, r);
    }
    return most;
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
    const least = this.ratioAtLeast();
    const limit = limitBytes ?? this.limit();
    if (!limit || (ratios.length === 0 && least === undefined)) return undefined;
    const base = baseHeap ?? this.base();
    const at = (ratio: number) => base + (ratio * bytes) / limit;
    if (ratios.length === 0) {
      // Only cancelled trials so far: what they prove is a floor, and the floor is all the gate uses.
      const cancelled = this.obs.filter((o) => o.cancelledBuilding).length;
      return { peakHeap: at(least!), lowPeakHeap: at(least!), largestPartitionBytes: bytes, heapBytesPerByte: least!, spread: 0, trials: cancelled, confidence: at(least!) > targetHeap ? 1 : 0, atLeast: true };
    }
    const r = median(ratios)!;
    const mad = median(ratios.map((x) => Math.abs(x - r)))! * 1.4826;
    const spread = Math.max(mad, SPREAD_FLOOR * r);
    const low = Math.max(0, r - spread, Math.min(least ?? 0, r));
    return {
      peakHeap: at(r),
      lowPeakHeap: at(low),
      largestPartitionBytes: bytes,
      heapBytesPerByte: r,
      spread,
      trials: ratios.length,
      confidence: ratios.filter((x) => at(x) > targetHeap).length / ratios.length,
    };
  }

  /**
   * How far (heap ÷ limit) the peak of a run at `size` moves from run to run: the ratio's relative
   * spread applied to the growth the model predicts there. Undefined until a trial finished.
   */
  peakNoiseAt(size: number): number | undefined {
    const ratios = this.ratios();
    const model = this.heapModel();
    if (ratios.length === 0 || !model) return undefined;
    const r = median(ratios)!;
    const spread = Math.max(median(ratios.map((x) => Math.abs(x - r)))! * 1.4826, SPREAD_FLOOR * r);
    return (spread / r) * model.perUnit * size;
  }

  /**
   * Peak heap against the bound, through the volume: the largest partition grows with the bound
   * (median bytes per unit over every trial, cancelled ones too: their map stages finished).
   */
  heapModel(): HeapModel | undefined {
    const ratios = this.ratios();
    const ratio = ratios.length ? median(ratios) : this.ratioAtLeast();
    const limit = this.limit();
    const perUnit = median(this.obs.filter((o) => o.size && o.size > 0).map((o) => o.largestPartitionBytes / o.size!));
    if (ratio === undefined || !limit || perUnit === undefined) return undefined;
    return { base: this.base(), perUnit: (ratio * perUnit) / limit };
  }
}

function median(xs: number[]): number | undefined {
  if (xs.length === 0) return undefined;
  const s = xs.slice().sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
