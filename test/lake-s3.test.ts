// The lake on a real S3-compatible server (s3rver on 127.0.0.1, see test/helpers/s3rver.ts):
// paging past 1,000 keys, predicate pruning by folder-level listing, exclusions, and bounded
// runs with bookmarks — three runs that take the backlog exactly once, new and overwritten
// files, reset and rewind.
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Bookmarks } from '../engine/lake/bookmarks.js';
import { selectBounded } from '../engine/lake/bounded-select.js';
import type { LakeFile } from '../engine/lake/lake-file.js';
import { LakeTable } from '../engine/lake/lake-table.js';
import { LakeAccessError, createS3Client, parseS3Uri } from '../engine/lake/s3-client.js';
import { S3Lister } from '../engine/lake/s3-lister.js';
import { newWalkStats } from '../engine/lake/walk.js';
import { startS3rver, type RunningS3rver } from './helpers/s3rver.js';

let s3: RunningS3rver;
let dbDir: string;
const BIG_DAY = 1050;

async function putAll(client: S3Client, keys: string[], body = (k: string) => `{"key":"${k}"}\n`): Promise<void> {
  for (let i = 0; i < keys.length; i += 48) {
    await Promise.all(keys.slice(i, i + 48).map((Key) => client.send(new PutObjectCommand({ Bucket: 'lake', Key, Body: body(Key) }))));
  }
}
async function all(it: AsyncIterable<LakeFile>): Promise<LakeFile[]> {
  const out: LakeFile[] = [];
  for await (const f of it) out.push(f);
  return out;
}
const key = (f: LakeFile) => f.path.slice('s3://lake/'.length);

beforeAll(async () => {
  s3 = await startS3rver({ buckets: ['lake'] });
  Object.assign(process.env, s3.env);
  dbDir = mkdtempSync(join(tmpdir(), 'skewscope-s3bm-'));
  const keys = [
    ...Array.from({ length: BIG_DAY }, (_, i) => `events/2020/01/01/part-${String(i).padStart(5, '0')}.json`),
    ...Array.from({ length: 5 }, (_, i) => `events/2020/01/02/part-${i}.json`),
    ...Array.from({ length: 5 }, (_, i) => `events/2021/01/01/part-${i}.json`),
    'events/2020/01/01/_SUCCESS',
    'events/2020/01/02/part-9.json.tmp',
  ];
  await putAll(s3.client, keys);
}, 120_000);
afterAll(async () => {
  await s3?.stop();
  rmSync(dbDir, { recursive: true, force: true });
});

describe('S3 listing', () => {
  it('pages past 1,000 keys and reports size, LastModified and partitions', async () => {
    const table = await LakeTable.open('s3://lake/events', s3.aws);
    expect(table.root).toBe('s3://lake/events');
    expect(await table.columns()).toEqual(['partition_0', 'partition_1', 'partition_2']);
    const files = await all(table.list());
    expect(files).toHaveLength(BIG_DAY + 12);
    expect(new Set(files.map((f) => f.path)).size).toBe(files.length);
    const one = files.find((f) => f.path === 's3://lake/events/2020/01/02/part-3.json');
    expect(one).toMatchObject({ size: '{"key":"events/2020/01/02/part-3.json"}\n'.length, partitionValues: { partition_0: '2020', partition_1: '01', partition_2: '02' } });
    expect(Math.abs((one as LakeFile).mtime - Date.now())).toBeLessThan(10 * 60_000);
  });

  it('lists only the folders the predicate can admit, level by level', async () => {
    const client = createS3Client(s3.aws);
    const prefixes: string[] = [];
    client.middlewareStack.add(
      (next) => async (args) => {
        const input = args.input as { Prefix?: string; Delimiter?: string };
        prefixes.push(`${input.Prefix}${input.Delimiter ? ' /' : ' **'}`);
        return next(args);
      },
      { step: 'initialize' },
    );
    const table = new LakeTable(new S3Lister(client, parseS3Uri('s3://lake/events/'), s3.aws));
    // Column discovery looks at one page per level, down to the first leaf folder.
    await table.columns();
    expect(prefixes).toEqual(['events/ /', 'events/2020/ /', 'events/2020/01/ /', 'events/2020/01/01/ /']);
    prefixes.length = 0;
    const stats = newWalkStats();
    const files = await all(table.list({ predicate: "partition_0 = '2020' and CAST(partition_2 AS int) >= 2", stats }));
    expect(files.map(key).sort()).toEqual([0, 1, 2, 3, 4].map((i) => `events/2020/01/02/part-${i}.json`).concat('events/2020/01/02/part-9.json.tmp').sort());
    // Never a request under 2021/ or 2020/01/01/ (the 1,050-file partition); 2020/01/02/ is
    // decided true, so it is one flat listing.
    expect(prefixes).toEqual(['events/ /', 'events/2020/ /', 'events/2020/01/ /', 'events/2020/01/02/ **']);
    expect(stats.foldersPruned).toBe(2);
    client.destroy();
  });

  it('applies exclusions to keys relative to the table', async () => {
    const table = await LakeTable.open('s3://lake/events/2020/01', s3.aws);
    const files = await all(table.list({ exclusions: '["**.tmp", "**/_SUCCESS"]', predicate: "partition_0 = '02'" }));
    expect(files.map(key).sort()).toEqual([0, 1, 2, 3, 4].map((i) => `events/2020/01/02/part-${i}.json`));
  });

  it('names a missing bucket and rejected credentials', async () => {
    const missing = await LakeTable.open('s3://no-such-bucket/x', s3.aws);
    await expect(all(missing.list())).rejects.toThrow(new LakeAccessError(`bucket \`no-such-bucket\` does not exist at ${s3.endpoint}; check the URI s3://no-such-bucket/x/`));
    const saved = process.env.AWS_ACCESS_KEY_ID;
    process.env.AWS_ACCESS_KEY_ID = 'NOT-A-KEY';
    try {
      const table = await LakeTable.open('s3://lake/events', s3.aws);
      await expect(all(table.list())).rejects.toThrow(
        'the AWS credentials were rejected while listing s3://lake/events/ (InvalidAccessKeyId); check the access key and secret, or the --profile',
      );
    } finally {
      process.env.AWS_ACCESS_KEY_ID = saved;
    }
  });
});

