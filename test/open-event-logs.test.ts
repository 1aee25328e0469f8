// openEventLogs end to end: discovery, reading and folding over the real fixtures and over small
// logs written to a temp folder (attempts, in-progress, bad paths).
import { mkdtempSync, readFileSync, writeFileSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openEventLogs } from '../engine/ingest/open-event-logs.js';
import { IngestError } from '../engine/ingest/ingest-error.js';
import { RunCatalog } from '../engine/api.js';

const EVENTS = fileURLToPath(new URL('../../shared/fixtures/spark-events/', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'skewscope-open-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('openEventLogs', () => {
  it('loads every application in the fixture folder and names the broken files in warnings', async () => {
    const { runs, warnings } = await openEventLogs(EVENTS);
    const ids = runs.map((r) => r.id);
    for (const id of ['local-1422981780767', 'local-1430917381534', 'app-20200706201101-0003', 'application_1538416563558_0014', 'local-1766844910796']) {
      expect(ids).toContain(id);
    }
    expect(runs.every((r) => r.source.kind === 'event-log' && (r.source.eventsRead ?? 0) > 0)).toBe(true);
    const warned = warnings.map((w) => w.file);
    expect(warned.some((f) => f.endsWith('file_event_log_empty_test'))).toBe(true);
    expect(warned.some((f) => f.endsWith('invalid_log_file'))).toBe(true);
    // the zip member is read like any other log
    expect(runs.some((r) => r.application.id === 'application_1489705648216_1600' && r.tasks.length > 0)).toBe(true);
  });

  it('keeps each attempt of an application as its own run', async () => {
    const dir = join(tmp, 'attempts');
    mkdirSync(dir);
    const log = readFileSync(`${EVENTS}sparklint/directory_source/event_log_1`, 'utf8');
    writeFileSync(join(dir, 'application_1472176676028_116806_1'), log);
    writeFileSync(join(dir, 'application_1472176676028_116806_2'), log.replace('"App Attempt ID":"1"', '"App Attempt ID":"2"'));
    const { runs } = await openEventLogs(dir);
    expect(runs.map((r) => r.id).sort()).toEqual(['application_1472176676028_116806/1', 'application_1472176676028_116806/2']);
  });

  it('reads an in-progress log up to its cut-off last line and says where it stopped', async () => {
    const lines = readFileSync(`${EVENTS}local-1422981780767`, 'utf8').split('\n').filter(Boolean);
    const kept = lines.slice(0, 40);
    const path = join(tmp, 'local-1422981780767.inprogress');
    writeFileSync(path, kept.join('\n') + '\n' + lines[40].slice(0, 100));
    const progress: number[] = [];
    const { runs, warnings } = await openEventLogs(path, { onProgress: (p) => progress.push(p.bytesRead) });
    expect(runs).toHaveLength(1);
    expect(runs[0].source.inProgress).toBe(true);
    expect(runs[0].application.attempts[0].completed).toBe(false);
    expect(runs[0].source.eventsRead).toBe(kept.length);
    expect(warnings.some((w) => w.file === path && w.line === 41)).toBe(true);
    expect(progress.length).toBeGreaterThan(0);
  });

  it('says clearly when the path does not exist', async () => {
    await expect(openEventLogs(join(tmp, 'nope'))).rejects.toThrow(IngestError);
    await expect(openEventLogs(join(tmp, 'nope'))).rejects.toThrow(/no such file or folder/);
  });

  it('says clearly when a folder holds no readable log', async () => {
    const dir = join(tmp, 'empty');
    mkdirSync(dir);
    writeFileSync(join(dir, 'notes.txt'), 'hello\n');
    const err = await openEventLogs(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IngestError);
    expect((err as Error).message).toMatch(/no Spark event logs|held readable Spark events/);
  });

  it('stops when aborted', async () => {
    const ac = new AbortController();
    ac.abort(new Error('user cancelled'));
    await expect(openEventLogs(EVENTS, { signal: ac.signal })).rejects.toThrow(/user cancelled/);
  });
});

describe('RunCatalog', () => {
  it('lists opened runs, gets one by id and refuses a second copy of an attempt from elsewhere', async () => {
    const catalog = new RunCatalog();
    const first = await catalog.open(`${EVENTS}local-1422981780767`);
    expect(first.runIds).toEqual(['local-1422981780767']);
    expect(catalog.get('local-1422981780767')?.tasks).toHaveLength(32);
    expect(catalog.list()[0]).toMatchObject({ id: 'local-1422981780767', name: 'Spark shell', jobs: 3, tasks: 32, completed: true });
    const again = await catalog.open(`${EVENTS}local-1422981780767`);
    expect(again.runIds).toEqual(['local-1422981780767']);
    const copy = join(tmp, 'copy');
    mkdirSync(copy);
    writeFileSync(join(copy, 'local-1422981780767'), readFileSync(`${EVENTS}local-1422981780767`));
    const dup = await catalog.open(copy);
    expect(dup.runIds).toEqual([]);
    expect(dup.warnings.some((w) => w.file.startsWith(copy) && /also in .*local-1422981780767/.test(w.message))).toBe(true);
    expect(catalog.runs()).toHaveLength(1);
    // A fragment of an attempt opened first gives way to the fuller log.
    const fragments = new RunCatalog();
    const fragmentDir = join(tmp, 'fragment');
    mkdirSync(fragmentDir);
    const lines = readFileSync(`${EVENTS}local-1422981780767`, 'utf8').split('\n');
    writeFileSync(join(fragmentDir, 'local-1422981780767'), lines.slice(0, 10).join('\n') + '\n');
    await fragments.open(fragmentDir);
    const full = await fragments.open(`${EVENTS}local-1422981780767`);
    expect(full.runIds).toEqual(['local-1422981780767']);
    expect(fragments.get('local-1422981780767')?.tasks).toHaveLength(32);
  });
});
