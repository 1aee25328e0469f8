// The seam between reading bytes (discovery, codecs, rolling folders) and folding Spark events
// into the model. Byte-level readers produce EventLogApp + lines; the Spark event folder
// consumes lines and never knows where they came from.
import type { IngestWarning } from '../model/job-run.js';

export type Codec = 'none' | 'lz4' | 'snappy' | 'zstd' | 'lzf';

export interface EventLogFile {
  /** Absolute path (or s3:// URI, or `zip-path!member`). */
  path: string;
  codec: Codec;
  /** Bytes as stored (compressed size for compressed logs; uncompressed size for zip members). */
  size: number;
  /** Set for a member of a zip archive: the archive's own path (`path` is then `<zipPath>!<member>`). */
  zipPath?: string;
}

/** One application attempt's log: a single file, or the ordered files of a rolling folder. */
export interface EventLogApp {
  /** What the user sees as the log's name (file or folder path). */
  displayPath: string;
  /** From the file/folder name when it follows Spark's naming, else undefined until events say. */
  appId?: string;
  attemptId?: string;
  /** Files in read order (rolling: compact file first, then events_<n> ascending). */
  files: EventLogFile[];
  inProgress: boolean;
  /** Sum of the files' sizes on disk (compressed), for progress. */
  totalBytes: number;
}

/**
 * Receives each complete line (without the newline). `lineNo` is 1-based within `file`.
 * Called synchronously on the hot path: no per-line allocation beyond the string itself.
 */
export type LineSink = (line: string, lineNo: number, file: string) => void;

export type WarningSink = (w: IngestWarning) => void;

export interface ReadProgress {
  bytesRead: number;
  totalBytes: number;
}
