import { describe, expect, it } from 'vitest';
import { BoundSearch, type SearchEnd, type SearchStep } from '../engine/tuner/bound-search.js';

/** Drives the search against a peak-heap function until it ends; returns the sizes it tried and its end. */
function drive(peak: (size: number) => number, opts: { initialSize?: number; backlogSize?: number; tolerance?: number; base?: number }, maxSteps = 40) {
  const search = new BoundSearch({ targetHeap: 0.5, tolerance: opts.tolerance ?? 0.1, initialSize: opts.initialSize, backlogSize: opts.backlogSize });
  const tried: number[] = [];
  for (let i = 0; i < maxSteps; i++) {
    const step = search.next();
    if (step.done) return { tried, end: step as SearchEnd };
    const size = (step as SearchStep).size ?? opts.backlogSize!;
    tried.push(size);
    const p = peak(size);
    search.record({ size: (step as SearchStep).size, taken: size, good: p <= 0.5, observation: { size, demand: p, base: opts.base, kind: p <= 0.5 ? 'measured' : 'lower-bound' } });
  }
  throw new Error('the search did not end');
}

describe('bound search', () => {
  it('halves from the initial bound and bisects to within the tolerance without a heap model', () => {
    // A step function: nothing to fit, so only halving and bisection can find it.
    const { tried, end } = drive((s) => (s <= 300 ? 0.3 : 0.9), { initialSize: 4000 });
    expect(tried.slice(0, 4)).toEqual([4000, 2000, 1000, 500]);
    expect(end.converged).toBe(true);
    expect(end.size).toBeLessThanOrEqual(300);
    expect(end.size).toBeGreaterThanOrEqual(300 / 1.1);
  });

  it('lands next to the answer when the heap follows the bound linearly', () => {
    const { tried, end } = drive((s) => 0.1 + 0.002 * s, { initialSize: 1000, base: 0.1 });
    expect(end.converged).toBe(true);
    expect(end.size).toBeLessThanOrEqual(200);
    expect(end.size).toBeGreaterThanOrEqual(180);
    // Plain halving and bisection to 10 % would need 1000, 500, 250, 125 and three more.
    expect(tried.length).toBeLessThanOrEqual(5);
  });

  it('stops trusting a model the noisy heap keeps contradicting, and still closes the bracket', () => {
    // Flat, noisy heap: a line through two points says little about a third.
    const noise = [0.02, -0.03, 0.025, -0.01, 0.03, -0.02, 0.01];
    let i = 0;
    const { end } = drive((s) => (s <= 110 ? 0.45 + 0.0003 * s + noise[i++ % noise.length] * 0.3 : 0.55), { initialSize: 2000, base: 0.3 });
    expect(end.converged).toBe(true);
    expect(end.size).toBeLessThanOrEqual(110);
    expect(end.size).toBeGreaterThanOrEqual(100);
  });

  it('grows from a safe initial bound up to the backlog', () => {
    const { tried, end } = drive(() => 0.2, { initialSize: 100, backlogSize: 700 });
    expect(tried).toEqual([100, 200, 400, 700]);
    expect(end).toMatchObject({ done: true, size: 700, converged: true });
  });

  it('says when even one file is too much', () => {
    const { end } = drive(() => 0.9, { initialSize: 8 });
    expect(end).toMatchObject({ done: true, converged: false });
    expect(end.size).toBeUndefined();
    expect(end.reason).toMatch(/needs more memory/);
  });

  it('needs no bound when the unbounded run is safe', () => {
    const { tried, end } = drive(() => 0.3, { backlogSize: 500 });
    expect(tried).toEqual([500]);
    expect(end.unbounded).toBe(true);
  });
});

describe('bound search with a volume model', () => {
  it("stops when the model says the bracket is narrower than a run's peak varies", () => {
    const model = { base: 0.3, perUnit: 0.001 };
    const search = new BoundSearch({ targetHeap: 0.5, tolerance: 0.05, initialSize: 1000, modelOverride: () => model, peakNoiseAt: () => 0.05 });
    const rec = (size: number, good: boolean) => search.record({ size, taken: size, good, observation: { size, demand: good ? 0.45 : 0.55, kind: good ? 'measured' : 'lower-bound' } });
    rec(1000, false);
    rec(150, true);
    rec(240, false);
    // 90 files apart = 9 points by the model, more than the 5 points of noise: keep narrowing, at the model's aim.
    const step = search.next() as SearchStep;
    expect(step.done).toBe(false);
    expect(step.size).toBe(195);
    rec(195, false);
    // 45 files = 4.5 points: within the noise.
    const end = search.next() as SearchEnd;
    expect(end.done).toBe(true);
    expect(end.size).toBe(150);
    expect(end.reason).toMatch(/more runs cannot tell them apart/);
  });
});
