import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseDuration, runTune, type TuneCliOptions } from '../engine/cli/tune.js';
import { writeDemoLake } from '../engine/lake/demo/demo-lake.js';

const SPEC = fileURLToPath(new URL('../assets/demo-job.json', import.meta.url));
const defaults: TuneCliOptions = { targetHeap: '0.5', maxRuns: '12', cancelAt: 'high', tolerance: '0.1' };
let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'skewscope-tune-cli-'));
  process.env.SKEWSCOPE_HOME = join(root, 'home');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function capture(f: () => Promise<number>): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  try {
    return { code: await f(), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe('skewscope tune', () => {
  it('reads durations as people write them', () => {
    expect(parseDuration('2h')).toBe(7_200_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('45s')).toBe(45_000);
    expect(() => parseDuration('soon')).toThrow(/--deadline "soon": expected a duration such as 2h/);
    expect(() => parseDuration('2h and a bit')).toThrow(/--deadline/);
  });

  it('names the option or file that is wrong, without a stack trace', async () => {
    const bad = await capture(() => runTune(SPEC, { ...defaults, targetHeap: '50' }));
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--target-heap "50": expected a fraction between 0 and 1/);
    const missing = await capture(() => runTune(join(root, 'nope.json'), defaults));
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('nope.json');
    expect(missing.err).not.toMatch(/\n\s+at /);
    const both = await capture(() => runTune(SPEC, { ...defaults, initialFiles: '10', initialSize: '1000' }));
    expect(both.err).toMatch(/cannot both be set/);
  });

  it('prints the documented --json shape after tuning on a demo lake', async () => {
    const lake = join(root, 'lake');
    await writeDemoLake(lake, { files: 60, rowsPerFile: 250, days: 2, concurrency: 4 });
    const r = await capture(() => runTune(SPEC, { ...defaults, lake, executorHeapMb: '32', maxRuns: '3', deadline: '1s', json: true }));
    const json = JSON.parse(r.out) as {
      bound: { boundedFiles?: number } | null;
      runs: { bound: Record<string, number>; outcome: string; peakHeap: number; predictedAtMs?: number; durationMs: number }[];
      plan: { sequential: { runs: number } } | null;
      glue: string[];
    };
    expect(json.runs.length).toBeGreaterThan(0);
    expect(json.runs.length).toBeLessThanOrEqual(3);
    for (const run of json.runs) {
      expect(['safe', 'cancelled-at-risk', 'oom', 'failed']).toContain(run.outcome);
      expect(run.peakHeap).toBeGreaterThan(0);
      expect(run.durationMs).toBeGreaterThan(0);
      if (run.outcome === 'cancelled-at-risk') expect(run.predictedAtMs).toBeGreaterThan(0);
    }
    // Progress went to stderr, one line per run at least.
    expect(r.err.match(/^run \d+: /gm)?.length).toBeGreaterThanOrEqual(json.runs.length);
    if (json.bound) {
      expect(json.glue).toContain(`additional_options = {"boundedFiles": "${json.bound.boundedFiles}"}`);
      expect(json.plan?.sequential.runs).toBeGreaterThan(0);
    }
  });
});
