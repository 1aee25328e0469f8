// The demo lake: the story's three tables, deterministic per seed, skewed, with malformed
// records at the asked rate, and arrival times that follow partition order.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BADGE_COUNT, EMPLOYEE_COUNT } from '../engine/lake/demo/demo-data.js';
import { writeDemoLake } from '../engine/lake/demo/demo-lake.js';
import type { LakeFile } from '../engine/lake/lake-file.js';
import { LakeTable } from '../engine/lake/lake-table.js';
import { startS3rver } from './helpers/s3rver.js';

const root = mkdtempSync(join(tmpdir(), 'skewscope-demo-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => relative(dir, join(d.parentPath, d.name)).split('\\').join('/'))
    .sort();
}
function digest(dir: string): string {
  const h = createHash('sha256');
  for (const f of files(dir)) h.update(f).update(readFileSync(join(dir, f)));
  return h.digest('hex');
}
const small = { files: 30, rowsPerFile: 40, malformedRate: 0.1, days: 1, seed: 7 };

describe('demo lake', () => {
  it('writes the story tables, the same bytes for the same seed', async () => {
    const a = join(root, 'a');
    const summary = await writeDemoLake(a, small);
    expect(summary).toMatchObject({ factFiles: 30, factRows: 1200, hourPartitions: 24 });
    await writeDemoLake(join(root, 'b'), { ...small, concurrency: 1 });
    expect(digest(join(root, 'b'))).toBe(digest(a));
    await writeDemoLake(join(root, 'c'), { ...small, seed: 8 });
    expect(digest(join(root, 'c'))).not.toBe(digest(a));

    const all = files(a);
    expect(all.filter((f) => f.startsWith('badge_access/'))).toHaveLength(30);
    expect(all.filter((f) => f.startsWith('badges/'))).toHaveLength(10);
    expect(all.filter((f) => f.startsWith('employees/'))).toEqual(['employees/employees.json']);
    const lines = (dir: string) => files(join(a, dir)).flatMap((f) => readFileSync(join(a, dir, f), 'utf8').trim().split('\n'));
    expect(lines('employees')).toHaveLength(EMPLOYEE_COUNT);
    expect(lines('badges')).toHaveLength(BADGE_COUNT);

    // Every malformed record is one of: not JSON, a wrong type, a missing key.
    let bad = 0;
    const kinds = new Set<string>();
    for (const line of lines('badge_access')) {
      let row: Record<string, unknown>;
      try {
        row = JSON.parse(line);
      } catch {
        bad++;
        kinds.add('json');
        continue;
      }
      if (!('BadgeID' in row)) kinds.add('missing');
      else if (typeof row.BadgeID !== 'number' || typeof row.Hours_Logged !== 'number') kinds.add('type');
      else continue;
      bad++;
    }
    expect(bad).toBe(summary.malformedRows);
    expect(bad / 1200).toBeGreaterThan(0.05);
    expect(bad / 1200).toBeLessThan(0.15);
    expect(kinds).toEqual(new Set(['json', 'missing', 'type']));
  });

  it('skews badge ids by the Zipf parameter', async () => {
    const share = async (dir: string, skew: number) => {
      const s = await writeDemoLake(join(root, dir), { files: 20, rowsPerFile: 500, malformedRate: 0, days: 1, skew });
      const counts = new Map<number, number>();
      for (const f of files(join(root, dir, 'badge_access'))) {
        for (const line of readFileSync(join(root, dir, 'badge_access', f), 'utf8').trim().split('\n')) {
          const id = (JSON.parse(line) as { BadgeID: number }).BadgeID;
          counts.set(id, (counts.get(id) ?? 0) + 1);
        }
      }
      return { top: Math.max(...counts.values()) / 10_000, expected: s.hottestBadgeShare };
    };
    const skewed = await share('zipf', 1.2);
    expect(skewed.top).toBeGreaterThan(0.1);
    expect(Math.abs(skewed.top - skewed.expected)).toBeLessThan(0.03);
    expect((await share('uniform', 0)).top).toBeLessThan(0.01);
  });

  it('has four positional partition levels, with older partitions arriving first', async () => {
    const table = await LakeTable.open(join(root, 'a', 'badge_access'));
    expect(await table.columns()).toEqual(['partition_0', 'partition_1', 'partition_2', 'partition_3']);
    const listed: LakeFile[] = [];
    for await (const f of table.list({ predicate: "partition_3 < '03'" })) listed.push(f);
    const everything: LakeFile[] = [];
    for await (const f of table.list()) everything.push(f);
    const early = everything.filter((f) => Number(f.partitionValues.partition_3) < 3);
    expect(early.length).toBeGreaterThan(0);
    expect(listed.map((f) => f.path).sort()).toEqual(early.map((f) => f.path).sort());
    expect(listed[0].partitionValues).toMatchObject({ partition_0: '2020', partition_1: '01', partition_2: '01' });
    const byPath = [...listed].sort((x, y) => (x.path < y.path ? -1 : 1));
    const byTime = [...listed].sort((x, y) => x.mtime - y.mtime);
    expect(byTime.map((f) => f.path)).toEqual(byPath.map((f) => f.path));
    expect(statSync(join(root, 'a', 'employees', 'employees.json')).mtimeMs).toBeLessThan(byTime[0].mtime);
  });

  it('refuses to write over an existing lake', async () => {
    await expect(writeDemoLake(join(root, 'a'), small)).rejects.toThrow(`${join(root, 'a', 'badge_access')} already has files; remove it or choose another folder for the demo lake`);
    await expect(writeDemoLake(join(root, 'z'), { ...small, malformedRate: 2 })).rejects.toThrow('--malformed-rate must be between 0 and 1, got 2');
  });

  it('uploads to S3', async () => {
    const s3 = await startS3rver({ buckets: ['demo'] });
    Object.assign(process.env, s3.env);
    try {
      const summary = await writeDemoLake('s3://demo/story', { files: 6, rowsPerFile: 10, days: 1 }, s3.aws);
      expect(summary.factTable).toBe('s3://demo/story/badge_access');
      const table = await LakeTable.open('s3://demo/story/badge_access', s3.aws);
      let n = 0;
      for await (const f of table.list()) n += f.size > 0 ? 1 : 0;
      expect(n).toBe(6);
      await expect(writeDemoLake('s3://demo/story', { files: 6 }, s3.aws)).rejects.toThrow('s3://demo/story/badge_access/ already has objects');
    } finally {
      await s3.stop();
    }
  });
});
