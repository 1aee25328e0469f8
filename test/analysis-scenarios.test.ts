// The accuracy bench's generated logs go through the real importer; one of each problem here
// proves the generator writes what Spark writes and the detectors find what was injected.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { simulate, type ScenarioKind } from '../bench/scenarios/simulate.js';
import { diagnose } from '../engine/analysis/diagnose.js';
import { openEventLogs } from '../engine/ingest/open-event-logs.js';

const dir = mkdtempSync(join(tmpdir(), 'skewscope-scenarios-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function load(kind: ScenarioKind, seed: number) {
  const s = simulate(kind, seed);
  const path = join(dir, s.appId);
  writeFileSync(path, s.lines.join('\n') + '\n');
  const { runs, warnings } = await openEventLogs(path);
  expect(warnings).toEqual([]);
  return { d: diagnose(runs[0]), truth: s.truth, run: runs[0] };
}

describe('generated scenario logs through the importer', () => {
  it('executor OOM: the dead executor, its cause and the lost attempts are found', async () => {
    const { d, truth } = await load('executor-oom', 2);
    const f = d.findings.find((x) => x.id === 'executor-oom');
    expect(f?.severity).toBe('critical');
    expect(f?.evidence.executorIds).toEqual([truth.oom?.executorId]);
    expect(d.failures.executors.map((e) => [e.executorId, e.cause])).toEqual([[truth.oom?.executorId, 'executor-oom']]);
  });

  it('skewed partitions: stage 1 is skewed by AQE’s rule and its heavy tasks are stragglers', async () => {
    const { d, truth } = await load('skew', 2);
    const s = d.skew.find((x) => x.stageId === 1);
    expect(s?.hits.map((h) => h.rule)).toContain('spark-aqe-skew');
    const slow = new Set(d.stragglers.tasks.map((t) => t.taskId));
    for (const id of truth.stragglerTaskIds) expect(slow.has(id)).toBe(true);
  });

  it('slow executor: named by the straggler test', async () => {
    const { d, truth } = await load('slow-executor', 2);
    expect(d.stragglerExecutors.flagged.map((e) => e.executorId)).toEqual(truth.badExecutors);
    expect(d.stragglerExecutors.flagged[0].test).toBe('stragglers');
  });

  it('driver OOM while listing: the log stops before any job and the driver is named', async () => {
    const { d, run } = await load('driver-oom-listing', 2);
    expect(run.jobs).toEqual([]);
    const f = d.findings.find((x) => x.id === 'driver-oom');
    expect(f?.title).toMatch(/before any job started/);
    expect(d.oomRisk.find((r) => r.executorId === 'driver')?.earliestWarningAt).toBeDefined();
  });

  it('clean control: no critical or warning finding', async () => {
    const { d } = await load('clean', 2);
    expect(d.findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });
});
