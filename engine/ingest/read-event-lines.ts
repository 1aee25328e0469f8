// Streams an application's log files, in order, through their codec and out as lines. The hot path
// for multi-GB logs: chunks of ~1 MB are decoded, split on bytes and each line decoded to a string
// once; memory holds a few chunks and the longest line, never the file.
import type { Readable } from 'node:stream';
import type { EventLogApp, EventLogFile, LineSink, ReadProgress, WarningSink } from './log-source.js';
import { logStorageFor } from './log-storage.js';
import { openZipLogStorage } from './zip-log-storage.js';
import { LineSplitter } from './line-splitter.js';
import { createStreamDecoder } from './codecs/create-stream-decoder.js';
import { CorruptStreamError } from './codecs/stream-decoder.js';

export interface ReadEventLinesOptions {
  warn: WarningSink;
  /** Aborting rejects the returned promise with the signal's reason. */
  signal?: AbortSignal;
  /** Called after each chunk read; bytes are as stored, comparable to app.totalBytes. */
  onProgress?: (p: ReadProgress) => void;
}

/**
 * Calls `onLine` for every complete line of every file of `app`, in order. Bad bytes never throw:
 * a cut-off last line or a corrupt compressed block is a warning naming the file and line or byte
 * offset, and reading moves on to the next file with everything before the damage delivered.
 * Empty lines are counted in line numbers but not delivered.
 */
export async function readEventLines(app: EventLogApp, onLine: LineSink, opts: ReadEventLinesOptions): Promise<void> {
  const progress: ReadProgress = { bytesRead: 0, totalBytes: app.totalBytes };
  for (const file of app.files) {
    opts.signal?.throwIfAborted();
    await readFileLines(file, onLine, opts, progress);
  }
}

async function readFileLines(file: EventLogFile, onLine: LineSink, opts: ReadEventLinesOptions, progress: ReadProgress): Promise<void> {
  const { warn, signal, onProgress } = opts;
  const splitter = new LineSplitter(file.path, onLine, (line, bytes) =>
    warn({ file: file.path, line, message: `line is ${(bytes / 1024 / 1024).toFixed(0)} MB long, far beyond any Spark event (is this a binary or damaged file?); skipped` }),
  );
  const decoder = createStreamDecoder(file.codec);
  let offset = 0;
  let input: Readable;
  try {
    input = await openEventLogFile(file);
  } catch (e) {
    warn({ file: file.path, message: `cannot open this file (${errorText(e)}); skipped` });
    return;
  }
  try {
    const chunks = input[Symbol.asyncIterator]();
    for (;;) {
      signal?.throwIfAborted();
      let next: IteratorResult<Buffer>;
      try {
        next = await chunks.next();
      } catch (e) {
        if (signal?.aborted) throw signal.reason;
        // Streams open lazily, so a file that cannot be opened fails on its first read.
        if (offset === 0) warn({ file: file.path, message: `cannot open this file (${errorText(e)}); skipped` });
        else warn({ file: file.path, byteOffset: offset, message: `reading stopped here (${errorText(e)}); everything before it was read` });
        break;
      }
      if (next.done) {
        decoder?.end(splitter.push);
        break;
      }
      const chunk = next.value;
      if (decoder) decoder.push(chunk, splitter.push);
      else splitter.push(chunk);
      offset += chunk.length;
      progress.bytesRead += chunk.length;
      onProgress?.(progress);
    }
  } catch (e) {
    if (!(e instanceof CorruptStreamError)) throw e;
    warn({ file: file.path, byteOffset: e.byteOffset, message: `${e.message}; reading of this file stopped here, everything before it was read` });
  } finally {
    input.destroy();
  }
  deliverLastLine(file.path, splitter, warn);
}

/**
 * Spark ends every event with a newline, so an unterminated last line is normally one the
 * application was still writing. Some hand-made logs just lack the final newline: a tail that
 * parses as JSON is delivered.
 */
function deliverLastLine(path: string, splitter: LineSplitter, warn: WarningSink): void {
  const bytes = splitter.pendingBytes;
  const tail = splitter.takeUnterminated();
  if (tail === undefined) return;
  if (isWholeJson(tail)) {
    splitter.emit(tail);
    return;
  }
  warn({
    file: path,
    line: splitter.linesSeen + 1,
    message: `the last line is cut off after ${bytes} bytes (the log was probably still being written); it was skipped`,
  });
}

function isWholeJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

async function openEventLogFile(file: EventLogFile): Promise<Readable> {
  if (file.zipPath === undefined) return logStorageFor(file.path).openRead(file.path);
  const outer = logStorageFor(file.zipPath);
  const zipEntry = await outer.stat(file.zipPath);
  if (!zipEntry) throw new Error(`the zip archive ${file.zipPath} is gone`);
  const zip = await openZipLogStorage(outer, file.zipPath, zipEntry.size);
  return zip.openRead(file.path);
}

function errorText(e: unknown): string {
  return (e as Error)?.message ?? String(e);
}
