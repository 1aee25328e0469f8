// S3 as source and sink, against a real S3-compatible server (s3rver on 127.0.0.1): the fact
// table is read from s3://, the output is committed locally with the bookmark and uploaded, and a
// rerun takes only new input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { startRun } from '../engine/runtime/driver.js';
import { startS3rver, type RunningS3rver } from './helpers/s3rver.js';
import { fixtureSpec, makeFixtureLake } from './runtime-fixture-lake.js';

let s3: RunningS3rver;
let root: string;
beforeAll(async () => {
  s3 = await startS3rver({ buckets: ['lake'] });
  Object.assign(process.env, s3.env);
  root = mkdtempSync(join(tmpdir(), 'skewscope-runtime-s3-'));
}, 60_000);
afterAll(async () => {
  await s3?.stop();
  rmSync(root, { recursive: true, force: true });
});

async function keys(prefix: string): Promise<string[]> {
  const r = await s3.client.send(new ListObjectsV2Command({ Bucket: 'lake', Prefix: prefix }));
  return (r.Contents ?? []).map((o) => o.Key!).sort();
}

async function rows(key: string): Promise<number> {
  const body = await (await s3.client.send(new GetObjectCommand({ Bucket: 'lake', Key: key }))).Body!.transformToString();
  return body.split('\n').filter(Boolean).length;
}

describe('local engine on S3', () => {
  it('reads s3:// facts and publishes its output to an s3:// sink exactly once per run', async () => {
    const lake = makeFixtureLake(join(root, 'lake'), { files: 6, rowsPerFile: 200 });
    // Facts on S3 (dimensions stay local: sources can mix).
    for (const f of lake.factFiles) {
      const key = `tables/badge_access/${relative(join(lake.dir, 'badge_access'), f)}`;
      await s3.client.send(new PutObjectCommand({ Bucket: 'lake', Key: key, Body: readFileSync(f) }));
    }
    const base = fixtureSpec(lake.dir, 's3://lake/out/');
    const spec = { ...base, sources: { ...base.sources, badge_access: { ...base.sources.badge_access, path: 's3://lake/tables/badge_access/' } } };
    const settings = {
      eventLogDir: join(root, 'logs'),
      workDir: join(root, 'work'),
      outboxDir: join(root, 'outbox'),
      bookmarkDb: join(root, 'bookmarks.db'),
      aws: s3.aws,
    };
    const first = await startRun(spec, { ...settings, bound: { boundedFiles: 4 } }).result;
    expect(first.status).toBe('succeeded');
    expect(first.message).toBeUndefined();
    expect(first.output).toBe(`s3://lake/out/run_id=${first.appId}/`);
    const second = await startRun(spec, settings).result;
    expect(second.status).toBe('succeeded');
    expect(second.filesRead).toBe(2 + 2);

    const parts = (await keys('out/')).filter((k) => /\/part-\d+-local-\d+\.json$/.test(k));
    let total = 0;
    for (const k of parts) total += await rows(k);
    expect(total).toBe(lake.facts.length);
    expect(new Set(parts.map((k) => k.split('/')[1]))).toEqual(new Set([`run_id=${first.appId}`, `run_id=${second.appId}`]));
    expect(readdirSync(join(root, 'outbox', 'fixture-badges')).filter((n) => n.startsWith('run_id='))).toEqual([]);
  }, 120_000);
});
