import { describe, expect, it } from 'vitest';
import { summarizeBacklog } from '../engine/tuner/backlog.js';
import { fitRunTime, planBacklog, splitBalanced } from '../engine/tuner/backlog-plan.js';
import { glueScriptLines } from '../engine/tuner/glue-export.js';
import { parsePredicate } from '../engine/lake/predicate/parse.js';
import { admits, evaluate } from '../engine/lake/predicate/evaluate.js';
import type { LakeFile } from '../engine/lake/lake-file.js';

const COLUMNS = ['partition_0', 'partition_1', 'partition_2'];

/** The story's backlog shape: 2019 and 2020, month folders, day folders, uneven file counts. */
async function* listing(): AsyncGenerator<LakeFile> {
  let t = 1_600_000_000_000;
  for (const year of ['2019', '2020']) {
    for (let m = 1; m <= 12; m++) {
      const month = String(m).padStart(2, '0');
      const files = year === '2019' ? 40 + m : 50 + 2 * m;
      for (let i = 0; i < files; i++) {
        yield { path: `/lake/badge_access/${year}/${month}/${String(1 + (i % 28)).padStart(2, '0')}/f${i}.json`, size: 1000 + i, mtime: t++, partitionValues: { partition_0: year, partition_1: month, partition_2: String(1 + (i % 28)).padStart(2, '0') } };
      }
    }
  }
}

async function allFiles(): Promise<LakeFile[]> {
  const out: LakeFile[] = [];
  for await (const f of listing()) out.push(f);
  return out;
}

describe('backlog plan', () => {
  it('counts the sequential runs and their wall time from the safe bound', async () => {
    const backlog = await summarizeBacklog(listing());
    const files = (await allFiles()).length;
    expect(backlog.files).toBe(files);
    expect(backlog.partitions).toHaveLength(24 * 28);
    const plan = planBacklog(backlog, { boundedFiles: 100 }, { fixedMs: 1000, perUnitMs: 10 });
    expect(plan.sequential.runs).toBe(Math.ceil(files / 100));
    expect(plan.sequential.wallMs).toBe(plan.sequential.runs * 1000 + files * 10);
    expect(plan.parallel).toBeUndefined();
  });

  it('splits 2019 and 2020 into two parallel jobs to meet a deadline, with disjoint predicates covering every file', async () => {
    const backlog = await summarizeBacklog(listing());
    const seq = planBacklog(backlog, { boundedFiles: 100 }, { fixedMs: 1000, perUnitMs: 10 }).sequential.wallMs;
    const plan = planBacklog(backlog, { boundedFiles: 100 }, { fixedMs: 1000, perUnitMs: 10 }, { deadlineMs: seq * 0.6 });
    expect(plan.parallel?.meetsDeadline).toBe(true);
    expect(plan.parallel!.jobs.map((j) => j.predicate)).toEqual(["(partition_0 == '2019')", "(partition_0 == '2020')"]);
    await expectExactCover(plan.parallel!.jobs.map((j) => j.predicate));
  });

  it('goes one partition level deeper when a tighter deadline needs more jobs than years, balanced by file count', async () => {
    const backlog = await summarizeBacklog(listing());
    const seq = planBacklog(backlog, { boundedFiles: 100 }, { fixedMs: 1000, perUnitMs: 10 }).sequential.wallMs;
    const plan = planBacklog(backlog, { boundedFiles: 100 }, { fixedMs: 1000, perUnitMs: 10 }, { deadlineMs: seq * 0.3 });
    const jobs = plan.parallel!.jobs;
    expect(plan.parallel!.meetsDeadline).toBe(true);
    expect(jobs.length).toBeGreaterThan(2);
    const counts = jobs.map((j) => j.files);
    // Contiguous month ranges cannot balance exactly; no job carries more than a month's worth above the mean.
    const mean = backlog.files / jobs.length;
    expect(Math.max(...counts) - mean).toBeLessThanOrEqual(74);
    expect(jobs.some((j) => /partition_1/.test(j.predicate))).toBe(true);
    await expectExactCover(jobs.map((j) => j.predicate));
  });

  it('says when no split meets the deadline, and gives the fastest one found', async () => {
    const backlog = await summarizeBacklog(listing());
    const plan = planBacklog(backlog, { boundedFiles: 100 }, { fixedMs: 1000, perUnitMs: 10 }, { deadlineMs: 1000, maxParallel: 3 });
    expect(plan.parallel?.meetsDeadline).toBe(false);
    expect(plan.parallel?.jobs).toHaveLength(3);
    expect(plan.notes.join(' ')).toMatch(/no split into at most 3 jobs meets the deadline/);
  });

  it('balances a contiguous split by file count', () => {
    const g = (files: number) => ({ values: {}, files, bytes: 0 });
    const parts = splitBalanced([g(10), g(10), g(10), g(30)], 2);
    expect(parts.map((p) => p.reduce((a, x) => a + x.files, 0))).toEqual([30, 30]);
  });

  it('fits run time on finished runs', () => {
    expect(fitRunTime([{ amount: 10, durationMs: 1200 }, { amount: 20, durationMs: 2200 }])).toEqual({ fixedMs: 200, perUnitMs: 100 });
    expect(fitRunTime([{ amount: 10, durationMs: 1000 }])).toEqual({ fixedMs: 0, perUnitMs: 100 });
  });
});

describe('Glue export', () => {
  it('prints additional_options with the bound as a string and each parallel predicate', async () => {
    const backlog = await summarizeBacklog(listing());
    const plan = planBacklog(backlog, { boundedFiles: 100 }, { fixedMs: 1000, perUnitMs: 10 }, { deadlineMs: 17_000 });
    const lines = glueScriptLines({ boundedFiles: 100 }, plan, { targetHeap: 0.5 });
    expect(lines).toContain('additional_options = {"boundedFiles": "100"}');
    expect(lines).toContain(`push_down_predicate = "(partition_0 == '2019')"`);
    expect(lines).toContain(`push_down_predicate = "(partition_0 == '2020')"`);
    expect(glueScriptLines({ boundedSize: 1073741824 })).toContain('additional_options = {"boundedSize": "1073741824"}');
  });
});

/** Every file is admitted by exactly one predicate, as the lake's own parser reads them. */
async function expectExactCover(predicates: string[]): Promise<void> {
  const parsed = predicates.map((p) => parsePredicate(p, COLUMNS));
  for (const f of await allFiles()) {
    const hits = parsed.filter((p) => admits(evaluate(p, f.partitionValues, true))).length;
    expect(hits, f.path).toBe(1);
  }
}
