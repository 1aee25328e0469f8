// The local engine end to end on small story-shaped lakes: correct join output with malformed
// records set aside, real executor OOMs on a skewed join with retries and a failed job, bounds
// that make the same job succeed, cancellation, and the events a UI needs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRun } from '../engine/runtime/driver.js';
import { parseJobSpec } from '../engine/runtime/job-spec.js';
import type { RunSettings } from '../engine/runtime/run-settings.js';
import type { SparkEvent } from '../engine/runtime/spark-events.js';
import { fixtureSpec, makeFixtureLake, type FixtureLake } from './runtime-fixture-lake.js';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'skewscope-runtime-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function settingsIn(dir: string, extra: RunSettings = {}): RunSettings {
  return { eventLogDir: join(dir, 'logs'), workDir: join(dir, 'work'), bookmarkDb: join(dir, 'bookmarks.db'), ...extra };
}

function readJsonLines(dir: string): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  for (const name of readdirSync(dir)) {
    if (name.startsWith('_') || name.startsWith('.')) continue;
    for (const line of readFileSync(join(dir, name), 'utf8').split('\n')) if (line) rows.push(JSON.parse(line));
  }
  return rows;
}

/** The expected output rows (as sorted JSON strings) of the fixture job over these fact files. */
function expectedRows(lake: FixtureLake, files?: Set<string>): string[] {
  const badges = new Map(lake.badges.map((b) => [b.BadgeID, b]));
  const names = new Map(lake.employees.map((e) => [e.EmployeeID, e.Name]));
  return lake.facts
    .filter((f) => !files || files.has(f.file))
    .map((f) => canonical({ badge_id: f.BadgeID, employee_id: f.EmployeeID, hours_logged: f.Hours_Logged, name: names.get(badges.get(f.BadgeID)!.EmployeeID) }))
    .sort();
}

function canonical(r: Record<string, unknown>): string {
  return JSON.stringify({ badge_id: r.badge_id, employee_id: r.employee_id, hours_logged: r.hours_logged, name: r.name });
}

