// Where log bytes live. Discovery and reading see only this interface, so a new place (S3) is one
// new implementation plus one line in logStorageFor.
import type { Readable } from 'node:stream';
import { localLogStorage } from './local-log-storage.js';
import { defaultS3LogStorage } from './s3-log-storage.js';

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
  if (/^s3[an]?:\/\//i.test(path)) return defaultS3LogStorage();
  return localLogStorage;
}
