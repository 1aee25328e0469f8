// Reading and writing JSON-lines files in chunks: line splitting over a byte stream, and a
// buffered appender. Reads are async per chunk so the worker's heap sampler keeps ticking.
import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { createS3Client, isS3Uri, type AwsOptions } from '../lake/s3-client.js';

/** A byte stream of a local file or an s3:// object. */
export async function openInput(path: string, aws: AwsOptions = {}): Promise<Readable> {
  if (!isS3Uri(path)) return createReadStream(path, { highWaterMark: 256 * 1024 });
  const m = /^s3a?n?:\/\/([^/]+)\/(.+)$/i.exec(path);
  if (!m) throw new Error(`${path} is not an s3://bucket/key URI`);
  const res = await createS3Client(aws).send(new GetObjectCommand({ Bucket: m[1], Key: m[2] }));
  return res.Body as Readable;
}

/** A chunk's complete lines; `firstLine` is the 1-based number of lines[0]. */
export interface LineBatch {
  lines: string[];
  firstLine: number;
}

/** Lines of a file in per-chunk batches (one await per chunk, not per line); a final unterminated line counts. */
export async function* readLines(path: string, onBytes: (n: number) => void, aws?: AwsOptions): AsyncGenerator<LineBatch> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  let lineNo = 0;
  for await (const chunk of (await openInput(path, aws)) as AsyncIterable<Buffer>) {
    onBytes(chunk.length);
    const text = rest + decoder.write(chunk);
    const lines = text.split('\n');
    rest = lines.pop()!;
    for (let i = 0; i < lines.length; i++) if (lines[i].endsWith('\r')) lines[i] = lines[i].slice(0, -1);
    yield { lines, firstLine: lineNo + 1 };
    lineNo += lines.length;
  }
  rest += decoder.end();
  if (rest.length > 0) yield { lines: [rest.endsWith('\r') ? rest.slice(0, -1) : rest], firstLine: lineNo + 1 };
}

/** Appends lines to a file through a string buffer flushed at ~1 MB. */
export class LineWriter {
  private buf: string[] = [];
  private bufLen = 0;
  bytes = 0;
  records = 0;
  private constructor(
    private readonly fh: FileHandle,
    private readonly flushAt: number,
  ) {}

  static async create(path: string, flushAt = 1 << 20): Promise<LineWriter> {
    return new LineWriter(await open(path, 'w'), flushAt);
  }

  /** Returns a promise only when the buffer had to be flushed (no await per row on the hot path). */
  write(line: string): Promise<void> | undefined {
    this.buf.push(line);
    this.bufLen += line.length + 1;
    this.records++;
    return this.bufLen >= this.flushAt ? this.flush() : undefined;
  }

  async flush(): Promise<void> {
    if (this.buf.length === 0) return;
    const data = Buffer.from(this.buf.join('\n') + '\n', 'utf8');
    this.buf = [];
    this.bufLen = 0;
    this.bytes += data.length;
    await this.fh.write(data);
  }

  /** Flushes, fsyncs (output must survive a crash after the task reports success) and closes. */
  async close(sync = false): Promise<void> {
    await this.flush();
    if (sync) await this.fh.sync();
    await this.fh.close();
  }
}
