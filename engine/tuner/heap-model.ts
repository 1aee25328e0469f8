// Peak heap against the bound: peak ≈ base + perUnit × bound. Work per run grows with the files
// it takes, so the heap that work needs grows with it; the model lets the search jump to the bound
// whose peak should sit just under the target instead of only halving and bisecting.

export interface HeapObservation {
  size: number;
  /**
   * Peak heap demand as a fraction of the limit: measured for runs that finished, projected for runs
   * cancelled with a projection, and a lower bound (1) for runs that died.
   */
  demand: number;
  /** Heap fraction before the run's work started (idle heap). */
  base?: number;
  /** 'measured' observations fit the line; the others only bound it from below. */
  kind: 'measured' | 'projected' | 'lower-bound';
}

export interface HeapModel {
  base: number;
  perUnit: number;
}

/** Fits the line on measured runs (least squares with two or more sizes, through the idle base with one). */
export function fitHeapModel(obs: readonly HeapObservation[]): HeapModel | undefined {
  const measured = obs.filter((o) => o.kind === 'measured' && o.size > 0);
  const base = medianBase(obs);
  const sizes = new Set(measured.map((o) => o.size));
  if (sizes.size >= 2) {
    const n = measured.length;
    const mx = measured.reduce((a, o) => a + o.size, 0) / n;
    const my = measured.reduce((a, o) => a + o.demand, 0) / n;
    let sxy = 0;
    let sxx = 0;
    for (const o of measured) {
      sxy += (o.size - mx) * (o.demand - my);
      sxx += (o.size - mx) ** 2;
    }
    const perUnit = sxy / sxx;
    // A flat or falling fit says the heap does not follow the bound here; it cannot guide the search.
    if (perUnit > 0) return { base: my - perUnit * mx, perUnit };
  }
  if (measured.length >= 1 && base !== undefined) {
    const o = measured.reduce((a, b) => (b.size > a.size ? b : a));
    if (o.demand > base) return { base, perUnit: (o.demand - base) / o.size };
  }
  return undefined;
}

/** The bound at which the model reaches `heap`, or undefined when it never does. */
export function boundForHeap(model: HeapModel, heap: number): number | undefined {
  if (model.perUnit <= 0) return undefined;
  const b = (heap - model.base) / model.perUnit;
  return b > 0 ? b : undefined;
}

/**
 * From one too-large run alone: the bound at which its demand, scaled down proportionally above the
 * idle base, would meet `heap`. Undefined when the observation says too little (demand at or under it).
 */
export function scaledBound(o: HeapObservation, heap: number, fallbackBase: number): number | undefined {
  const base = o.base ?? fallbackBase;
  if (o.demand <= heap || o.demand <= base || heap <= base) return undefined;
  return (o.size * (heap - base)) / (o.demand - base);
}

function medianBase(obs: readonly HeapObservation[]): number | undefined {
  const b = obs.map((o) => o.base).filter((x): x is number => x !== undefined).sort((x, y) => x - y);
  return b.length ? b[Math.floor(b.length / 2)] : undefined;
}
