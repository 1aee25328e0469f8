// The search over one number (files or bytes): halve after a doomed run until a run is safe, then
// narrow the bracket [largest safe, smallest risky] to the largest bound whose peak heap stays
// under the target. The heap model lets a step jump further than half or land near the answer
// instead of the midpoint; without it the search is plain halving and bisection.
import { boundForHeap, fitHeapModel, scaledBound, type HeapModel, type HeapObservation } from './heap-model.js';

export interface SearchOptions {
  /** First bound to try; undefined starts unbounded. */
  initialSize?: number;
  /** Size of the whole backlog, when known: no bound above it means anything. */
  backlogSize?: number;
  targetHeap: number;
  /** Relative width at which the bracket counts as closed (0.1 = 10 %). */
  tolerance: number;
  /** A heap model learned elsewhere (from data volume), preferred to the fit on this search's runs when it has one. */
  modelOverride?: () => HeapModel | undefined;
  /** Run-to-run noise of the peak heap at a size, when known: a bracket narrower than it cannot be narrowed by running. */
  peakNoiseAt?: (size: number) => number | undefined;
}

export interface SearchStep {
  done: false;
  action: 'start' | 'halve' | 'grow' | 'bisect';
  /** undefined: run unbounded. */
  size?: number;
  reason: string;
}

export interface SearchEnd {
  done: true;
  /** The answer; undefined with `unbounded` when the whole backlog fits, or when nothing was safe. */
  size?: number;
  unbounded: boolean;
  converged: boolean;
  reason: string;
}

export interface SearchRecord {
  /** The bound the run had (undefined: unbounded). */
  size?: number;
  /** Files (or bytes) the run actually took: an unbounded run is measured by what it read. */
  taken: number;
  /** Finished with peak heap at or under the target. */
  good: boolean;
  observation: HeapObservation;
}

export class BoundSearch {
  private readonly records: SearchRecord[] = [];
  private lastWasGuided = false;
  private distrustModel = false;

  constructor(private readonly opts: SearchOptions) {}

  record(r: SearchRecord): void {
    this.records.push(r);
  }

  get model(): HeapModel | undefined {
    return this.opts.modelOverride?.() ?? fitHeapModel(this.records.map((r) => r.observation));
  }

  /** Largest good size and smallest bad size so far. */
  bracket(): { lo?: number; hi?: number } {
    let lo: number | undefined;
    let hi: number | undefined;
    for (const r of this.records) {
      const s = r.size ?? r.taken;
      if (r.good) lo = lo === undefined ? s : Math.max(lo, s);
      else hi = hi === undefined ? s : Math.min(hi, s);
    }
    return { lo, hi };
  }

  next(): SearchStep | SearchEnd {
    const { tolerance: tol, targetHeap } = this.opts;
    if (this.records.length === 0) {
      return { done: false, action: 'start', size: this.opts.initialSize, reason: this.opts.initialSize === undefined ? 'first run, unbounded' : 'first run at the initial bound' };
    }
    if (this.records.some((r) => r.good && r.size === undefined)) {
      return { done: true, unbounded: true, converged: true, reason: 'the unbounded run stayed under the target: no bound is needed' };
    }
    const { lo, hi } = this.bracket();
    const model = this.model;
    const best = model ? boundForHeap(model, targetHeap) : undefined;
    // Aim a little under the model's answer: landing just over the target costs a run.
    const aim = best !== undefined ? best * (1 - tol / 4) : undefined;

    if (lo === undefined) {
      const h = hi!;
      if (h <= 1) return { done: true, unbounded: false, converged: false, reason: 'even a bound of 1 was too much: the job needs more memory, not a smaller bound' };
      const smallest = this.records.filter((r) => !r.good && (r.size ?? r.taken) === h).map((r) => r.observation);
      const scaled = smallest
        .map((o) => scaledBound(o, targetHeap * (1 - tol / 4), model?.base ?? 0))
        .filter((x): x is number => x !== undefined);
      // A model learned from data volume rests on measured partition sizes; it beats one run's heap
      // slope, and may jump further down (the floor bounds the cost of a wrong model).
      const volumeAim = this.opts.modelOverride?.() ? aim : undefined;
      const jump = volumeAim ?? (scaled.length ? Math.min(...scaled) : undefined);
      const floor = volumeAim !== undefined ? h / 8 : h / 4;
      const size = Math.max(1, Math.floor(jump !== undefined ? Math.max(Math.min(jump, h / 2), floor) : h / 2));
      const reason =
        jump !== undefined && size < Math.floor(h / 2)
          ? `no safe run yet; ${volumeAim !== undefined ? 'the volume model' : `the heap of the run at ${h}`} projects the target near ${Math.floor(jump)}, past half`
          : `no safe run yet: halve ${h}`;
      return { done: false, action: 'halve', size, reason };
    }

    const backlog = this.opts.backlogSize;
    if (hi === undefined) {
      if (backlog !== undefined && lo >= backlog) return { done: true, size: lo, unbounded: false, converged: true, reason: `the bound ${lo} already covers the whole backlog` };
      if (!this.distrustModel && best !== undefined && lo >= best / (1 + tol / 2)) return { done: true, size: lo, unbounded: false, converged: true, reason: `the heap model puts the largest safe bound at ${Math.floor(best)}, within the tolerance of ${lo}` };
      let size = aim !== undefined && aim > lo ? Math.min(aim, lo * 4) : lo * 2;
      if (backlog !== undefined) size = Math.min(size, backlog);
      size = Math.floor(size);
      if (size <= lo) return { done: true, size: lo, unbounded: false, converged: true, reason: `no larger bound to try above ${lo}` };
      return { done: false, action: 'grow', size, reason: `${lo} is safe with room under the target: try ${size}` };
    }

    if (hi - lo <= 1 || hi <= lo * (1 + tol)) return { done: true, size: lo, unbounded: false, converged: true, reason: `bracket [${lo}, ${hi}] is within the tolerance` };
    const noise = this.opts.peakNoiseAt?.(lo);
    if (model && noise !== undefined && model.perUnit * (hi - lo) <= noise) {
      return {
        done: true,
        size: lo,
        unbounded: false,
        converged: true,
        reason: `the model's peaks at ${lo} and ${hi} differ by ${pts(model.perUnit * (hi - lo))}, less than a run's peak varies (±${pts(noise)}): more runs cannot tell them apart`,
      };
    }
    if (!this.distrustModel && best !== undefined && lo >= best / (1 + tol / 2)) return { done: true, size: lo, unbounded: false, converged: true, reason: `the heap model puts the largest safe bound at ${Math.floor(best)}, within the tolerance of ${lo}` };
    // Follow the model until it misleads a step (the heap does not follow the bound linearly here);
    // from then on plain bisection, which needs nothing but the outcomes.
    if (this.lastWasGuided && !this.records[this.records.length - 1].good) this.distrustModel = true;
    const guided = !this.distrustModel && aim !== undefined && aim > lo && aim < hi;
    // Safeguarded: a guided step never lands past the midpoint, so a noisy model costs no more than bisection.
    let size = Math.floor(guided ? Math.min(aim!, lo + (hi - lo) / 2) : lo + (hi - lo) / 2);
    if (size <= lo) size = lo + 1;
    if (size >= hi) size = hi - 1;
    this.lastWasGuided = guided;
    return {
      done: false,
      action: 'bisect',
      size,
      reason: guided ? `between safe ${lo} and risky ${hi}, the heap model aims at ${size}` : `bisect between safe ${lo} and risky ${hi}`,
    };
  }
}

function pts(f: number): string {
  return `${(f * 100).toFixed(1)} points`;
}
