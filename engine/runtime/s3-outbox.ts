// An S3 sink with the same exactly-once guarantee as a local one. S3 has no atomic rename, so a
// run commits its output locally (with the bookmark, as for a local sink) into an outbox folder,
// then uploads it and deletes the local copy. Uploads are idempotent (same keys, same bytes): a
// crash mid-upload is finished by the next run of the job, which uploads what the outbox still
// holds before anything else. Readers may see a run's folder fill up; they never see a record
// twice or lose one.
import { createReadStream } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { Upload } from '@aws-sdk/lib-storage';
import { createS3Client, parseS3Uri, type AwsOptions } from '../lake/s3-client.js';

async function* filesUnder(dir: string): AsyncGenerator<string> {
  for (const d of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, d.name);
    if (d.isDirectory()) yield* filesUnder(p);
    else yield p;
  }
}

/** Uploads every committed run folder (`run_id=…`) of `outbox` under `sinkUri`, oldest first, and removes it locally. */
export async function flushOutbox(outbox: string, sinkUri: string, aws: AwsOptions): Promise<string[]> {
  const runs = (await readdir(outbox).catch(() => [] as string[])).filter((n) => n.startsWith('run_id=')).sort();
  if (runs.length === 0) return [];
  const { bucket, prefix } = parseS3Uri(sinkUri);
  const client = createS3Client(aws);
  const uploaded: string[] = [];
  try {
    for (const run of runs) {
      const dir = join(outbox, run);
      for await (const file of filesUnder(dir)) {
        const key = `${prefix}${run}/${relative(dir, file).split(sep).join('/')}`;
        await new Upload({ client, params: { Bucket: bucket, Key: key, Body: createReadStream(file) } }).done();
      }
      await rm(dir, { recursive: true, force: true });
      uploaded.push(`s3://${bucket}/${prefix}${run}/`);
    }
  } finally {
    client.destroy();
  }
  return uploaded;
}
