// Fuzz: 10,000 mutated event logs made from the real fixtures (flipped bytes, cut lines, duplicated,
// reordered and dropped events, fields of the wrong type) go through the folder. None may throw,
// every result must be a coherent run, and every REST summary must be computable from it.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SparkEventFolder } from '../engine/ingest/spark-event-folder.js';
import type { JobRun } from '../engine/model/job-run.js';
import { jobData } from '../engine/model/spark-rest/job-data.js';
import { executorList } from '../engine/model/spark-rest/executor-summary.js';
import { stageList, taskList } from '../engine/model/spark-rest/stage-list.js';
import { taskMetricDistributions } from '../engine/model/spark-rest/task-summary.js';
import { tasksOf } from '../engine/model/spark-rest/run-index.js';
import { applicationInfo } from '../engine/model/spark-rest/application-info.js';

const EVENTS = fileURLToPath(new URL('../../shared/fixtures/spark-events/', import.meta.url));
const SOURCES = [
  'local-1422981780767',
  'local-1430917381534',
  'app-20161116163331-0000',
  'app-20180109111548-0000',
  'app-20200706201101-0003',
  'application_1506645932520_24630151',
  'application_1538416563558_0014',
  'application_1553914137147_0018',
  'application_1628109047826_1317105',
  'eventlog_v2_local-1766844910796/events_1_local-1766844910796',
  'sparklint/directory_source/event_log_1',
];
const LOGS = SOURCES.map((f) => readFileSync(EVENTS + f, 'utf8').split('\n').filter(Boolean));
const RUNS = 10_000;

/** mulberry32: small, seeded, good enough to spread mutations. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WEIRD_VALUES: unknown[] = [null, 'x', -1, 1e300, true, [], {}, [1, 'a'], { a: { b: 1 } }, '', 0, 2 ** 53];

function changeAType(line: string, rnd: () => number): string {
  let event: unknown;
  try {
    event = JSON.parse(line);
  } catch {
    return line;
  }
  // Walk down a random path of objects/arrays and replace what is there by a value of another type.
  let node = event as Record<string, unknown>;
  for (let depth = 0; depth < 4; depth++) {
    const keys = Object.keys(node);
    if (keys.length === 0) break;
    const key = keys[Math.floor(rnd() * keys.length)];
    const child = node[key];
    if (child !== null && typeof child === 'object' && rnd() < 0.6) {
      node = child as Record<string, unknown>;
      continue;
    }
    node[key] = WEIRD_VALUES[Math.floor(rnd() * WEIRD_VALUES.length)];
    break;
  }
  return JSON.stringify(event);
}

function mutate(source: string[], rnd: () => number): string[] {
  // A window of the log keeps each case small; the head (app start, environment) stays more often.
  const start = rnd() < 0.5 ? 0 : Math.floor(rnd() * source.length);
  const lines = source.slice(start, start + 10 + Math.floor(rnd() * 30));
  const edits = 1 + Math.floor(rnd() * 6);
  for (let e = 0; e < edits && lines.length > 0; e++) {
    const i = Math.floor(rnd() * lines.length);
    const line = lines[i];
    switch (Math.floor(rnd() * 7)) {
      case 0: {
        const at = Math.floor(rnd() * line.length);
        lines[i] = line.slice(0, at) + String.fromCharCode(line.charCodeAt(at) ^ (1 << Math.floor(rnd() * 7))) + line.slice(at + 1);
        break;
      }
      case 1:
        lines[i] = line.slice(0, Math.floor(rnd() * line.length));
        break;
      case 2:
        lines.splice(i, 0, line);
        break;
      case 3: {
        const j = Math.floor(rnd() * lines.length);
        [lines[i], lines[j]] = [lines[j], lines[i]];
        break;
      }
      case 4:
        lines.splice(i, 1);
        break;
      case 5:
      case 6:
        lines[i] = changeAType(line, rnd);
        break;
    }
  }
  return lines;
}

/** Plain checks (vitest's expect is too slow for millions of calls); the message says what broke. */
function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`incoherent run: ${what}`);
}

function checkRun(run: JobRun): void {
  check(typeof run.id === 'string' && run.id.length > 0, 'run id');
  check(new Set(run.tasks.map((t) => t.taskId)).size === run.tasks.length, 'task ids unique');
  for (const s of run.memory) {
    check(s.t.length === s.used.length, 'memory series arrays');
    for (let i = 1; i < s.t.length; i++) check(!(s.t[i] < s.t[i - 1]), 'memory samples ascending');
  }
  // Every REST summary computes and serialises; counts are never negative.
  const app = applicationInfo([run]);
  const jobs = run.jobs.map((j) => jobData(run, j));
  const stages = stageList(run, [], { details: true, withSummaries: true });
  const executors = executorList(run, false);
  for (const j of jobs) for (const k of ['numActiveTasks', 'numCompletedTasks', 'numFailedTasks', 'numKilledTasks', 'numCompletedIndices', 'numSkippedStages'] as const) check(j[k] >= 0, `job ${k}`);
  for (const s of stages) for (const k of ['numActiveTasks', 'numCompleteTasks', 'numFailedTasks', 'numKilledTasks', 'numCompletedIndices'] as const) check(s[k] >= 0, `stage ${k}`);
  for (const e of executors) {
    for (const k of ['activeTasks', 'completedTasks', 'failedTasks', 'totalDuration'] as const) check(e[k] >= 0, `executor ${k}`);
    check(e.totalTasks >= e.activeTasks + e.completedTasks, 'executor totalTasks');
  }
  for (const s of run.stages) {
    taskMetricDistributions(tasksOf(run, s), [0.05, 0.5, 0.95]);
    taskList(run, s, { sortBy: 'DECREASING_RUNTIME' });
  }
  JSON.stringify({ app, jobs, stages, executors });
}

describe('fuzzed event logs', () => {
  it(`${RUNS} mutated logs: no throw, coherent runs, REST summaries computable`, () => {
    const rnd = prng(20261126);
    let warned = 0;
    for (let n = 0; n < RUNS; n++) {
      const lines = mutate(LOGS[n % LOGS.length], rnd);
      const folder = new SparkEventFolder({ source: { kind: 'event-log', path: `fuzz-${n}` }, warn: () => warned++ });
      lines.forEach((line, i) => folder.acceptLine(line, i + 1, `fuzz-${n}`));
      checkRun(folder.result());
    }
    // The mutations must really have produced bad input, or this test proves nothing.
    expect(warned).toBeGreaterThan(RUNS / 2);
  }, 180_000);
});
