import { describe, expect, it } from 'vitest';
import { diagnose } from '../engine/analysis/diagnose.js';
import { run, stage, task, T0 } from './analysis-run-builder.js';

const ids = (d: ReturnType<typeof diagnose>) => d.stragglers.tasks.map((t) => t.taskId);

describe("stragglers: Spark's speculation rule", () => {
  it('flags a finished task only when it ran longer than exactly 1.5 × the median', () => {
    const ok = [task(0, 0, 1000), task(0, 1, 1000), task(0, 2, 1000), task(0, 3, 1000)];
    const atBoundary = task(0, 4, 1500);
    const justOver = task(0, 5, 1501);
    // median of 6 successes (1000,1000,1000,1000,1500,1501) is 1000
    const d = diagnose(run({ stages: [stage(0, 6)], tasks: [...ok, atBoundary, justOver] }));
    expect(ids(d)).toEqual([justOver.taskId]);
    expect(d.stragglers.stages[0].thresholdMs).toBe(1500);
  });

  it('never calls a task under the 100 ms floor a straggler', () => {
    const tasks = [task(0, 0, 40), task(0, 1, 40), task(0, 2, 40), task(0, 3, 100), task(0, 4, 101)];
    const d = diagnose(run({ stages: [stage(0, 5)], tasks }));
    expect(d.stragglers.stages[0].thresholdMs).toBe(100);
    expect(ids(d)).toEqual([tasks[4].taskId]);
  });

  it('applies live: a running task is a straggler once enough tasks succeeded and it ran > threshold', () => {
    const done = [task(0, 0, 1000), task(0, 1, 1000), task(0, 2, 1000)];
    const running = task(0, 3, 'running');
    const r = run({ stages: [stage(0, 4, { status: 'ACTIVE' })], tasks: [...done, running] });
    expect(ids(diagnose(r, { asOf: T0 + 1500 }))).toEqual([]);
    const later = diagnose(r, { asOf: T0 + 1501 });
    expect(ids(later)).toEqual([running.taskId]);
    expect(later.stragglers.tasks[0].running).toBe(true);
  });

  it('waits for floor(0.75 × numTasks) successes before naming anyone', () => {
    const tasks = [task(0, 0, 1000), task(0, 1, 1000), task(0, 2, 'running'), task(0, 3, 'running')];
    const d = diagnose(run({ stages: [stage(0, 4, { status: 'ACTIVE' })], tasks }), { asOf: T0 + 60_000 });
    expect(d.stragglers.stages[0].minFinishedForCheck).toBe(3);
    expect(d.stragglers.stages[0].checked).toBe(false);
    expect(ids(d)).toEqual([]);
  });

  it('honours the quantile and multiplier settings', () => {
    const tasks = [task(0, 0, 1000), task(0, 1, 1000), task(0, 2, 1000), task(0, 3, 1900)];
    const r = run({ stages: [stage(0, 4)], tasks });
    expect(ids(diagnose(r))).toEqual([tasks[3].taskId]);
    expect(ids(diagnose(r, { settings: { speculationMultiplier: 2 } }))).toEqual([]);
  });

  it('never calls a killed attempt a straggler', () => {
    const tasks = [task(0, 0, 1000), task(0, 1, 1000), task(0, 2, 1000), task(0, 3, 9000, { status: 'KILLED', failure: { reason: 'TaskKilled', description: 'another attempt succeeded' } })];
    expect(ids(diagnose(run({ stages: [stage(0, 4)], tasks })))).toEqual([]);
  });

  it('marks as significant only stragglers far outside the stage spread', () => {
    const normal = Array.from({ length: 40 }, (_, i) => task(0, i, Math.round(1000 * (0.7 + ((i * 37) % 60) / 100))));
    const mild = task(0, 40, 1700);
    const wild = task(0, 41, 9000);
    const d = diagnose(run({ stages: [stage(0, 42)], tasks: [...normal, mild, wild] }));
    const byId = new Map(d.stragglers.tasks.map((s) => [s.taskId, s]));
    expect(byId.get(mild.taskId)?.significant).toBe(false);
    expect(byId.get(wild.taskId)?.significant).toBe(true);
  });

  it('Studentizes the outlier test: past the normal limit (3.5) but inside the t limit (ν ≈ 15) is not significant', () => {
    const normal = Array.from({ length: 40 }, (_, i) => task(0, i, Math.round(1000 * (0.7 + ((i * 37) % 60) / 100))));
    const x = task(0, 40, 2400);
    const s = diagnose(run({ stages: [stage(0, 41)], tasks: [...normal, x] })).stragglers.tasks.find((t) => t.taskId === x.taskId);
    expect(s?.robustZ).toBeGreaterThan(3.5);
    expect(s?.significant).toBe(false);
  });
});

