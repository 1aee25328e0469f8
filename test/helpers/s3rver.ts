// Starts a real S3-compatible server (s3rver) on 127.0.0.1 for tests and benchmarks, and gives
// an S3 client set up for it.
//
// s3rver runs in a child process started with `--openssl-legacy-provider`: it encrypts list
// continuation tokens with DES, which Node 20's OpenSSL 3 refuses otherwise (every listing past
// the first 1,000 keys would fail with a 500). Keeping that flag in the child leaves the test
// process itself unchanged, and makes paging work for every user of this helper.
//
// The child also corrects s3rver 3.7.1's `Delimiter` listings, which skip every key two or more
// folders below the prefix (so `Prefix: 't/', Delimiter: '/'` misses `t/2020/` when all keys are
// `t/2020/01/…`), the way real S3 does not. With a delimiter the child lists the subtree and
// groups it into CommonPrefixes itself, returning one untruncated page (s3rver cannot page
// delimiter listings correctly either: its token is the last key, not the last prefix).
// Listings without a delimiter are s3rver's own and page at 1,000 keys as S3 does.
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** s3rver accepts only this key pair. */
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export interface S3rverOptions {
  /** Keep objects in this folder across runs (benchmarks); default: a temp folder removed on stop. */
  directory?: string;
  /** Buckets to create (existing ones are kept). */
  buckets?: string[];
}

export interface RunningS3rver {
  /** e.g. http://127.0.0.1:43817 */
  endpoint: string;
  directory: string;
  /** Path-style, fixed credentials, checksums only when required (s3rver stores SDK-chunked bodies as-is otherwise). */
  client: S3Client;
  /** The options Skewscope's own S3 code takes (`AwsOptions`) plus the environment for the credentials. */
  aws: { endpoint: string; region: string };
  env: Record<string, string>;
  stop(): Promise<void>;
}

export async function startS3rver(options: S3rverOptions = {}): Promise<RunningS3rver> {
  const keep = options.directory !== undefined;
  const directory = options.directory ?? mkdtempSync(join(tmpdir(), 'skewscope-s3rver-'));
  mkdirSync(directory, { recursive: true });
  const child = spawn(process.execPath, ['--openssl-legacy-provider', '--input-type=commonjs', '-e', childScript(directory)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let port: number;
  try {
    port = await listeningPort(child);
  } catch (e) {
    child.kill('SIGKILL');
    if (!keep) rmSync(directory, { recursive: true, force: true });
    throw e;
  }
  const endpoint = `http://127.0.0.1:${port}`;
  // The SDK's notice that future releases need Node 22 is noise in test and bench output.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: S3RVER_CREDENTIALS,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  for (const bucket of options.buckets ?? []) {
    try {
      await client.send(new CreateBucketCommand({ Bucket: bucket }));
    } catch (e) {
      if ((e as { name?: string }).name !== 'BucketAlreadyExists' && (e as { name?: string }).name !== 'BucketAlreadyOwnedByYou') throw e;
    }
  }
  return {
    endpoint,
    directory,
    client,
    aws: { endpoint, region: 'us-east-1' },
    env: { AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey },
    async stop() {
      client.destroy();
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      if (!keep) rmSync(directory, { recursive: true, force: true });
    },
  };
}

function childScript(directory: string): string {
  const require = createRequire(import.meta.url);
  const s3rver = require.resolve('s3rver');
  const store = require.resolve('s3rver/lib/stores/filesystem.js');
  return `
    const S3rver = require(${JSON.stringify(s3rver)});
    const FilesystemStore = require(${JSON.stringify(store)});
    const listObjects = FilesystemStore.prototype.listObjects;
    FilesystemStore.prototype.listObjects = async function (bucket, options) {
      const { delimiter, prefix = '' } = options;
      if (!delimiter) return listObjects.call(this, bucket, options);
      const all = await listObjects.call(this, bucket, { ...options, delimiter: '', maxKeys: Infinity });
      const commonPrefixes = new Set();
      const objects = [];
      for (const object of all.objects) {
        const rest = object.key.slice(prefix.length);
        const at = rest.indexOf(delimiter);
        if (at === -1) objects.push(object);
        else commonPrefixes.add(prefix + rest.slice(0, at + delimiter.length));
      }
      return { objects, commonPrefixes: [...commonPrefixes].sort(), isTruncated: false };
    };
    new S3rver({ address: '127.0.0.1', port: 0, directory: ${JSON.stringify(directory)}, silent: true })
      .run()
      .then(({ port }) => console.log('listening on 127.0.0.1:' + port))
      .catch((e) => { console.error(e); process.exit(1); });
  `;
}

function listeningPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`s3rver did not start within 60 s: ${err || out}`)), 60_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on [\d.]+:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`s3rver exited with code ${code} before listening: ${err || out}`));
    });
  });
}