describe('bounded runs with bookmarks on S3', () => {
  const table = () => LakeTable.open('s3://lake/events', s3.aws);
  /** One bounded run: select through the bookmark, commit, return the keys it took. */
  async function run(bookmarks: Bookmarks, boundedFiles: number): Promise<{ keys: string[]; remaining: number }> {
    const lease = bookmarks.begin({ job: 'badges' });
    const view = lease.view('events');
    const selection = await selectBounded((await table()).list({ exclusions: '["**/_SUCCESS"]' }), {
      bound: { files: boundedFiles },
      isUnprocessed: view.isUnprocessed,
    });
    bookmarks.commit(lease, { events: selection.selected });
    return { keys: selection.selected.map(key), remaining: selection.remainingFiles };
  }

  it('three bounded runs take the whole backlog exactly once; then new and overwritten files; then reset and rewind', async () => {
    const bookmarks = Bookmarks.open({ file: join(dbDir, 'skewscope.db') });
    const backlog = (await all((await table()).list({ exclusions: '["**/_SUCCESS"]' }))).map(key);
    expect(backlog).toHaveLength(BIG_DAY + 11);

    const r1 = await run(bookmarks, 400);
    const r2 = await run(bookmarks, 400);
    const r3 = await run(bookmarks, 400);
    expect([r1.keys.length, r2.keys.length, r3.keys.length]).toEqual([400, 400, backlog.length - 800]);
    expect([r1.remaining, r2.remaining, r3.remaining]).toEqual([backlog.length - 400, backlog.length - 800, 0]);
    const taken = [...r1.keys, ...r2.keys, ...r3.keys];
    expect(new Set(taken).size).toBe(taken.length);
    expect(taken.sort()).toEqual([...backlog].sort());
    expect((await run(bookmarks, 400)).keys).toEqual([]);

    // New files arrive between runs: only they are taken.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const arrivals = Array.from({ length: 7 }, (_, i) => `events/2020/01/03/late-${i}.json`);
    await putAll(s3.client, arrivals);
    expect((await run(bookmarks, 400)).keys.sort()).toEqual(arrivals);

    // An overwritten file has a newer LastModified and is processed again, as in Glue.
    await new Promise((resolve) => setTimeout(resolve, 20));
    await putAll(s3.client, ['events/2020/01/02/part-1.json'], () => '{"key":"rewritten"}\n');
    expect((await run(bookmarks, 400)).keys).toEqual(['events/2020/01/02/part-1.json']);
    expect((await run(bookmarks, 400)).keys).toEqual([]);
    expect(bookmarks.status('badges').lastRun).toBe(7);

    // Rewind to run 2: what runs 3..7 took is unprocessed again.
    bookmarks.rewind('badges', 2);
    const again = await run(bookmarks, 5000);
    expect(again.keys.sort()).toEqual([...r3.keys, ...arrivals].sort());

    // Reset: everything is unprocessed; a bounded run takes the oldest 400 again.
    bookmarks.reset('badges');
    const fresh = await run(bookmarks, 400);
    expect(fresh.keys).toHaveLength(400);
    expect(fresh.remaining).toBe(backlog.length + arrivals.length - 400);
    bookmarks.close();
  });
});
