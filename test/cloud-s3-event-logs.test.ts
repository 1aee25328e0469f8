// Event logs on S3 (Glue's --spark-event-logs-path) read through the same discovery, codecs and
// folding as local files, against a real s3rver: a single file, a rolling folder, a folder of logs.
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsError } from '../engine/aws/aws-errors.js';
import { setDefaultAwsSettings } from '../engine/aws/default-settings.js';
import { openEventLogs } from '../engine/ingest/open-event-logs.js';
import { s3LogStorage } from '../engine/ingest/s3-log-storage.js';
import { startServe } from '../src-main/serve.js';
import type { JobRun } from '../engine/model/job-run.js';
import { startS3rver, type RunningS3rver } from './helpers/s3rver.js';

const fixtures = fileURLToPath(new URL('../../shared/fixtures/spark-events/', import.meta.url));
const APP = 'application_1538416563558_0014';
const ROLLING = `eventlog_v2_${APP}`;
const local = mkdtempSync(join(tmpdir(), 'skewscope-s3logs-'));
let s3: RunningS3rver;

/** A rolling folder as Spark writes it: the log split at line boundaries into events_<n>_ files, plus the appstatus marker. */
function rollingParts(): { name: string; body: string }[] {
  const lines = readFileSync(join(fixtures, APP), 'utf8').split('\n');
  const third = Math.ceil(lines.length / 3);
  const parts = [0, 1, 2].map((i) => ({ name: `events_${i + 1}_${APP}`, body: lines.slice(i * third, (i + 1) * third).join('\n') + '\n' }));
  return [...parts, { name: `appstatus_${APP}`, body: '' }];
}

async function put(key: string, body: string | Buffer) {
  await s3.client.send(new PutObjectCommand({ Bucket: 'glue-logs', Key: key, Body: Buffer.from(body) }));
}

beforeAll(async () => {
  s3 = await startS3rver({ buckets: ['glue-logs'] });
  Object.assign(process.env, s3.env, { AWS_EC2_METADATA_DISABLED: 'true' });
  setDefaultAwsSettings({ endpointUrl: s3.endpoint, region: 'us-east-1', retryBaseMs: 1 });
  mkdirSync(join(local, ROLLING));
  for (const p of rollingParts()) {
    writeFileSync(join(local, ROLLING, p.name), p.body);
    await put(`spark-logs/${ROLLING}/${p.name}`, p.body);
  }
  await put('spark-logs/app-20161116163331-0000', readFileSync(join(fixtures, 'app-20161116163331-0000')));
});

afterAll(async () => {
  await s3.stop();
});

/** The run with the location it was read from taken out, so S3 and local reads compare. */
function placeless(run: JobRun, root: string): unknown {
  return JSON.parse(JSON.stringify(run).split(root).join('<root>'));
}

describe('event logs on S3', () => {
  it('reads a rolling folder exactly as the same folder on disk', async () => {
    const fromS3 = await openEventLogs(`s3://glue-logs/spark-logs/${ROLLING}`);
    const fromDisk = await openEventLogs(join(local, ROLLING));
    expect(fromS3.runs).toHaveLength(1);
    expect(fromS3.runs[0].tasks.length).toBeGreaterThan(10);
    expect(fromS3.runs[0].source).toMatchObject({ kind: 'event-log', path: `s3://glue-logs/spark-logs/${ROLLING}`, inProgress: false });
    expect(placeless(fromS3.runs[0], 's3://glue-logs/spark-logs')).toEqual(placeless(fromDisk.runs[0], local));
  });

  it('reads a single log file and finds every log under a prefix', async () => {
    const single = await openEventLogs('s3://glue-logs/spark-logs/app-20161116163331-0000');
    const onDisk = await openEventLogs(join(fixtures, 'app-20161116163331-0000'));
    expect(single.runs[0].tasks.length).toBe(onDisk.runs[0].tasks.length);
    expect(single.runs[0].application).toEqual(onDisk.runs[0].application);

    const all = await openEventLogs('s3://glue-logs/spark-logs/');
    expect(all.runs.map((r) => r.application.id).sort()).toEqual(['app-20161116163331-0000', APP]);
  });

  it('serves byte ranges and folder listings through the storage seam', async () => {
    const storage = s3LogStorage({ endpointUrl: s3.endpoint, region: 'us-east-1' });
    const names: string[] = [];
    for await (const e of storage.list(`s3://glue-logs/spark-logs/${ROLLING}`)) names.push(`${e.kind}:${e.name}:${e.size}`);
    const parts = rollingParts();
    expect(names.sort()).toEqual(parts.map((p) => `file:${p.name}:${Buffer.byteLength(p.body)}`).sort());
    const chunks: Buffer[] = [];
    for await (const c of storage.openRead(`s3://glue-logs/spark-logs/${ROLLING}/${parts[0].name}`, { start: 2, end: 12 })) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe(parts[0].body.slice(2, 12));
    expect(await storage.stat('s3://glue-logs/spark-logs')).toMatchObject({ kind: 'folder', name: 'spark-logs' });
    expect(await storage.stat('s3://glue-logs/spark-logs/nothing-here')).toBeUndefined();
  });

  it('serves the logs under an S3 prefix with History Server REST paths', async () => {
    const { server } = await startServe({ eventLogs: 's3://glue-logs/spark-logs/', host: '127.0.0.1', port: 0 });
    try {
      const apps = (await (await fetch(`${server.url}/api/v1/applications`)).json()) as { id: string }[];
      expect(apps.map((a) => a.id).sort()).toEqual(['app-20161116163331-0000', APP]);
    } finally {
      await server.close();
    }
  });

  it('names a missing bucket', async () => {
    const err = await openEventLogs('s3://no-such-bucket/spark-logs/x').catch((e) => e);
    expect(err).toBeInstanceOf(AwsError);
    expect(err.kind).toBe('no-such-bucket');
    expect(err.message).toContain('no-such-bucket');
  });
});
