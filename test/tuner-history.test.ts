import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TuningHistory } from '../engine/store/tuning-history.js';
import { autoTune } from '../engine/tuner/tune-loop.js';
import { FakeRunner } from './tuner-fake-runner.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('tuning history in SQLite', () => {
  it('keeps every run and decision with its evidence across a reopen', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'skewscope-tuning-'));
    dirs.push(dir);
    const file = join(dir, 'skewscope.db');
    const history = TuningHistory.open({ file });
    const id = history.startSession({ job: 'badges', runner: 'fake', targetHeap: 0.5, options: { initial: 1000 } });
    const result = await autoTune(
      new FakeRunner({ backlogFiles: 4000, bytesPerFile: 1000, base: 0.1, perFile: 0.004, msPerFile: 100 }),
      { initial: { boundedFiles: 1000 } },
      { onRunEnd: (r) => history.recordRun(id, r), onDecision: (d) => history.recordDecision(id, d) },
    );
    history.finishSession(id, result);
    history.close();

    const reopened = TuningHistory.open({ file });
    const s = reopened.session(id)!;
    expect(s.job).toBe('badges');
    expect(s.bound).toEqual(result.bound);
    expect(s.converged).toBe(true);
    expect(s.runs).toEqual(result.runs);
    expect(s.decisions).toEqual(result.decisions);
    const cancel = s.decisions.find((d) => d.action === 'cancel')!;
    expect(cancel.evidence?.heapFraction).toBeGreaterThan(0);
    expect(cancel.evidence?.slopePerSec).toBeGreaterThan(0);
    expect(reopened.sessions('badges').map((r) => r.id)).toEqual([id]);
    expect(reopened.sessions('other')).toEqual([]);
    reopened.close();
  });
});
