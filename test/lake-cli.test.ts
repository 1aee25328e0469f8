// `skewscope demo-lake` then `skewscope lake ls`: the two commands a new user runs, as real
// processes of the built CLI (`npm test` builds first; alone: `npm run build` before this file).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Bookmarks } from '../engine/lake/bookmarks.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'skewscope-cli-'));
const lake = join(dir, 'lake');
const home = join(dir, 'home');

function skewscope(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['bin/skewscope.js', ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, SKEWSCOPE_HOME: home },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface LsJson {
  selected: { path: string; size: number; mtime: number; partitionValues: Record<string, string> }[];
  selectedFiles: number;
  selectedBytes: number;
  remainingFiles: number;
  remainingBytes: number;
}

beforeAll(() => {
  if (!existsSync(join(repoRoot, 'dist', 'engine', 'cli.js'))) throw new Error('the CLI is not built: run `npm run build` first');
  const r = skewscope('demo-lake', lake, '--files', '40', '--rows-per-file', '20', '--days', '2');
  expect(r.stderr).toContain('writing: 100% (51/51 files)');
  expect(r.status).toBe(0);
  expect(r.stdout).toContain('badge_access/  40 files, 800 records');
  expect(r.stdout).toContain(`skewscope lake ls ${join(lake, 'badge_access')} --bounded-files 10`);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('skewscope lake ls', () => {
  it('shows what the next three bounded runs would take', () => {
    const r = skewscope('lake', 'ls', join(lake, 'badge_access'), '--bounded-files', '10');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('partition columns: partition_0, partition_1, partition_2, partition_3');
    expect(r.stdout).toMatch(/backlog: 40 files, [\d.]+ KiB in 40 partitions/);
    expect(r.stdout).toContain('boundedFiles = 10: each run takes the oldest files first (modification time, then path)');
    expect(r.stdout).toMatch(/Next run takes 10 files/);
    expect(r.stdout).toMatch(/^1 +10 /m);
    expect(r.stdout).toMatch(/^3 +10 /m);
    expect(r.stdout).toMatch(/Remaining after run 3: 10 files, .* — about 1 more run at this bound\./);
  });

  it('prints the next run as JSON, oldest first, and respects the bookmark', () => {
    const first = JSON.parse(skewscope('lake', 'ls', join(lake, 'badge_access'), '--bounded-files', '10', '--json').stdout) as LsJson;
    expect(Object.keys(first)).toEqual(['selected', 'selectedFiles', 'selectedBytes', 'remainingFiles', 'remainingBytes']);
    expect(first.selectedFiles).toBe(10);
    expect(first.remainingFiles).toBe(30);
    expect(first.selected.map((f) => f.mtime)).toEqual([...first.selected.map((f) => f.mtime)].sort((a, b) => a - b));
    expect(first.selectedBytes).toBe(first.selected.reduce((a, f) => a + f.size, 0));
    expect(first.selected[0].partitionValues).toEqual({ partition_0: '2020', partition_1: '01', partition_2: '01', partition_3: '00' });

    // A run of job `badges` commits the first ten; the next listing through its bookmark skips them.
    const bookmarks = Bookmarks.open({ file: join(home, 'skewscope.db') });
    const lease = bookmarks.begin({ job: 'badges' });
    lease.view('datasource0');
    bookmarks.commit(lease, { datasource0: first.selected });
    bookmarks.close();
    const next = JSON.parse(
      skewscope('lake', 'ls', join(lake, 'badge_access'), '--bounded-files', '10', '--job', 'badges', '--ctx', 'datasource0', '--json').stdout,
    ) as LsJson;
    expect(next.selectedFiles).toBe(10);
    expect(next.remainingFiles).toBe(20);
    expect(next.selected.some((f) => first.selected.some((g) => g.path === f.path))).toBe(false);
    const human = skewscope('lake', 'ls', join(lake, 'badge_access'), '--bounded-size', '64k', '--job', 'badges', '--ctx', 'datasource0');
    expect(human.stdout).toMatch(/bookmark badges \/ datasource0: 10 files already processed \(high-water mark 2020-01-01 /);
    expect(human.stdout).toContain('boundedSize = 64.0 KiB');

    const status = skewscope('lake', 'bookmark', 'badges', '--json');
    expect(JSON.parse(status.stdout)).toMatchObject({ job: 'badges', lastRun: 1, running: null, contexts: [{ ctx: 'datasource0', headRun: 1, history: [{ run: 1, files: 10 }] }] });
    const reset = skewscope('lake', 'bookmark', 'badges', '--reset');
    expect(reset.stdout).toMatch(/^job badges: 1 run\(s\)\n  datasource0: state of run 0, version 2, high-water mark \(none\)\n$/);
  });

  it('fails with one clear line (and a caret for predicates), exit code 1', () => {
    const typo = skewscope('lake', 'ls', join(lake, 'badge_access'), '--predicate', "partiton_0 = '2020'");
    expect(typo.status).toBe(1);
    expect(typo.stderr).toBe(
      "skewscope: push_down_predicate: unknown column `partiton_0` at 1; columns are partition_0, partition_1, partition_2, partition_3\n  partiton_0 = '2020'\n  ^\n",
    );
    const both = skewscope('lake', 'ls', lake, '--bounded-files', '5', '--bounded-size', '1m');
    expect(both).toMatchObject({ status: 1, stderr: 'skewscope: give boundedFiles or boundedSize, not both: Glue applies one bound per run\n' });
    const excl = skewscope('lake', 'ls', lake, '--exclusions', '**.tmp');
    expect(excl.status).toBe(1);
    expect(excl.stderr).toMatch(/^skewscope: exclusions must be a JSON list of globs such as \["\*\*\.tmp", "\*\*\/_SUCCESS"\]: /);
    const missing = skewscope('lake', 'ls', join(dir, 'nope'));
    expect(missing).toMatchObject({ status: 1, stderr: `skewscope: ${join(dir, 'nope')} does not exist; give a folder of the lake or an s3://bucket/prefix URI\n` });
    const again = skewscope('demo-lake', lake, '--files', '3');
    expect(again).toMatchObject({ status: 1, stderr: `skewscope: ${join(lake, 'badge_access')} already has files; remove it or choose another folder for the demo lake\n` });
  });

  it('streams an unbounded listing without holding it, filtered by the predicate', () => {
    const r = skewscope('lake', 'ls', join(lake, 'badge_access'), '--predicate', "partition_2 = '02' AND CAST(partition_3 AS int) < 4", '--json');
    const out = JSON.parse(r.stdout) as LsJson;
    expect(out.selectedFiles).toBe(out.selected.length);
    expect(out.selected.map((f) => f.partitionValues.partition_3).sort()).toEqual(['00', '01', '02', '03']);
    const human = skewscope('lake', 'ls', join(lake, 'badge_access'), '--predicate', "partition_2 = '02'");
    expect(human.stdout).toMatch(/20 files, .* in 20 partitions \(1 partition folders pruned by the predicate, never listed\)/);
  });
});
