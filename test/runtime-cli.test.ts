// `skewscope run` as a real process of the built CLI (`npm test` builds first; alone: `npm run
// build` before this file): the shipped demo job over a small demo lake, bounded runs that
// advance the bookmark, the --json summary, exit statuses, and spec errors that name the field.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'skewscope-run-cli-'));
const lake = join(dir, 'lake');
const out = join(dir, 'out');
const env = { ...process.env, SKEWSCOPE_HOME: join(dir, 'home') };

function skewscope(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['bin/skewscope.js', ...args], { cwd: repoRoot, encoding: 'utf8', env });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  if (!existsSync(join(repoRoot, 'dist', 'engine', 'cli.js'))) throw new Error('the CLI is not built: run `npm run build` first');
  expect(skewscope('demo-lake', lake, '--files', '60', '--rows-per-file', '100', '--days', '1', '--malformed-rate', '0.01').status).toBe(0);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('skewscope run', () => {
  it('runs the demo job in bounded runs that take the whole backlog once', () => {
    const first = skewscope('run', 'assets/demo-job.json', '--lake', lake, '--out', out, '--bounded-files', '40', '--json');
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    const a = JSON.parse(first.stdout);
    expect(a).toMatchObject({ status: 'succeeded', filesRead: 40 + 1 + 10, remainingFiles: 20 });
    expect(a.recordsWritten).toBeGreaterThan(3900);
    expect(a.recordsRead).toBe(40 * 100 + 107 + 12_249);
    expect(existsSync(a.eventLog)).toBe(true);
    expect(a.output).toMatch(/run_id=local-\d+$/);
    expect(Object.keys(a.peakHeap.executors)).toEqual(['1', '2']);
    expect(a.peakHeap.driver).toBeGreaterThan(0);

    const second = skewscope('run', 'assets/demo-job.json', '--lake', lake, '--out', out, '--bounded-files', '40');
    expect(second.status).toBe(0);
    expect(second.stdout).toMatch(/Succeeded in [\d.]+ s: 31 files/);
    expect(second.stdout).toContain('Event log: ');
    expect(second.stdout).toContain('Output:    ');
    expect(readdirSync(out).filter((n) => n.startsWith('run_id='))).toHaveLength(2);
  }, 120_000);

  it('exits 1 with the cause when the job fails, and 2 with the field path for a bad spec', () => {
    const strict = join(dir, 'strict.json');
    writeFileSync(strict, JSON.stringify({ ...JSON.parse(readFileSync(join(repoRoot, 'assets', 'demo-job.json'), 'utf8')), maxMalformedRecords: 0 }));
    const failed = skewscope('run', strict, '--lake', lake, '--out', out, '--bookmark', 'disable', '--json');
    expect(failed.status).toBe(1);
    expect(JSON.parse(failed.stdout)).toMatchObject({ status: 'failed', cause: 'malformed-data', output: null });

    const tight = skewscope('run', 'assets/demo-job.json', '--lake', lake, '--out', out, '--bookmark', 'disable', '--executor-heap-mb', '9', '--json');
    expect(tight.status).toBe(2);
    expect(tight.stderr).toMatch(/at least 24/);

    const spec = join(dir, 'bad.json');
    writeFileSync(spec, JSON.stringify({ name: 'x', sources: { a: { path: 'a', mappings: [['x', 'text', 'x', 'long']] } }, sink: { path: out } }));
    const bad = skewscope('run', spec);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('sources.a.mappings[0][1]');

    const both = skewscope('run', 'assets/demo-job.json', '--bounded-files', '3', '--bounded-size', '1MB');
    expect(both.status).toBe(2);
    expect(both.stderr).toMatch(/one of --bounded-files, --bounded-size/);
  }, 60_000);
});
