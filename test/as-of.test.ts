import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { runAsOf } from '../engine/model/as-of.js';
import { diagnose } from '../engine/analysis/diagnose.js';
import { openEventLogs } from '../engine/ingest/open-event-logs.js';

const fixtures = fileURLToPath(new URL('../../shared/fixtures/spark-events/', import.meta.url));

describe('runAsOf', async () => {
  const { runs } = await openEventLogs(fixtures + 'application_1628109047826_1317105');
  const r = runs[0];
  const start = r.application.attempts[0].startTime;
  const end = r.application.attempts[0].endTime;

  it('returns the run itself once everything has happened', () => {
    expect(runAsOf(r, end + 1)).toBe(r);
  });

  it('shows tasks launched by t, those finishing later as RUNNING without metrics or end reason', () => {
    const slow = r.tasks.find((t) => t.taskId === 3);
    expect(slow).toBeDefined();
    const t = (slow?.launchTime ?? 0) + 10_000;
    const cut = runAsOf(r, t);
    expect(cut.tasks.every((x) => x.launchTime <= t)).toBe(true);
    const shown = cut.tasks.find((x) => x.taskId === 3);
    expect(shown).toMatchObject({ status: 'RUNNING', finishTime: 0 });
    expect(shown?.metrics).toBeUndefined();
    expect(shown?.executorPeaks).toBeUndefined();
    for (const x of cut.tasks) if (x.status !== 'RUNNING') expect(x.finishTime).toBeLessThanOrEqual(t);
    expect(cut.application.attempts[0]).toMatchObject({ completed: false, endTime: -1 });
    expect(cut.source.inProgress).toBe(true);
    expect(r.tasks.find((x) => x.taskId === 3)?.status).toBe('SUCCESS'); // the input is untouched
  });

  it('keeps stages, jobs, executors and memory samples only up to t', () => {
    const t = start + (end - start) / 2;
    const cut = runAsOf(r, t);
    for (const s of cut.stages) if (s.completionTime !== undefined) expect(s.completionTime).toBeLessThanOrEqual(t);
    for (const j of cut.jobs) expect(j.status === 'RUNNING' || (j.completionTime ?? 0) <= t).toBe(true);
    for (const e of cut.executors) {
      expect(e.addTime).toBeLessThanOrEqual(t);
      if (e.removeTime !== undefined) expect(e.removeTime).toBeLessThanOrEqual(t);
    }
    for (const m of cut.memory) for (const x of m.t) expect(x).toBeLessThanOrEqual(t);
  });

  it('lets the speculation rule flag the slow task live, as Spark did', () => {
    const slow = r.tasks.find((t) => t.taskId === 3);
    const d = diagnose(r, { asOf: (slow?.launchTime ?? 0) + 20_000 });
    const s = d.stragglers.tasks.find((x) => x.taskId === 3);
    expect(s?.running).toBe(true);
    expect(s?.durationMs).toBe(20_000);
  });
});
