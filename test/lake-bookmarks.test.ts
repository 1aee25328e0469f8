// Glue-style bookmarks on a real SQLite file: band semantics, options, reset/rewind, the job
// lease, and the crash-safe commit (real processes killed with SIGKILL mid-commit).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BookmarkBusyError, BookmarkError, Bookmarks, type ProcessedFile } from '../engine/lake/bookmarks.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const MIN = 60_000;
const T0 = Date.UTC(2024, 0, 1);

let dir: string;
let dbFile: string;
const open: Bookmarks[] = [];
function bookmarks(options: ConstructorParameters<typeof Bookmarks>[1] = {}): Bookmarks {
  const b = Bookmarks.open({ file: dbFile, ...options });
  open.push(b);
  return b;
}
function file(name: string, mtime: number, size = 100): ProcessedFile {
  return { path: `s3://lake/t/${name}`, mtime, size };
}
/** Begins a run, takes every unprocessed file of `files` for ctx `c`, commits; returns what it took. */
function runOnce(b: Bookmarks, files: ProcessedFile[], take = Infinity, option?: 'enable' | 'disable' | 'pause'): string[] {
  const lease = b.begin({ job: 'j', option });
  const view = lease.view('c');
  const taken = files.filter((f) => view.isUnprocessed(f)).slice(0, take);
  b.commit(lease, { c: taken });
  return taken.map((f) => f.path.slice('s3://lake/t/'.length));
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'skewscope-bm-'));
  dbFile = join(dir, 'skewscope.db');
});
afterEach(() => {
  for (const b of open.splice(0)) b.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('bookmark state', () => {
  it('takes each file once across runs, including files sharing the high-water mtime', () => {
    const b = bookmarks();
    const files = [file('a', T0), file('b', T0 + MIN), file('c', T0 + MIN), file('d', T0 + MIN), file('e', T0 + 2 * MIN)];
    expect(runOnce(b, files, 2)).toEqual(['a', 'b']);
    // c and d have the same mtime as b (the mark): the band keeps them unprocessed.
    expect(runOnce(b, files, 2)).toEqual(['c', 'd']);
    expect(runOnce(b, files)).toEqual(['e']);
    expect(runOnce(b, files)).toEqual([]);
    const status = b.status('j');
    expect(status.lastRun).toBe(4);
    expect(status.contexts[0]).toMatchObject({ ctx: 'c', headRun: 4, version: 4, highWaterMark: T0 + 2 * MIN });
    expect(status.contexts[0].history.map((h) => h.files)).toEqual([2, 2, 1, 0]);
  });

  it('reprocesses an overwritten file and takes late files inside the band, as Glue does', () => {
    const b = bookmarks();
    const first = [file('a', T0), file('b', T0 + 30 * MIN)];
    expect(runOnce(b, first)).toEqual(['a', 'b']);
    const later = [
      file('a', T0 + 40 * MIN), // overwritten: same path, newer mtime
      file('b', T0 + 30 * MIN), // unchanged
      file('late', T0 + 20 * MIN), // arrived late, mtime 10 min below the mark: inside the band
      file('old', T0 + 5 * MIN), // mtime 25 min below the mark: Glue treats it as already seen
    ];
    expect(runOnce(b, later)).toEqual(['a', 'late']);
    expect(runOnce(b, later)).toEqual([]);
  });

  it('disable takes everything and pause does not move the bookmark', () => {
    const b = bookmarks();
    const files = [file('a', T0), file('b', T0 + MIN)];
    expect(runOnce(b, files, 1)).toEqual(['a']);
    expect(runOnce(b, files, Infinity, 'disable')).toEqual(['a', 'b']);
    expect(runOnce(b, files, Infinity, 'pause')).toEqual(['b']);
    expect(runOnce(b, files)).toEqual(['b']);
    expect(b.status('j').lastRun).toBe(4);
  });

  it('pause with from/to takes exactly what runs from+1..to took', () => {
    const b = bookmarks();
    const files = ['a', 'b', 'c', 'd', 'e'].map((n, i) => file(n, T0 + i * 20 * MIN));
    runOnce(b, files, 1); // run 1: a
    runOnce(b, files, 2); // run 2: b c
    runOnce(b, files, 1); // run 3: d
    const lease = b.begin({ job: 'j', option: 'pause', from: 1, to: 3 });
    expect(files.filter((f) => lease.view('c').isUnprocessed(f)).map((f) => f.path.slice(-1))).toEqual(['b', 'c', 'd']);
    b.commit(lease, {});
    expect(runOnce(b, files)).toEqual(['e']);
    expect(() => b.begin({ job: 'j', option: 'pause', from: 3, to: 2 })).toThrow('job-bookmark-from (3) is after job-bookmark-to (2)');
    expect(() => b.begin({ job: 'j', from: 1, to: 2 })).toThrow('apply only with the option pause');
  });

  it('reset forgets everything; rewind returns to the state after a run', () => {
    const b = bookmarks();
    const files = ['a', 'b', 'c', 'd'].map((n, i) => file(n, T0 + i * MIN));
    runOnce(b, files, 1); // 1: a
    runOnce(b, files, 1); // 2: b
    runOnce(b, files, 1); // 3: c
    b.rewind('j', 1);
    expect(runOnce(b, files)).toEqual(['b', 'c', 'd']); // run 4
    expect(b.status('j').contexts[0].history.map((h) => h.run)).toEqual([1, 4]);
    expect(() => b.rewind('j', 9)).toThrow('job `j` has run 4 times; cannot rewind to run 9');
    b.reset('j');
    expect(runOnce(b, files)).toEqual(['a', 'b', 'c', 'd']);
    expect(() => b.rewind('j', 4)).toThrow('run 4 of `j` / `c` is older than the oldest kept run (5)');
  });

  it('keeps a bounded history and refuses to rewind past it', () => {
    const b = bookmarks({ historyRuns: 3 });
    const files = ['a', 'b', 'c', 'd', 'e'].map((n, i) => file(n, T0 + i * MIN));
    for (let i = 0; i < 5; i++) runOnce(b, files, 1);
    expect(b.status('j').contexts[0].history.map((h) => h.run)).toEqual([3, 4, 5]);
    expect(() => b.rewind('j', 2)).toThrow('run 2 of `j` / `c` is older than the oldest kept run (3); Skewscope keeps the last 3 runs. Reset instead?');
    b.rewind('j', 3);
    expect(runOnce(b, files)).toEqual(['d', 'e']);
  });

  it('records its schema version', () => {
    const b = bookmarks();
    expect(b.db.prepare("SELECT version FROM schema_version WHERE component = 'bookmarks'").get()).toEqual({ version: 1 });
  });
});

describe('job lease', () => {
  it('refuses a second concurrent run over the same bookmark, from another connection', () => {
    const first = bookmarks();
    const second = bookmarks();
    const lease = first.begin({ job: 'j' });
    let error: unknown;
    try {
      second.begin({ job: 'j' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BookmarkBusyError);
    expect((error as Error).message).toMatch(
      new RegExp(`^job \`j\` is already running \\(pid ${process.pid} on .+, started .+, last heartbeat \\d+ s ago\\); two runs over one bookmark would take the same files\\. Wait for it to finish\\.$`),
    );
    expect(() => second.reset('j')).toThrow(BookmarkBusyError);
    first.abandon(lease);
    const again = second.begin({ job: 'j' });
    expect(again.attempt).toBe(2);
    expect(again.run).toBe(1);
    second.abandon(again);
  });

  it('takes over a lease whose process died, as the next attempt of the same run', () => {
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', childScript(dbFile, 'none', '')], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    expect(child.signal).toBe('SIGKILL');
    const b = bookmarks();
    expect(b.status('j').running?.pid).toBe(child.pid);
    const lease = b.begin({ job: 'j' });
    expect(lease).toMatchObject({ run: 1, attempt: 2, recovered: undefined });
    b.abandon(lease);
  });

  it('refuses to commit after losing the lease to a takeover', () => {
    const b = bookmarks({ staleAfterMs: -1 });
    const lease = b.begin({ job: 'j' });
    // A heartbeat older than staleAfterMs (here: any) lets another process take the job over.
    const other = bookmarks({ staleAfterMs: -1 });
    other.begin({ job: 'j' });
    expect(() => b.commit(lease, {})).toThrow('run 1 of `j` lost its lease');
  });
});

describe('crash-safe commit', () => {
  // Each case: a real child process begins run 1, stages output, commits 2 files and is killed
  // with SIGKILL right after `step`. The next begin() must leave output and bookmark in agreement.
  const files = [file('a', T0), file('b', T0 + MIN), file('c', T0 + 2 * MIN)];
  const cases = [
    { step: 'before-commit', published: false, run1Committed: false },
    { step: 'intent-recorded', published: true, run1Committed: true },
    { step: 'output-published', published: true, run1Committed: true },
    { step: 'done', published: true, run1Committed: true },
  ] as const;
  for (const c of cases) {
    it(`SIGKILL at ${c.step}: loses and duplicates nothing`, () => {
      const out = join(dir, 'out');
      const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', childScript(dbFile, c.step, out)], {
        cwd: repoRoot,
        encoding: 'utf8',
      });
      expect(child.stderr).toBe('');
      expect(child.signal).toBe('SIGKILL');
      const b = bookmarks();
      const lease = b.begin({ job: 'j' });
      const final1 = join(out, 'run-1');
      expect(existsSync(final1)).toBe(c.published);
      if (c.published) expect(readFileSync(join(final1, 'part-0.json'), 'utf8')).toBe('a\nb\n');
      if (c.step === 'intent-recorded') expect(lease.recovered).toMatch(/^published the staged output of run 1 to .*run-1 and committed its bookmark$/);
      if (c.step === 'output-published') expect(lease.recovered).toMatch(/^finished the commit of run 1: its output .*run-1 was already published$/);
      if (c.step === 'done' || c.step === 'before-commit') expect(lease.recovered).toBeUndefined();
      expect(lease.run).toBe(c.run1Committed ? 2 : 1);
      // The next run takes exactly what no published output contains.
      const next = files.filter((f) => lease.view('c').isUnprocessed(f)).map((f) => f.path.slice(-1));
      expect(next).toEqual(c.run1Committed ? ['c'] : ['a', 'b', 'c']);
      const staged = join(out, '.staging', `run-${lease.run}`);
      mkdirSync(staged, { recursive: true });
      writeFileSync(join(staged, 'part-0.json'), next.join('\n') + '\n');
      b.commit(lease, { c: files.filter((f) => next.includes(f.path.slice(-1))) }, { staged, final: join(out, `run-${lease.run}`) });
      const published = ['run-1', 'run-2']
        .filter((r) => existsSync(join(out, r)))
        .flatMap((r) => readFileSync(join(out, r, 'part-0.json'), 'utf8').trim().split('\n'));
      expect(published.sort()).toEqual(['a', 'b', 'c']);
    });
  }

  it('undoes an intent whose staged and final output are both gone', () => {
    const out = join(dir, 'out');
    spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', childScript(dbFile, 'intent-recorded', out)], { cwd: repoRoot });
    rmSync(join(out, '.staging'), { recursive: true });
    const b = bookmarks();
    const lease = b.begin({ job: 'j' });
    expect(lease.recovered).toMatch(/^undid the commit of run 1: neither .* nor .* exists, so its input stays unprocessed$/);
    expect(lease).toMatchObject({ run: 1, attempt: 2 });
    expect(files.filter((f) => lease.view('c').isUnprocessed(f))).toHaveLength(3);
    b.abandon(lease);
  });

  it('undoes the intent when the rename fails, so the next run starts clean', () => {
    const b = bookmarks();
    const lease = b.begin({ job: 'j' });
    const staged = join(dir, 'staged');
    mkdirSync(staged);
    writeFileSync(join(dir, 'blocker'), '');
    // The final folder's parent is a file: mkdir/rename fail.
    expect(() => b.commit(lease, { c: [file('a', T0)] }, { staged, final: join(dir, 'blocker', 'run-1') })).toThrow(
      /^could not publish .*staged as .*run-1 \(.*\); the bookmark did not move\./,
    );
    b.abandon(lease);
    const next = b.begin({ job: 'j' });
    expect(next).toMatchObject({ run: 1, attempt: 2, recovered: undefined });
    expect(next.view('c').isUnprocessed(file('a', T0))).toBe(true);
    b.abandon(next);
  });

  it('refuses to publish over an existing folder', () => {
    const b = bookmarks();
    const lease = b.begin({ job: 'j' });
    mkdirSync(join(dir, 'staged'));
    mkdirSync(join(dir, 'final'));
    expect(() => b.commit(lease, {}, { staged: join(dir, 'staged'), final: join(dir, 'final') })).toThrow(BookmarkError);
    expect(() => b.commit(lease, {}, { staged: join(dir, 'nope'), final: join(dir, 'x') })).toThrow(`the staged output ${join(dir, 'nope')} does not exist`);
    b.abandon(lease);
  });

  it('a killed run blocks nobody: a concurrent live run is still refused', async () => {
    const out = join(dir, 'out');
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', childScript(dbFile, 'hold', out)], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    const b = bookmarks();
    expect(() => b.begin({ job: 'j' })).toThrow(BookmarkBusyError);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const lease = b.begin({ job: 'j' });
    expect(lease).toMatchObject({ run: 1, attempt: 2 });
    b.abandon(lease);
  });
});

/** A child run of job `j` that stages output and is SIGKILLed at `step` of its commit. */
function childScript(db: string, step: string, out: string): string {
  return `
    import { mkdirSync, writeFileSync } from 'node:fs';
    import { join } from 'node:path';
    import { Bookmarks } from ${JSON.stringify(join(repoRoot, 'engine/lake/bookmarks.ts'))};
    const step = ${JSON.stringify(step)};
    const out = ${JSON.stringify(out)};
    const die = () => process.kill(process.pid, 'SIGKILL');
    const b = Bookmarks.open({ file: ${JSON.stringify(db)} });
    const lease = b.begin({ job: 'j' });
    if (step === 'none') die();
    if (step === 'hold') { process.stdout.write('began\\n'); setInterval(() => {}, 1000); }
    else {
      const files = [{ path: 's3://lake/t/a', mtime: ${T0}, size: 100 }, { path: 's3://lake/t/b', mtime: ${T0 + MIN}, size: 100 }];
      lease.view('c');
      const staged = join(out, '.staging', 'run-1');
      mkdirSync(staged, { recursive: true });
      writeFileSync(join(staged, 'part-0.json'), 'a\\nb\\n');
      if (step === 'before-commit') die();
      b.commit(lease, { c: files }, { staged, final: join(out, 'run-1') }, { afterStep: (s) => { if (s === step) die(); } });
    }
  `;
}
