// LogStorage over S3, so discovery (single files, rolling folders, in-progress logs) and the
// codecs read Glue's --spark-event-logs-path exactly as they read local folders. Objects are
// streamed with ranged GetObject; listings are paged and yielded as they arrive.
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { PassThrough, type Readable } from 'node:stream';
import { AwsError, classifyAwsError } from '../aws/aws-errors.js';
import { withAwsRetry } from '../aws/aws-retry.js';
import type { AwsSettings } from '../aws/aws-settings.js';
import { defaultAwsSettings } from '../aws/default-settings.js';
import { s3Client } from '../aws/clients.js';
import { parseS3Uri, s3Uri } from '../aws/s3-uri.js';
import type { ByteRange, LogEntry, LogStorage } from './log-storage.js';

const lastSegment = (key: string) => key.replace(/\/$/, '').split('/').pop() ?? '';

export function s3LogStorage(settings: AwsSettings, client: S3Client = s3Client(settings)): LogStorage {
  async function stat(path: string): Promise<LogEntry | undefined> {
    const { bucket, key } = parseS3Uri(path);
    const folderKey = key === '' || key.endsWith('/') ? key : `${key}/`;
    if (key !== '' && !key.endsWith('/')) {
      try {
        const head = await withAwsRetry(settings, { operation: 'S3 HeadObject', bucket, key }, () =>
          client.send(new HeadObjectCommand({ Bucket: bucket, Key: key })),
        );
        return { path: s3Uri(bucket, key), name: lastSegment(key), kind: 'file', size: head.ContentLength ?? 0 };
      } catch (err) {
        // A HEAD on a missing key says 404 whether the bucket exists or not; the listing below tells.
        if (!(err instanceof AwsError && err.kind === 'no-such-key')) throw err;
      }
    }
    const page = await withAwsRetry(settings, { operation: 'S3 ListObjectsV2', bucket, key: folderKey }, () =>
      client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: folderKey, MaxKeys: 1 })),
    );
    if (!page.KeyCount && !(page.Contents?.length || page.CommonPrefixes?.length)) return undefined;
    return { path: s3Uri(bucket, folderKey.replace(/\/$/, '')), name: lastSegment(folderKey) || bucket, kind: 'folder', size: 0 };
  }

  async function* list(folder: string): AsyncIterable<LogEntry> {
    const { bucket, key } = parseS3Uri(folder);
    const prefix = key === '' || key.endsWith('/') ? key : `${key}/`;
    let token: string | undefined;
    do {
      const page = await withAwsRetry(settings, { operation: 'S3 ListObjectsV2', bucket, key: prefix }, () =>
        client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, Delimiter: '/', ContinuationToken: token })),
      );
      for (const p of page.CommonPrefixes ?? []) {
        if (p.Prefix) yield { path: s3Uri(bucket, p.Prefix.replace(/\/$/, '')), name: lastSegment(p.Prefix), kind: 'folder', size: 0 };
      }
      for (const o of page.Contents ?? []) {
        // Console-created "folders" are zero-byte objects named like the prefix itself.
        if (!o.Key || o.Key === prefix) continue;
        yield { path: s3Uri(bucket, o.Key), name: lastSegment(o.Key), kind: 'file', size: o.Size ?? 0 };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  function openRead(path: string, range?: ByteRange): Readable {
    const { bucket, key } = parseS3Uri(path);
    const out = new PassThrough({ highWaterMark: 1 << 20 });
    const start = range?.start ?? 0;
    if (range?.end !== undefined && range.end <= start) {
      out.end();
      return out;
    }
    const Range = start > 0 || range?.end !== undefined ? `bytes=${start}-${range?.end !== undefined ? range.end - 1 : ''}` : undefined;
    withAwsRetry(settings, { operation: 'S3 GetObject', bucket, key }, () => client.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range })))
      .then((res) => {
        const body = res.Body as Readable;
        out.on('close', () => body.destroy());
        body.on('error', (e) => out.destroy(classifyAwsError(e, { operation: 'S3 GetObject', bucket, key }, settings)));
        body.pipe(out);
      })
      .catch((e) => out.destroy(e));
    return out;
  }

  return {
    stat,
    list,
    openRead,
    join: (folder, name) => `${folder.replace(/\/$/, '')}/${name}`,
  };
}

let shared: { key: string; storage: LogStorage } | undefined;

/** The storage for s3:// paths under the command's AWS settings; one client for all the files of a run. */
export function defaultS3LogStorage(): LogStorage {
  const settings = defaultAwsSettings();
  const key = JSON.stringify([settings.profile, settings.region, settings.endpointUrl]);
  if (shared?.key !== key) shared = { key, storage: s3LogStorage(settings) };
  return shared.storage;
}