describe('straggler executors', () => {
  it("names the executor that failed 7 of its 9 tasks and says so", () => {
    const tasks = [];
    for (let e = 1; e <= 10; e++) for (let i = 0; i < 9; i++) tasks.push(task(0, e * 10 + i, 1000, { executorId: String(e + 10), host: `h${e}` }));
    for (const t of tasks.filter((t) => t.executorId === '19').slice(0, 7)) {
      t.status = 'FAILED';
      t.failure = { reason: 'ExceptionFailure', className: 'java.io.IOException', description: 'No space left on device' };
      delete t.metrics;
    }
    const d = diagnose(run({ stages: [stage(0, 90)], tasks }));
    expect(d.stragglerExecutors.flagged.map((e) => e.executorId)).toEqual(['19']);
    const f = d.findings.find((x) => x.id === 'straggler-executor:19');
    expect(f?.title).toMatch(/^Executor 19 failed 7 of its 9 tasks/);
    expect(f?.evidence.executorIds).toEqual(['19']);
    expect(f?.evidence.taskIds).toHaveLength(7);
  });

  it('judges executors on significant stragglers: the 1.5 × noise tail does not name one, outliers do', () => {
    const build = (slowMs: number) => {
      const tasks = [];
      for (let e = 1; e <= 10; e++) {
        for (let i = 0; i < 20; i++) {
          const index = e * 20 + i;
          const ms = e === 5 && i < 6 ? slowMs : Math.round(1000 * (0.7 + ((index * 37) % 60) / 100));
          tasks.push(task(0, index, ms, { executorId: String(e), host: `h${e}` }));
        }
      }
      return diagnose(run({ stages: [stage(0, 200)], tasks }));
    };
    const mild = build(1600);
    expect(mild.stragglers.tasks.filter((t) => t.executorId === '5')).toHaveLength(6);
    expect(mild.stragglers.tasks.some((t) => t.significant)).toBe(false);
    expect(mild.stragglerExecutors.flagged).toEqual([]);
    expect(build(9000).stragglerExecutors.flagged.map((e) => e.executorId)).toEqual(['5']);
  });

  it('does not name an executor on too little evidence (2 failures)', () => {
    const tasks = [];
    for (let e = 1; e <= 4; e++) for (let i = 0; i < 5; i++) tasks.push(task(0, e * 10 + i, 1000, { executorId: String(e) }));
    for (const t of tasks.filter((t) => t.executorId === '1').slice(0, 2)) t.status = 'FAILED';
    expect(diagnose(run({ stages: [stage(0, 20)], tasks })).stragglerExecutors.flagged).toEqual([]);
  });
});

describe('degenerate runs', () => {
  it('diagnoses an empty run, and any run before it started, without throwing', () => {
    const empty = diagnose(run());
    expect(empty.findings.map((f) => f.id)).toEqual(['all-clear', 'memory-data']);
    const r = run({ stages: [stage(0, 2)], tasks: [task(0, 0, 1000), task(0, 1, 1000)] });
    const before = diagnose(r, { asOf: T0 - 1 });
    expect(before.stragglers.tasks).toEqual([]);
    expect(before.skew).toEqual([]);
  });
});
