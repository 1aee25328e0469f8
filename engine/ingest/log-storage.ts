// Where log bytes live. Discovery and reading see only this interface, so a new place (S3) is one
// new implementation plus one line in logStorageFor.
import { PassThrough, type Readable } from 'node:stream';
import { localLogStorage } from './local-log-storage.js';

export interface LogEntry {
  path: string;
  /** Last path segment, what Spark's naming rules look at. */
  name: string;
  kind: 'file' | 'folder';
  /** Bytes as stored (0 for folders). */
  size: number;
}

/** Half-open byte range [start, end). */
export interface ByteRange {
  start: number;
  end?: number;
}

export interface LogStorage {
  /** undefined when nothing exists at `path`. */
  stat(path: string): Promise<LogEntry | undefined>;
  /** The folder's direct children, streamed in storage order (not sorted). */
  list(folder: string): AsyncIterable<LogEntry>;
  openRead(path: string, range?: ByteRange): Readable;
  join(folder: string, name: string): string;
}

export function logStorageFor(path: string): LogStorage {
  if (/^s3[an]?:\/\//i.test(path)) return s3OnFirstUse;
  return localLogStorage;
}

// The AWS SDK takes longer to load than a small local log takes to read: it is imported only when
// an s3:// path is actually used.
const s3Storage = () => import('./s3-log-storage.js').then((m) => m.defaultS3LogStorage());

const s3OnFirstUse: LogStorage = {
  stat: async (path) => (await s3Storage()).stat(path),
  async *list(folder) {
    yield* (await s3Storage()).list(folder);
  },
  openRead(path, range) {
    const out = new PassThrough({ highWaterMark: 1 << 20 });
    s3Storage().then(
      (storage) => {
        const body = storage.openRead(path, range);
        out.on('close', () => body.destroy());
        body.on('error', (e) => out.destroy(e));
        body.pipe(out);
      },
      (e: Error) => out.destroy(e),
    );
    return out;
  },
  join: (folder, name) => `${folder.replace(/\/$/, '')}/${name}`,
};
