import { describe, expect, it } from 'vitest';
import { diagnose } from '../engine/analysis/diagnose.js';
import { LiveOomMonitor } from '../engine/analysis/live-oom-monitor.js';
import { OomRiskPredictor } from '../engine/analysis/oom-risk.js';
import { DEFAULT_SETTINGS } from '../engine/analysis/settings.js';
import type { MemorySeries } from '../engine/model/job-run.js';
import { run, stage, task, T0 } from './analysis-run-builder.js';

const GB = 1024 ** 3;
const MB = 1024 ** 2;

/** Feeds fractions sampled every `every` ms and returns the first 'high' time (or undefined) and the last level. */
function replay(fracs: number[], every: number, workEndAt?: number) {
  const p = new OomRiskPredictor(4 * GB, DEFAULT_SETTINGS, { kind: 'metrics-update' });
  let last;
  for (let i = 0; i < fracs.length; i++) {
    p.push(T0 + i * every, fracs[i] * 4 * GB);
    last = p.assess(T0 + i * every, workEndAt, T0);
  }
  return { first: p.earliestWarningAt, last, crossed: p.firstCrossingAt };
}

const sawtooth = (i: number) => 0.03 * ((i % 5) / 5);

describe('OOM-risk predictor', () => {
  it('warns on a steady rise past 50 % that reaches the limit before the work ends, never before the crossing', () => {
    const fracs = Array.from({ length: 60 }, (_, i) => 0.3 + i * 0.01 + sawtooth(i));
    const r = replay(fracs, 10_000, T0 + 3_600_000);
    expect(r.first).toBeDefined();
    expect(r.first as number).toBeGreaterThanOrEqual(r.crossed as number);
    expect(r.last?.level).toBe('high');
    expect(r.last?.slopePerMinute).toBeGreaterThan(0.05);
    expect(r.last?.slopePerMinute).toBeLessThan(0.075);
    expect(r.last?.confidence).toBeGreaterThan(0.5);
  });

  it('calls a flat heap above 50 % medium, never high', () => {
    const r = replay(Array.from({ length: 60 }, (_, i) => 0.6 + sawtooth(i)), 10_000, T0 + 3_600_000);
    expect(r.first).toBeUndefined();
    expect(r.last?.level).toBe('medium');
  });

  it('does not take a one-off step (a heavy task held) for growth', () => {
    const r = replay(Array.from({ length: 60 }, (_, i) => (i < 30 ? 0.4 : 0.7) + sawtooth(i)), 10_000, T0 + 3_600_000);
    expect(r.first).toBeUndefined();
  });

  it('stays medium when the work ends before the projected limit', () => {
    const fracs = Array.from({ length: 30 }, (_, i) => 0.3 + i * 0.01 + sawtooth(i));
    const r = replay(fracs, 10_000, T0 + 30 * 10_000 + 60_000);
    expect(r.last?.level).toBe('medium');
    expect(r.first).toBeUndefined();
  });

  it('with no work known (a driver listing), a rise past 50 % is medium until the heap reaches 90 %', () => {
    // The same steady rise that is high against a known end of the work.
    const fracs = Array.from({ length: 60 }, (_, i) => 0.3 + i * 0.01 + sawtooth(i));
    const r = replay(fracs.filter((f) => f < 0.9), 10_000);
    expect(r.first).toBeUndefined();
    expect(r.last?.level).toBe('medium');
    expect(r.last?.reason).toMatch(/how much work is left is unknown/);
    expect(replay(fracs, 10_000).last?.level).toBe('high');
  });

  it('needs 4 points for a rising trend (Mann–Kendall at 5 %: all 4 rising is 1/24 by chance); 3 are not enough', () => {
    expect(replay([0.45, 0.55, 0.65, 0.75], 10_000, T0 + 3_600_000).last?.level).toBe('high');
    expect(replay([0.55, 0.65, 0.75], 10_000, T0 + 3_600_000).last?.level).toBe('medium');
  });

  it('projects with the lower bound of the slope: high only if even that reaches the limit before the work ends', () => {
    // Pairwise slopes 0.5–1.5 %/s, median ≈ 0.92 %/s, lower bound (4 points) the smallest, 0.5 %/s.
    // From 70 % at t = 30 s the median slope reaches the limit at ≈ 63 s, the lower bound at 90 s.
    const fracs = [0.45, 0.5, 0.65, 0.7];
    expect(replay(fracs, 10_000, T0 + 75_000).last?.level).toBe('medium');
    expect(replay(fracs, 10_000, T0 + 100_000).last?.level).toBe('high');
  });

  it('is high at 90 % of the limit whatever the trend', () => {
    expect(replay([0.5, 0.91], 10_000).last?.level).toBe('high');
    expect(replay([0.5, 0.89], 10_000).last?.level).not.toBe('high');
  });

  it('says nothing without a limit', () => {
    const p = new OomRiskPredictor(undefined, DEFAULT_SETTINGS);
    p.push(T0, GB);
    expect(p.assess(T0, undefined, T0)).toMatchObject({ level: 'low', confidence: 0 });
  });
});

