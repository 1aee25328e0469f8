import { describe, expect, it } from 'vitest';
import { autoTune } from '../engine/tuner/tune-loop.js';
import { boundSize } from '../engine/tuner/bound.js';
import { FakeRunner, type FakeLake } from './tuner-fake-runner.js';

// Largest safe bound of the fake lake: base + perFile × n ≤ target.
const lake: FakeLake = { backlogFiles: 4000, bytesPerFile: 1000, base: 0.1, perFile: 0.004, msPerFile: 100 };
const trueSafe = Math.floor((0.5 - lake.base) / lake.perFile); // 100 files

describe('autoTune against a scripted runner', () => {
  it('cancels doomed runs before they die, halves, and converges near the largest safe bound', async () => {
    const runner = new FakeRunner(lake);
    const result = await autoTune(runner, { initial: { boundedFiles: 1000 }, targetHeap: 0.5 });

    const cancelled = result.runs.filter((r) => r.outcome === 'cancelled-at-risk');
    expect(cancelled.length).toBeGreaterThan(0);
    for (const r of cancelled) {
      // Cancelled before it would have died, with the evidence that made the call.
      expect(r.predictedAtMs).toBeLessThan(runner.naturalMs[r.index - 1]);
      expect(r.evidence?.executorId).toBe('1');
      expect(r.evidence?.heapFraction).toBeGreaterThan(0);
    }
    expect(result.runs.every((r) => !r.predictorMiss)).toBe(true);
    expect(result.converged).toBe(true);
    const found = boundSize(result.bound!)!;
    expect(found).toBeLessThanOrEqual(trueSafe);
    expect(found).toBeGreaterThanOrEqual(trueSafe * 0.9);
    expect(result.runs.length).toBeLessThanOrEqual(Math.log2(1000 / found) + 2);
    // The second run is at most half the first: a doomed run never leads to a larger bound.
    expect(boundSize(result.runs[1].bound)!).toBeLessThanOrEqual(500);
    // Trials never move the user's bookmark.
    expect(runner.requests.every((r) => r.advanceBookmark === false)).toBe(true);
    const actions = result.decisions.map((d) => d.action);
    expect(actions).toContain('cancel');
    expect(actions[actions.length - 1]).toBe('accept');
  });

  it('starts unbounded from the backlog size and finds the same bound', async () => {
    const runner = new FakeRunner(lake);
    const result = await autoTune(runner, { backlogSize: lake.backlogFiles });
    expect(result.runs[0].bound).toEqual({ unbounded: true });
    const found = boundSize(result.bound!)!;
    expect(found).toBeGreaterThanOrEqual(trueSafe * 0.9);
    expect(found).toBeLessThanOrEqual(trueSafe);
  });

  it('counts an OOM the predictor did not see coming as a miss, and still halves', async () => {
    const runner = new FakeRunner({ ...lake, suddenDeath: true });
    const result = await autoTune(runner, { initial: { boundedFiles: 1000 }, stopOverTarget: false });
    expect(result.runs[0].outcome).toBe('oom');
    expect(result.runs[0].predictorMiss).toBe(true);
    expect(boundSize(result.runs[1].bound)!).toBeLessThanOrEqual(500);
    expect(result.bound).toBeDefined();
  });

  it('tunes on a sample, then confirms the answer on full data', async () => {
    const runner = new FakeRunner(lake);
    const result = await autoTune(runner, { initial: { boundedFiles: 1000 }, sampleFraction: 0.25 });
    const sampled = result.runs.filter((r) => r.sampleFraction === 0.25);
    expect(sampled.length).toBeGreaterThan(0);
    const last = result.runs[result.runs.length - 1];
    expect(last.sampleFraction).toBeUndefined();
    expect(last.outcome).toBe('safe');
    expect(last.overTarget).toBe(false);
    expect(result.decisions.some((d) => d.action === 'confirm')).toBe(true);
    expect(boundSize(result.bound!)!).toBeLessThanOrEqual(trueSafe);
  });

  it('stops at --max-runs with the largest safe bound seen, not converged', async () => {
    const runner = new FakeRunner(lake);
    const result = await autoTune(runner, { initial: { boundedFiles: 1000 }, maxRuns: 2 });
    expect(result.runs.length).toBe(2);
    expect(result.converged).toBe(false);
    expect(result.decisions[result.decisions.length - 1].action).toBe('give-up');
  });

  it('stops when the user cancels: the run in progress ends and no other starts', async () => {
    const runner = new FakeRunner(lake);
    const controller = new AbortController();
    const result = await autoTune(runner, { initial: { boundedFiles: 1000 }, signal: controller.signal }, { onRunStart: () => controller.abort() });
    expect(runner.requests).toHaveLength(1);
    expect(result.runs[0]).toMatchObject({ outcome: 'failed', reason: 'cancelled by the user' });
    expect(result.converged).toBe(false);
    expect(result.decisions.at(-1)?.reason).toMatch(/cancelled by the user/);
  });

  it('does not shrink the bound for a failure that is not memory', async () => {
    const runner = new FakeRunner({ ...lake, brokenInput: true });
    const result = await autoTune(runner, { initial: { boundedFiles: 50 } });
    expect(result.runs).toHaveLength(1);
    expect(result.runs[0].outcome).toBe('failed');
    expect(result.converged).toBe(false);
    expect(result.decisions.at(-1)?.reason).toMatch(/malformed-data/);
  });
});