describe('local engine', () => {
  it('joins fact ⋈ (employees ⋈ badges), sets malformed records aside, and emits a complete Spark log', async () => {
    const dir = join(root, 'ok');
    const lake = makeFixtureLake(join(dir, 'lake'), { files: 12, rowsPerFile: 300, malformedEvery: 101 });
    const run = startRun(fixtureSpec(lake.dir, join(dir, 'out')), settingsIn(dir));
    const live: SparkEvent[] = [];
    run.subscribe((e) => live.push(e));
    const r = await run.result;
    expect(r.status).toBe('succeeded');
    expect(r.malformedRecords).toBe(lake.malformed);
    expect(r.recordsWritten).toBe(lake.facts.length);
    expect(r.filesRead).toBe(12 + 2);
    const out = readJsonLines(r.output!);
    expect(out.map(canonical).sort()).toEqual(expectedRows(lake));
    expect(out[0]).not.toHaveProperty('emp_id');
    expect(out[0]).toHaveProperty('access_date');

    const errors = readJsonLines(r.errors!);
    expect(errors).toHaveLength(lake.malformed);
    for (const e of errors) {
      expect(lake.factFiles).toContain(e.file);
      expect(e.line).toBeGreaterThan(0);
      expect(String(e.reason)).toMatch(/invalid JSON|cannot cast "not a number" to long/);
    }

    const logged = readFileSync(r.eventLog, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as SparkEvent);
    expect(logged).toEqual(live);
    expect(existsSync(`${r.eventLog}.inprogress`)).toBe(false);
    const names = logged.map((e) => e.Event);
    expect(names[0]).toBe('SparkListenerLogStart');
    expect(names.at(-1)).toBe('SparkListenerApplicationEnd');
    expect(names.filter((n) => n === 'SparkListenerTaskStart').length).toBe(names.filter((n) => n === 'SparkListenerTaskEnd').length);
    const env = logged.find((e) => e.Event === 'SparkListenerEnvironmentUpdate')!['Spark Properties'] as Record<string, string>;
    expect(env['spark.executor.memory']).toBe('36m');
    // Samples: the driver and every executor, with real V8 heap numbers under their limits.
    const samples = logged.filter((e) => e.Event === 'SparkListenerExecutorMetricsUpdate');
    const ids = new Set(samples.map((e) => e['Executor ID']));
    expect(ids).toEqual(new Set(['driver', '1', '2']));
    for (const s of samples) {
      const heap = (s['Executor Metrics Updated'] as { 'Executor Metrics': { JVMHeapMemory: number } }[])[0]['Executor Metrics'].JVMHeapMemory;
      expect(heap).toBeGreaterThan(1_000_000);
      expect(heap).toBeLessThan(64 * 2 ** 20);
    }
    const hot = logged.filter((e) => e.Event === 'org.skewscope.SparkListenerHotKeys');
    const top = hot.flatMap((e) => e.Keys as { Key: string; Records: number }[]).sort((a, b) => b.Records - a.Records)[0];
    expect(top.Key).toBe(String(lake.badges[0].BadgeID));
  });

  it('dies of a real executor OOM on the skewed join after 4 attempts, then succeeds with a bound', async () => {
    const dir = join(root, 'oom');
    const lake = makeFixtureLake(join(dir, 'lake'), { files: 20, rowsPerFile: 4000, hotShare: 0.7 });
    const spec = fixtureSpec(lake.dir, join(dir, 'out'));
    const failed = await startRun(spec, settingsIn(dir, { executorHeapMb: 32 })).result;
    expect(failed.status).toBe('failed');
    expect(failed.cause).toBe('executor-oom');
    expect(failed.oom).toBe(true);
    expect(failed.message).toMatch(/failed 4 times.*ExecutorLostFailure.*OutOfMemoryError/);
    expect(failed.output).toBeUndefined();
    const log = readFileSync(failed.eventLog, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as SparkEvent);
    const removed = log.filter((e) => e.Event === 'SparkListenerExecutorRemoved');
    expect(removed.length).toBeGreaterThanOrEqual(4);
    expect(String(removed[0]['Removed Reason'])).toMatch(/out of heap memory.*ERR_WORKER_OUT_OF_MEMORY/);
    // Every loss but the fatal last one brings a replacement executor.
    expect(log.filter((e) => e.Event === 'SparkListenerExecutorAdded').length).toBe(2 + removed.length - 1);
    const jobEnd = log.find((e) => e.Event === 'SparkListenerJobEnd')!;
    expect((jobEnd['Job Result'] as { Result: string }).Result).toBe('JobFailed');
    expect(readdirSync(join(dir, 'out')).filter((n) => n.startsWith('run_id='))).toEqual([]);

    // The bookmark did not move: bounded runs take the same backlog and together write all of it.
    const seen: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await startRun(spec, settingsIn(dir, { executorHeapMb: 32, bound: { boundedFiles: 5 } })).result;
      expect(r.status).toBe('succeeded');
      seen.push(...readJsonLines(r.output!).map(canonical));
      if (r.remainingFiles === 0) break;
    }
    expect(seen.sort()).toEqual(expectedRows(lake));
  }, 180_000);

  it('reads a CSV source without a join, casting and dropping fields, with bad rows set aside', async () => {
    const dir = join(root, 'csv');
    mkdirSync(join(dir, 'lake', 'people'), { recursive: true });
    const csv = ['id,name,born,salary,extra', '1,"Lovelace, Ada",1815-12-10,10.005,x', '2,Bo,1990-02-30,3,y', '3,Cy,2001-01-01,7.5', '4,Di,2002-02-02,8,z'];
    writeFileSync(join(dir, 'lake', 'people', 'people.csv'), csv.join('\n') + '\n');
    const spec = parseJobSpec({
      name: 'csv-job',
      lake: join(dir, 'lake'),
      sources: {
        people: {
          path: 'people',
          format: 'csv',
          mappings: [['id', 'string', 'id', 'int'], ['name', 'string', 'name', 'string'], ['born', 'string', 'born', 'date'], ['salary', 'string', 'salary', 'decimal(6,2)'], ['extra', 'string', 'extra', 'string']],
        },
      },
      drop_fields: ['extra'],
      sink: { path: join(dir, 'out') },
      maxMalformedRecords: -1,
    });
    const r = await startRun(spec, settingsIn(dir)).result;
    expect(r.status).toBe('succeeded');
    expect(readJsonLines(r.output!).sort((a, b) => Number(a.id) - Number(b.id))).toEqual([
      { id: 1, name: 'Lovelace, Ada', born: '1815-12-10', salary: 10.01 },
      { id: 4, name: 'Di', born: '2002-02-02', salary: 8 },
    ]);
    const errors = readJsonLines(r.errors!).sort((a, b) => Number(a.line) - Number(b.line));
    expect(errors.map((e) => [e.line, String(e.reason)])).toEqual([
      [3, 'field "born": "1990-02-30" is not a calendar date'],
      [4, 'wrong number of columns'],
    ]);
  });

  it('fails past the malformed-record threshold, naming the cause', async () => {
    const dir = join(root, 'malformed');
    const lake = makeFixtureLake(join(dir, 'lake'), { files: 3, rowsPerFile: 200, malformedEvery: 10 });
    const r = await startRun(fixtureSpec(lake.dir, join(dir, 'out'), { maxMalformedRecords: 5 }), settingsIn(dir)).result;
    expect(r.status).toBe('failed');
    expect(r.cause).toBe('malformed-data');
    expect(r.message).toMatch(/malformed records exceed maxMalformedRecords \(5\)/);
    expect(r.errors).toBeDefined();
    expect(readJsonLines(r.errors!).length).toBeGreaterThan(5);
  });

  it('cancels cleanly: killed tasks, no output, no bookmark advance, workers gone', async () => {
    const dir = join(root, 'cancel');
    const lake = makeFixtureLake(join(dir, 'lake'), { files: 12, rowsPerFile: 2000 });
    const spec = fixtureSpec(lake.dir, join(dir, 'out'));
    const controller = new AbortController();
    const run = startRun(spec, settingsIn(dir, { signal: controller.signal }));
    run.subscribe((e) => {
      if (e.Event === 'SparkListenerTaskEnd') controller.abort();
    });
    const r = await run.result;
    expect(r.status).toBe('cancelled');
    expect(r.output).toBeUndefined();
    const log = readFileSync(r.eventLog, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as SparkEvent);
    expect(log.some((e) => e.Event === 'SparkListenerTaskEnd' && (e['Task End Reason'] as { Reason: string }).Reason === 'TaskKilled')).toBe(true);
    expect(readdirSync(join(dir, 'out')).filter((n) => n !== '_staging')).toEqual([]);
    expect(readdirSync(join(dir, 'work'))).toEqual([]);
    const next = await startRun(spec, settingsIn(dir)).result;
    expect(next.status).toBe('succeeded');
    expect(next.filesRead).toBe(12 + 2);
  });
});