describe('live monitor', () => {
  it('tracks several heaps and ranks the rising one first', () => {
    const m = new LiveOomMonitor(T0);
    // A local run polls every 250 ms: 2 minutes of it, one heap leaking, one with a GC sawtooth.
    for (let i = 0; i < 480; i++) {
      const t = T0 + i * 250;
      m.observe('1', t, (0.3 + i * 0.0012) * GB, GB);
      m.observe('2', t, (0.35 + 0.1 * ((i % 24) / 24)) * GB, GB);
    }
    const risks = m.assess(T0 + 479 * 250, T0 + 600_000);
    expect(risks.map((r) => [r.executorId, r.level])).toEqual([
      ['1', 'high'],
      ['2', 'low'],
    ]);
    expect(risks[0].earliestWarningAt).toBeDefined();
  });
});

describe('driver OOM while listing', () => {
  function driverRun(withListing: boolean) {
    const t: number[] = [];
    const used: number[] = [];
    const files: number[] = [];
    for (let i = 0; i <= 70; i++) {
      t.push(T0 + i * 5000);
      files.push(i * 500);
      used.push(200 * MB + i * 500 * 50 * 1024);
    }
    const memory: MemorySeries[] = [{ executorId: 'driver', kind: 'metrics-update', t, used, limitBytes: 2 * GB, limitSource: 'spark.driver.memory' }];
    return run({ memory, ...(withListing ? { listing: { t, filesListed: files } } : {}) });
  }

  it('infers a driver OOM before any job and prices the heap per file listed', () => {
    const d = diagnose(driverRun(true));
    const f = d.findings[0];
    expect(f).toMatchObject({ id: 'driver-oom', severity: 'critical', rule: 'driver-heap-at-limit' });
    expect(f.title).toMatch(/listing or planning the input, before any job started/);
    // 50 KiB per file on top of 200 MiB; 50 % of 2 GiB leaves 824 MiB → 16,875 files, rounded down to 16,000.
    expect(f.recommendation).toMatch(/^Set boundedFiles ≤ 16,000: the driver heap grows ≈ 48\.8 MiB per 1,000 files listed/);
    expect(d.oomRisk.find((r) => r.executorId === 'driver')?.earliestWarningAt).toBeDefined();
  });

  it('without listing progress, advises bounding the input and gives the growth rate', () => {
    const f = diagnose(driverRun(false)).findings[0];
    expect(f.id).toBe('driver-oom');
    expect(f.recommendation).toMatch(/boundedFiles/);
    expect(f.recommendation).toMatch(/per minute while listing/);
  });
});

describe('heap headroom and GC findings', () => {
  const series = (frac: number): MemorySeries[] => [
    { executorId: '1', kind: 'task-end-peak', t: [T0, T0 + 1000], used: [0.2 * 4 * GB, frac * 4 * GB], limitBytes: 4 * GB, limitSource: 'spark.executor.memory' },
  ];
  const finished = { attempts: [{ startTime: T0, endTime: T0 + 5000, lastUpdated: T0 + 5000, duration: 5000, sparkUser: 't', completed: true, appSparkVersion: '3.3.0' }], id: 'a', name: 'a' };

  it('flags a heap at 50 % of its limit (Glue’s safe threshold), not below; critical from 90 %', () => {
    const at = (frac: number) => diagnose(run({ application: finished, memory: series(frac) })).findings.find((f) => f.id === 'heap-over-safe');
    expect(at(0.49)).toBeUndefined();
    expect(at(0.5)?.severity).toBe('warning');
    expect(at(0.5)?.title).toMatch(/^Heap peaked at 50 % of 4\.0 GiB on executor 1/);
    expect(at(0.9)?.severity).toBe('critical');
  });

  it('flags GC above 10 % of task time in a stage, not at it', () => {
    const gcRun = (gcMs: number) =>
      run({
        stages: [stage(0, 2)],
        tasks: [0, 1].map((i) => task(0, i, 60_000, { m: { executorRunTime: 60_000, jvmGcTime: gcMs } })),
      });
    expect(diagnose(gcRun(6_000)).findings.some((f) => f.rule === 'spark-ui-gc-share')).toBe(false);
    expect(diagnose(gcRun(6_001)).findings.find((f) => f.rule === 'spark-ui-gc-share')?.evidence.stageIds).toEqual([0]);
  });
});
