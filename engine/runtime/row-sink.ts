// Where a task's rows go: the next shuffle, or the run's staged output (JSON lines, one file per
// task, fsynced and renamed into place when the attempt succeeds).
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { LineWriter } from './row-io.js';
import { RowMerger } from './row-merge.js';
import { ShuffleWriter } from './shuffle.js';
import type { RowsOut } from './task-types.js';

export interface RowSink {
  write(row: Record<string, unknown>): Promise<void> | undefined;
  /** A joined pair (left ⋈ right); the right side wins on a name clash. */
  writePair(left: Record<string, unknown>, right: Record<string, unknown>): Promise<void> | undefined;
  commit(): Promise<void>;
  abort(): Promise<void>;
  readonly shuffleBytes: number;
  readonly shuffleRecords: number;
  readonly shuffleTimeNs: number;
  readonly outputBytes: number;
  readonly outputRecords: number;
}

class ShuffleSink implements RowSink {
  private readonly merger = new RowMerger(new Set());
  constructor(private readonly w: ShuffleWriter) {}
  write(row: Record<string, unknown>): Promise<void> | undefined {
    return this.w.write(row);
  }
  writePair(left: Record<string, unknown>, right: Record<string, unknown>): Promise<void> | undefined {
    return this.w.write(this.merger.object(left, right));
  }
  commit(): Promise<void> {
    return this.w.commit();
  }
  abort(): Promise<void> {
    return this.w.abort();
  }
  get shuffleBytes(): number {
    return this.w.bytes;
  }
  get shuffleRecords(): number {
    return this.w.records;
  }
  get shuffleTimeNs(): number {
    return Number(this.w.timeNs);
  }
  readonly outputBytes = 0;
  readonly outputRecords = 0;
}

class OutputSink implements RowSink {
  private readonly merger: RowMerger;
  constructor(
    private readonly w: LineWriter,
    private readonly tmp: string,
    private readonly file: string,
    drop: string[],
  ) {
    this.merger = new RowMerger(new Set(drop));
  }
  write(row: Record<string, unknown>): Promise<void> | undefined {
    return this.w.write(this.merger.json(row, {}));
  }
  writePair(left: Record<string, unknown>, right: Record<string, unknown>): Promise<void> | undefined {
    return this.w.write(this.merger.json(left, right));
  }
  async commit(): Promise<void> {
    await this.w.close(true);
    await rename(this.tmp, this.file);
  }
  async abort(): Promise<void> {
    await this.w.close().catch(() => undefined);
    await rm(this.tmp, { force: true });
  }
  readonly shuffleBytes = 0;
  readonly shuffleRecords = 0;
  readonly shuffleTimeNs = 0;
  get outputBytes(): number {
    return this.w.bytes;
  }
  get outputRecords(): number {
    return this.w.records;
  }
}

export async function openSink(out: RowsOut, attempt: number): Promise<TimedSink> {
  if (out.kind === 'shuffle') return new TimedSink(new ShuffleSink(await ShuffleWriter.open(out.dir, attempt, out.keys, out.partitions)));
  // Hidden until committed: an attempt whose executor dies mid-write (an OOM kills the worker
  // before it can abort) leaves a file that readers and the commit skip, never half a part.
  const tmp = join(dirname(out.file), `.${basename(out.file)}.attempt-${attempt}`);
  return new TimedSink(new OutputSink(await LineWriter.create(tmp), tmp, out.file, out.dropFields));
}

/** Measures the time spent in the sink (serialising and writing), for the task's phase timings. */
export class TimedSink implements RowSink {
  ms = 0;
  constructor(private readonly inner: RowSink) {}
  write(row: Record<string, unknown>): Promise<void> | undefined {
    const t = performance.now();
    const p = this.inner.write(row);
    this.ms += performance.now() - t;
    return p && this.timed(p);
  }
  writePair(left: Record<string, unknown>, right: Record<string, unknown>): Promise<void> | undefined {
    const t = performance.now();
    const p = this.inner.writePair(left, right);
    this.ms += performance.now() - t;
    return p && this.timed(p);
  }
  commit(): Promise<void> {
    return this.timed(this.inner.commit());
  }
  abort(): Promise<void> {
    return this.inner.abort();
  }
  private async timed(p: Promise<void>): Promise<void> {
    const t = performance.now();
    await p;
    this.ms += performance.now() - t;
  }
  get shuffleBytes(): number {
    return this.inner.shuffleBytes;
  }
  get shuffleRecords(): number {
    return this.inner.shuffleRecords;
  }
  get shuffleTimeNs(): number {
    return this.inner.shuffleTimeNs;
  }
  get outputBytes(): number {
    return this.inner.outputBytes;
  }
  get outputRecords(): number {
    return this.inner.outputRecords;
  }
}
