// Round trip: the model folded live from the engine's events equals the model the importer
// builds from the event log file the engine wrote — including executor losses, memory series
// and hot keys.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEventLogs } from '../engine/ingest/open-event-logs.js';
import { SparkEventFolder } from '../engine/ingest/spark-event-folder.js';
import type { JobRun } from '../engine/model/job-run.js';
import { startRun } from '../engine/runtime/driver.js';
import { fixtureSpec, makeFixtureLake } from './runtime-fixture-lake.js';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'skewscope-roundtrip-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Everything but where the run came from (live vs file); tasks in id order (the folder keeps insertion order). */
function comparable(run: JobRun): Omit<JobRun, 'source' | 'warnings'> {
  const { source: _source, warnings: _warnings, ...rest } = run;
  return { ...rest, tasks: [...rest.tasks].sort((a, b) => a.taskId - b.taskId) };
}

describe('engine event log round trip', () => {
  it('importing the log gives the live model, OOMs and hot keys included', async () => {
    const lake = makeFixtureLake(join(root, 'lake'), { files: 16, rowsPerFile: 4000, hotShare: 0.7, malformedEvery: 500 });
    const run = startRun(fixtureSpec(lake.dir, join(root, 'out')), {
      eventLogDir: join(root, 'logs'),
      workDir: join(root, 'work'),
      bookmarkDb: join(root, 'bookmarks.db'),
      executorHeapMb: 32,
    });
    const live = new SparkEventFolder({ source: { kind: 'local', path: run.eventLogPath }, warn: () => {} });
    run.subscribe((e) => live.acceptEvent(e));
    const result = await run.result;
    expect(result.status).toBe('failed');
    expect(result.cause).toBe('executor-oom');

    const liveModel = live.result();
    const { runs } = await openEventLogs(result.eventLog);
    expect(runs).toHaveLength(1);
    expect(comparable(runs[0])).toEqual(comparable(liveModel));
    expect(liveModel.warnings).toEqual([]);
    expect(runs[0].warnings).toEqual([]);

    // What the views need is really there.
    const m = runs[0];
    expect(m.id).toBe(result.appId);
    expect(m.executors.find((x) => x.id === '1')?.removeReason).toMatch(/OutOfMemoryError/);
    expect(m.tasks.filter((t) => t.failure?.reason === 'ExecutorLostFailure').length).toBeGreaterThanOrEqual(4);
    expect(m.jobs[0].status).toBe('FAILED');
    expect(m.hotKeys.length).toBeGreaterThan(0);
    expect([...m.hotKeys].sort((a, b) => b.records - a.records)[0].key).toBe(String(lake.badges[0].BadgeID));
    for (const id of ['driver', '1', '2']) {
      const series = m.memory.find((s) => s.executorId === id && s.kind === 'metrics-update');
      expect(series, `memory series of ${id}`).toBeDefined();
      const gaps = series!.t.slice(1).map((t, i) => t - series!.t[i]).sort((a, b) => a - b);
      expect(gaps.every((g) => g >= 0)).toBe(true);
      if (gaps.length) expect(gaps[Math.floor(gaps.length / 2)]).toBeLessThanOrEqual(250);
      expect(series!.limitBytes).toBe((id === 'driver' ? 64 : 32) * 2 ** 20);
    }
  });
});
