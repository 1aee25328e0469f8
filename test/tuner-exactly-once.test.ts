// The tuner on the real local engine and a small demo lake: trials leave the bookmark and the
// sink alone, and the backlog plan, run sequentially (bounded runs advancing the bookmark) or in
// parallel (jobs on disjoint push_down_predicates, each with its own bookmark), writes every input
// record exactly once.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDemoLake } from '../engine/lake/demo/demo-lake.js';
import { loadJobSpec, type JobSpec } from '../engine/runtime/job-spec.js';
import { summarizeBacklog } from '../engine/tuner/backlog.js';
import { planBacklog } from '../engine/tuner/backlog-plan.js';
import { unprocessedFiles } from '../engine/tuner/backlog-source.js';
import { LocalJobRunner } from '../engine/tuner/local-job-runner.js';
import { executePlan } from '../engine/tuner/plan-runner.js';
import { autoTune } from '../engine/tuner/tune-loop.js';

const SPEC = fileURLToPath(new URL('../assets/demo-job.json', import.meta.url));
let root: string;
let lake: string;
let spec: JobSpec;
let expected: string[];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'skewscope-tuner-e2e-'));
  lake = join(root, 'lake');
  // Two arrival days, so the parallel plan has partition values to split on.
  await writeDemoLake(lake, { files: 24, rowsPerFile: 25, days: 2, malformedRate: 0, concurrency: 4 });
  spec = await loadJobSpec(SPEC);
  expected = factRecords(join(lake, 'badge_access')).sort();
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function settings(name: string) {
  const dir = join(root, name);
  return { lake, out: join(dir, 'out'), bookmarkDb: join(dir, 'bookmarks.db'), eventLogDir: join(dir, 'logs'), workDir: join(dir, 'work') };
}

describe('tuning and the backlog plan on the local engine', () => {
  it('trial runs advance no bookmark and write nothing to the sink', async () => {
    const s = settings('trials');
    const runner = new LocalJobRunner({ spec, settings: s });
    const before = await summarizeBacklog(unprocessedFiles(spec, runner.factSource, s));
    const result = await autoTune(runner, { initial: { boundedFiles: 8 }, maxRuns: 2 });
    expect(result.runs.length).toBeGreaterThan(0);
    expect(result.runs.every((r) => r.outcome !== 'failed')).toBe(true);
    const after = await summarizeBacklog(unprocessedFiles(spec, runner.factSource, s));
    expect(after.files).toBe(before.files);
    expect(outputRecords(s.out)).toEqual([]);
  });

  it('sequential bounded runs clear the backlog with every record exactly once', async () => {
    const s = settings('sequential');
    const runner = new LocalJobRunner({ spec, settings: s });
    const backlog = await summarizeBacklog(unprocessedFiles(spec, runner.factSource, s));
    const plan = planBacklog(backlog, { boundedFiles: 10 }, { fixedMs: 1000, perUnitMs: 10 });
    expect(plan.sequential.runs).toBe(3);
    const report = await executePlan(runner, plan, { mode: 'sequential', jobNamePrefix: spec.name });
    expect(report.cleared).toBe(true);
    expect(report.jobs[0].runs.every((r) => r.status === 'succeeded')).toBe(true);
    expect(outputRecords(s.out).sort()).toEqual(expected);
    expect((await summarizeBacklog(unprocessedFiles(spec, runner.factSource, s))).files).toBe(0);
  });

  it('parallel jobs on disjoint predicates clear the backlog with every record exactly once', async () => {
    const s = settings('parallel');
    const runner = new LocalJobRunner({ spec, settings: s });
    const backlog = await summarizeBacklog(unprocessedFiles(spec, runner.factSource, s));
    const seq = planBacklog(backlog, { boundedFiles: 10 }, { fixedMs: 1000, perUnitMs: 10 }).sequential.wallMs;
    const plan = planBacklog(backlog, { boundedFiles: 10 }, { fixedMs: 1000, perUnitMs: 10 }, { deadlineMs: seq * 0.7, maxParallel: 2 });
    expect(plan.parallel?.jobs).toHaveLength(2);
    const report = await executePlan(runner, plan, { mode: 'parallel', jobNamePrefix: spec.name });
    expect(report.cleared).toBe(true);
    // Both jobs did real work under their own bookmark job names.
    expect(report.jobs.map((j) => j.jobName)).toEqual([`${spec.name}-part1`, `${spec.name}-part2`]);
    expect(report.jobs.every((j) => j.filesRead > 0)).toBe(true);
    expect(outputRecords(s.out).sort()).toEqual(expected);
  });
});

/** Every fact record of the lake as the job writes it (the fields the join keeps from the fact side). */
function factRecords(dir: string): string[] {
  const out: string[] = [];
  for (const file of walk(dir)) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line) continue;
      const r = JSON.parse(line) as Record<string, number>;
      out.push(key(r.BadgeID, r.EmployeeID, r.Year, r.Month, r.Day, r.Hour, r.Hours_Logged));
    }
  }
  return out;
}

function outputRecords(sink: string): string[] {
  if (!existsSync(sink)) return [];
  const out: string[] = [];
  for (const file of walk(sink)) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line) continue;
      const r = JSON.parse(line) as Record<string, number>;
      out.push(key(r.badge_id, r.employee_id, r.year, r.month, r.day, r.hour, r.hours_logged));
    }
  }
  return out;
}

function key(...v: number[]): string {
  return [...v.slice(0, 6), Number(v[6]).toFixed(2)].join('|');
}

/** Files under dir, skipping what readers ignore (names starting with _ or .). */
function* walk(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    if (name.startsWith('_') || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* walk(p);
    else yield p;
  }
}
