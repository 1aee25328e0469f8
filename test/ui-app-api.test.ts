// The app API behind both transports, on real fixture logs: every view on every fixture, replay
// as of t, sessions, live replay, the path guard, and the HTTP + SSE transport.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { request } from 'node:http';
import { createAppService } from '../src-main/app-service-factory.js';
import { startBrowserMode, type BrowserMode } from '../src-main/browser-mode.js';
import { PathGuard } from '../engine/views/path-guard.js';
import type { AppEvent, OpenResult } from '../engine/views/contract.js';

const fixtures = fileURLToPath(new URL('../../shared/fixtures/spark-events/', import.meta.url));
const LOG = join(fixtures, 'application_1538416563558_0014');
const scratch = mkdtempSync(join(tmpdir(), 'skewscope-ui-api-'));

function fixtureLogs(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (name === 'SOURCES.md') continue;
      if (statSync(p).isDirectory() && !name.startsWith('eventlog_v2_')) walk(p);
      else out.push(p);
    }
  };
  walk(fixtures);
  return out;
}

describe('every view on every fixture log', () => {
  for (const path of fixtureLogs()) {
    it(path.slice(fixtures.length), async () => {
      const s = createAppService({ transport: 'http', roots: [fixtures], sessionDir: join(scratch, 'sessions') });
      const opened = await s.openPath({ path });
      if (opened.runs.length === 0) {
        // The deliberately broken fixtures: a message naming the file, never an exception.
        expect(opened.error?.message).toContain(path.split('/').pop());
        return;
      }
      for (const r of opened.runs) {
        const overview = await s.overview({ runId: r.id });
        expect(overview.counts.tasks).toBe(r.taskCount);
        const timeline = await s.timeline({ runId: r.id });
        expect(timeline.tasks.taskId).toHaveLength(r.taskCount);
        const memory = await s.memory({ runId: r.id });
        expect(memory.coarseness.length).toBeGreaterThan(0);
        const executors = await s.executors({ runId: r.id });
        expect(executors.rows.reduce((n, x) => n + x.totalTasks, 0)).toBeLessThanOrEqual(r.taskCount);
        const stages = await s.stages({ runId: r.id });
        for (const st of stages.rows.slice(0, 3)) {
          const detail = await s.stage({ runId: r.id, stageId: st.stageId, attemptId: st.attemptId });
          expect(detail.tasks.length).toBe(st.numActiveTasks + st.numCompleteTasks + st.numFailedTasks + st.numKilledTasks);
        }
        await s.findings({ runId: r.id });
      }
    });
  }
});

describe('replay as of t', () => {
  it('shows only what had happened by t, in every view', async () => {
    const s = createAppService({ transport: 'http', roots: [fixtures] });
    const [run] = (await s.openPath({ path: LOG })).runs;
    const t = run.startTime + (run.endTime - run.startTime) * 0.4;
    const whole = await s.overview({ runId: run.id });
    const then = await s.overview({ runId: run.id, asOf: t });
    expect(then.asOf).toBe(t);
    expect(then.counts.tasks).toBeLessThan(whole.counts.tasks);
    expect(then.counts.lostExecutors).toBeLessThan(whole.counts.lostExecutors);
    const memory = await s.memory({ runId: run.id, asOf: t });
    for (const series of memory.series) for (const x of series.t) expect(x).toBeLessThanOrEqual(t);
    for (const m of memory.markers) expect(m.time).toBeLessThanOrEqual(t);
    const executors = await s.executors({ runId: run.id, asOf: t });
    const total = (rows: { totalTasks: number }[]) => rows.reduce((n, r) => n + r.totalTasks, 0);
    expect(total(executors.rows)).toBe(then.counts.tasks);
    const stages = await s.stages({ runId: run.id, asOf: t });
    expect(stages.rows.length).toBeLessThan((await s.stages({ runId: run.id })).rows.length);
    // Stragglers at t are named only among tasks that had started by t.
    const timeline = await s.timeline({ runId: run.id });
    const launchedBy = new Set(timeline.tasks.taskId.filter((_, i) => timeline.tasks.launch[i] + timeline.start <= t));
    const atT = await s.findings({ runId: run.id, asOf: t });
    for (const id of atT.stragglerTaskIds) expect(launchedBy.has(id)).toBe(true);
    const lean = await s.memory({ runId: run.id, asOf: t, withSeries: false });
    expect(lean.series.every((x) => x.t.length === 0)).toBe(true);
    expect(lean.markers).toEqual(memory.markers);
  });
});

