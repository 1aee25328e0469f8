// skewscope replay: what would have been known, and when, on labelled generated runs.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulate } from '../bench/scenarios/simulate.js';
import { openEventLogs } from '../engine/ingest/open-event-logs.js';
import { formatReplay, replayRun } from '../engine/cli/replay.js';

async function replayScenario(kind: Parameters<typeof simulate>[0], seed: number) {
  const s = simulate(kind, seed);
  const dir = mkdtempSync(join(tmpdir(), 'skewscope-replay-'));
  writeFileSync(join(dir, s.appId), s.lines.join('\n') + '\n');
  const { runs } = await openEventLogs(join(dir, s.appId));
  return { truth: s.truth, report: replayRun(runs[0], 200) };
}

describe('replay', () => {
  it('warns of the executor OOM before the executor is lost, and says by how much', async () => {
    const { truth, report } = await replayScenario('executor-oom', 3);
    const oom = truth.oom!;
    const lost = report.moments.find((m) => m.kind === 'executor-lost');
    expect(lost?.subject).toBe(`executor ${oom.executorId}`);
    expect(lost?.text).toContain('executor-oom');
    const risk = report.moments.find((m) => m.kind === 'risk' && m.subject === `executor ${oom.executorId}` && m.text.includes('risk high'));
    expect(risk).toBeDefined();
    expect(risk!.t).toBeLessThan(oom.at);
    expect(report.firstHighRiskAt).toBe(risk!.t);
    expect(report.leadMs).toBe(report.firstFailureAt! - risk!.t);
    expect(report.leadMs).toBeGreaterThan(0);
    expect(formatReplay(report)).toMatch(/First high OOM risk came .+ before the first failure/);
  });

  it('stays quiet on a clean control: no failures, no high risk', async () => {
    const { report } = await replayScenario('clean', 3);
    expect(report.moments.filter((m) => m.kind !== 'finding')).toEqual([]);
    expect(report.firstHighRiskAt).toBeUndefined();
    expect(report.leadMs).toBeUndefined();
  });

  it('evaluates the requested number of instants across the run', async () => {
    const { report } = await replayScenario('clean', 4);
    expect(Math.ceil((report.endTime - report.startTime) / report.stepMs)).toBeLessThanOrEqual(200);
    expect(report.stepMs).toBeGreaterThan(0);
  });
});
