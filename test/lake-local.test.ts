// Listing a table on the local disk: partitions (positional and Hive), predicate pruning
// (pruned folders are never opened), exclusions, and clear errors.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExclusionsError } from '../engine/lake/exclusions.js';
import type { FolderLister } from '../engine/lake/folder-lister.js';
import type { LakeFile } from '../engine/lake/lake-file.js';
import { LakeTable } from '../engine/lake/lake-table.js';
import { LocalLister } from '../engine/lake/local-lister.js';
import { PredicateError } from '../engine/lake/predicate/predicate-error.js';
import { LakeAccessError } from '../engine/lake/s3-client.js';
import { newWalkStats } from '../engine/lake/walk.js';

let root: string;
const T0 = Date.UTC(2020, 0, 1) / 1000;

function put(rel: string, body: string, mtimeSec: number): void {
  const path = join(root, ...rel.split('/'));
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, body);
  utimesSync(path, mtimeSec, mtimeSec);
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'skewscope-lake-'));
  put('t/2020/01/01/a.json', 'aa', T0 + 10);
  put('t/2020/01/02/b.json', 'bbb', T0 + 20);
  put('t/2020/02/01/c.json', 'c', T0 + 30);
  put('t/2021/01/01/d.json', 'dddd', T0 + 40);
  put('t/2020/01/01/x.tmp', 'tmp', T0 + 50);
  put('t/2020/_SUCCESS', '', T0 + 60);
  put('h/year=2020/month=01/e.json', 'e', T0 + 70);
  put('h/year=2020/month=a%2Fb/f.json', 'f', T0 + 80);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Records which folders the walk opens. */
class SpyLister implements FolderLister {
  opened: string[] = [];
  constructor(private readonly inner: FolderLister) {}
  get root(): string {
    return this.inner.root;
  }
  pathOf(rel: string): string {
    return this.inner.pathOf(rel);
  }
  listFolder(rel: string) {
    this.opened.push(rel);
    return this.inner.listFolder(rel);
  }
  listTree(rel: string) {
    this.opened.push(`${rel}/**`);
    return this.inner.listTree(rel);
  }
}

async function all(it: AsyncIterable<LakeFile>): Promise<LakeFile[]> {
  const out: LakeFile[] = [];
  for await (const f of it) out.push(f);
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
const rel = (files: LakeFile[], table = 't') => files.map((f) => f.path.slice(join(root, table).length + 1).split('\\').join('/'));

describe('local table listing', () => {
  it('streams every file with size, mtime and positional partition values', async () => {
    const table = await LakeTable.open(join(root, 't'));
    expect(await table.columns()).toEqual(['partition_0', 'partition_1', 'partition_2']);
    const files = await all(table.list());
    expect(rel(files)).toEqual(['2020/01/01/a.json', '2020/01/01/x.tmp', '2020/01/02/b.json', '2020/02/01/c.json', '2020/_SUCCESS', '2021/01/01/d.json']);
    expect(files[0]).toEqual({
      path: join(root, 't', '2020', '01', '01', 'a.json'),
      size: 2,
      mtime: (T0 + 10) * 1000,
      partitionValues: { partition_0: '2020', partition_1: '01', partition_2: '01' },
    });
    expect(files[4].partitionValues).toEqual({ partition_0: '2020' });
  });

  it('reads Hive-style key=value folders, unescaping values', async () => {
    const table = await LakeTable.open(join(root, 'h'));
    expect(await table.columns()).toEqual(['year', 'month']);
    const files = await all(table.list({ predicate: "year = 2020 and month LIKE 'a%'" }));
    expect(files.map((f) => f.partitionValues)).toEqual([{ year: '2020', month: 'a/b' }]);
  });

  it('never opens a folder the predicate rules out', async () => {
    const spy = new SpyLister(new LocalLister(join(root, 't')));
    const table = new LakeTable(spy);
    await table.columns();
    spy.opened = [];
    const stats = newWalkStats();
    const files = await all(table.list({ predicate: "partition_0 = '2020' AND partition_1 = '01'", stats }));
    expect(rel(files)).toEqual(['2020/01/01/a.json', '2020/01/01/x.tmp', '2020/01/02/b.json']);
    // Decided true at 2020/01, so that folder is one subtree listing; 2021 and 2020/02 are never opened.
    expect(spy.opened.sort()).toEqual(['', '2020', '2020/01/**']);
    expect(stats).toMatchObject({ foldersPruned: 2, filesFiltered: 1 });
  });

  it('applies exclusions with Glue-style globs', async () => {
    const table = await LakeTable.open(join(root, 't'));
    const stats = newWalkStats();
    const files = await all(table.list({ exclusions: '["**.tmp", "**/_SUCCESS"]', stats }));
    expect(rel(files)).toEqual(['2020/01/01/a.json', '2020/01/02/b.json', '2020/02/01/c.json', '2021/01/01/d.json']);
    expect(stats.filesExcluded).toBe(2);
    expect(rel(await all(table.list({ exclusions: ['2020/**'] })))).toEqual(['2021/01/01/d.json']);
  });

  it('rejects bad exclusions and predicates before listing, with what to do', async () => {
    const table = await LakeTable.open(join(root, 't'));
    await expect(all(table.list({ exclusions: '["**.tmp",' }))).rejects.toThrow(ExclusionsError);
    await expect(all(table.list({ exclusions: '["**.tmp",' }))).rejects.toThrow(/^exclusions must be a JSON list of globs such as \["\*\*\.tmp", "\*\*\/_SUCCESS"\]: /);
    await expect(all(table.list({ exclusions: '{"a":1}' }))).rejects.toThrow(
      'exclusions must be a JSON list of non-empty glob strings such as ["**.tmp", "**/_SUCCESS"]; got {"a":1}',
    );
    await expect(all(table.list({ predicate: "partiton_0 = '2020'" }))).rejects.toThrow(
      new PredicateError('unknown column `partiton_0` at 1; columns are partition_0, partition_1, partition_2', 1),
    );
  });

  it('names a missing folder', async () => {
    await expect(LakeTable.open(join(root, 'nope'))).rejects.toThrow(LakeAccessError);
    await expect(LakeTable.open(join(root, 'nope'))).rejects.toThrow(`${join(root, 'nope')} does not exist`);
  });
});