describe('sessions and live replay', () => {
  it('saves a session and reopens it with the same numbers', async () => {
    const s = createAppService({ transport: 'http', roots: [fixtures], sessionDir: join(scratch, 'sessions') });
    const [run] = (await s.openPath({ path: LOG })).runs;
    const { path } = await s.saveSession({ runId: run.id });
    expect(path.endsWith('.skewscope')).toBe(true);
    const again = createAppService({ transport: 'http', roots: [fixtures], sessionDir: join(scratch, 'sessions') });
    const reopened = await again.openPath({ path });
    expect(reopened.runs[0].taskCount).toBe(run.taskCount);
    expect((await again.executors({ runId: reopened.runs[0].id })).rows).toEqual((await s.executors({ runId: run.id })).rows);
    await expect(s.saveSession({ runId: run.id, path: '/tmp/elsewhere' })).rejects.toThrow(/only to its own session folder/);
  });

  it('says plainly when a session file is damaged or newer', async () => {
    const dir = join(scratch, 'bad');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'a.skewscope'), 'not json');
    writeFileSync(join(dir, 'b.skewscope'), JSON.stringify({ format: 'skewscope-session', version: 99, runs: [] }));
    const s = createAppService({ transport: 'http', roots: [dir] });
    expect((await s.openPath({ path: join(dir, 'a.skewscope') })).error?.message).toMatch(/not valid JSON/);
    expect((await s.openPath({ path: join(dir, 'b.skewscope') })).error?.message).toMatch(/version 99 is newer/);
  });

  it('replays a log as a live run that grows until it ends', async () => {
    const s = createAppService({ transport: 'http', roots: [fixtures] });
    const events: AppEvent[] = [];
    s.subscribe((e) => events.push(e));
    const [live] = (await s.startLiveReplay({ path: LOG, speed: 100 })).runs;
    expect(live.live).toBe(true);
    const first = await s.overview({ runId: live.id });
    await new Promise<void>((resolve) => {
      const off = s.subscribe((e) => {
        if (e.type === 'run-updated' && !e.live) {
          off();
          resolve();
        }
      });
    });
    const last = await s.overview({ runId: live.id });
    expect(last.counts.tasks).toBeGreaterThan(first.counts.tasks);
    expect(events.filter((e) => e.type === 'run-updated').length).toBeGreaterThan(1);
    s.dispose();
  });
});

describe('path guard', () => {
  it('reads only inside the configured roots, whatever the path says', async () => {
    const rootDir = join(scratch, 'root');
    mkdirSync(join(rootDir, 'logs'), { recursive: true });
    writeFileSync(join(rootDir, 'logs', 'app'), '{}\n');
    writeFileSync(join(scratch, 'secret'), 'x');
    symlinkSync(join(scratch, 'secret'), join(rootDir, 'logs', 'link'));
    const g = new PathGuard([rootDir]);
    expect(await g.check(join(rootDir, 'logs', 'app'))).toHaveProperty('path');
    expect(await g.check('logs/app')).toHaveProperty('path');
    for (const p of [join(rootDir, '..', 'secret'), join(rootDir, 'logs', '..', '..', 'secret'), '../secret', join(rootDir, 'logs', 'link'), '/etc/passwd']) {
      expect(await g.check(p), p).toHaveProperty('error');
    }
    const listing = await g.browse(join(rootDir, 'logs'));
    expect(listing.entries.map((e) => e.name).sort()).toEqual(['app', 'link']);
    expect(listing.parent).toBe(rootDir);
    expect((await g.browse(rootDir)).parent).toBeUndefined();
  });
});

describe('HTTP + SSE transport', () => {
  let mode: BrowserMode;
  beforeAll(async () => {
    mode = await startBrowserMode({ host: '127.0.0.1', port: 0, roots: [fixtures], sessionDir: join(scratch, 'sessions') });
  });
  afterAll(() => mode.close());

  const post = (method: string, body: string, type = 'application/json') =>
    fetch(`${mode.http.url}/app-api/${method}`, { method: 'POST', headers: { 'content-type': type }, body });

  it('answers calls, validates them, and streams events', async () => {
    const events: AppEvent[] = [];
    const sse = await new Promise<() => void>((resolve) => {
      const req = request(`${mode.http.url}/app-api/events`, (res) => {
        expect(res.headers['content-type']).toBe('text/event-stream');
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          for (const m of chunk.matchAll(/^data: (.*)$/gm)) events.push(JSON.parse(m[1]) as AppEvent);
        });
        resolve(() => req.destroy());
      });
      req.end();
    });
    const opened = (await (await post('openPath', JSON.stringify({ path: LOG }))).json()) as { value: OpenResult };
    expect(opened.value.runs[0].appId).toBe('application_1538416563558_0014');
    await expect.poll(() => events.some((e) => e.type === 'runs-changed')).toBe(true);
    sse();
    expect((await post('openPath', JSON.stringify({ path: 3 }))).status).toBe(400);
    expect((await post('nonsense', '{}')).status).toBe(404);
    expect((await post('listRuns', '{}', 'text/plain')).status).toBe(415);
    expect((await fetch(`${mode.http.url}/app-api/listRuns`)).status).toBe(405);
    const outside = (await (await post('openPath', JSON.stringify({ path: '/etc/passwd' }))).json()) as { value: OpenResult };
    expect(outside.value.error?.message).toMatch(/outside the folders/);
  });

  it('serves the UI with a strict content security policy, and Spark REST beside it', async () => {
    const page = await fetch(`${mode.http.url}/`);
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(await page.text()).toContain('<div id="app">');
    expect((await fetch(`${mode.http.url}/../../etc/passwd`)).status).toBe(404);
    const apps = (await (await fetch(`${mode.http.url}/api/v1/applications`)).json()) as { id: string }[];
    expect(apps.map((a) => a.id)).toContain('application_1538416563558_0014');
  });
});
