// Splits a byte stream into lines on 0x0A. Splitting on bytes (never inside a multi-byte UTF-8
// sequence) and decoding each line once keeps the hot path at one string allocation per line.
import type { LineSink } from './log-source.js';

const NEWLINE = 0x0a;
// A carried-over line this long is unusual (a huge SQL plan); give the memory back after it.
const KEEP_CARRY_BYTES = 8 << 20;
// Spark's largest events (SQL plans, environment) are megabytes. A "line" far beyond that is a
// binary or damaged file; holding it would make memory grow with the file (and V8 cannot make a
// string over ~512 MB anyway), so it is skipped and reported.
export const MAX_LINE_BYTES = 128 << 20;

/** Told about each line skipped for being longer than the limit. */
export type OverlongSink = (lineNo: number, bytes: number) => void;

export class LineSplitter {
  private carry = Buffer.allocUnsafe(64 * 1024);
  private carryLength = 0;
  private lineNo = 0;
  /** Bytes of an overlong line being skipped; -1 when not skipping. */
  private skipped = -1;

  constructor(
    private readonly file: string,
    private readonly onLine: LineSink,
    private readonly onOverlong: OverlongSink,
    private readonly maxLineBytes = MAX_LINE_BYTES,
  ) {}

  /** Lines completed so far (the 1-based number of the last one). */
  get linesSeen(): number {
    return this.lineNo;
  }

  /** Bytes of an unterminated line held back. */
  get pendingBytes(): number {
    return this.carryLength;
  }

  readonly push = (chunk: Buffer): void => {
    let start = 0;
    if (this.skipped >= 0 || this.carryLength > 0) {
      const nl = chunk.indexOf(NEWLINE);
      if (nl === -1) {
        this.append(chunk, 0, chunk.length);
        return;
      }
      this.append(chunk, 0, nl);
      if (this.skipped >= 0) this.endOverlong();
      else this.emit(this.carry.toString('utf8', 0, this.carryLength));
      this.carryLength = 0;
      if (this.carry.length > KEEP_CARRY_BYTES) this.carry = Buffer.allocUnsafe(64 * 1024);
      start = nl + 1;
    }
    const end = chunk.length;
    let nl = chunk.indexOf(NEWLINE, start);
    while (nl !== -1) {
      if (nl - start > this.maxLineBytes) this.onOverlong(++this.lineNo, nl - start);
      else if (nl > start) this.emit(chunk.toString('utf8', start, nl));
      else this.lineNo++; // empty line: counted, not delivered
      start = nl + 1;
      nl = start < end ? chunk.indexOf(NEWLINE, start) : -1;
    }
    if (start < end) this.append(chunk, start, end);
  };

  /** The unterminated tail, if any, as a string; clears it. An overlong tail is reported instead. */
  takeUnterminated(): string | undefined {
    if (this.skipped >= 0) this.endOverlong();
    if (this.carryLength === 0) return undefined;
    const tail = this.carry.toString('utf8', 0, this.carryLength);
    this.carryLength = 0;
    return tail;
  }

  /** Delivers a line the caller decided is complete (an unterminated last line that is whole JSON). */
  emit(line: string): void {
    this.onLine(line, ++this.lineNo, this.file);
  }

  private endOverlong(): void {
    this.onOverlong(++this.lineNo, this.skipped);
    this.skipped = -1;
  }

  private append(chunk: Buffer, from: number, to: number): void {
    if (this.skipped >= 0) {
      this.skipped += to - from;
      return;
    }
    const need = this.carryLength + (to - from);
    if (need > this.maxLineBytes) {
      this.skipped = need;
      this.carryLength = 0;
      this.carry = Buffer.allocUnsafe(64 * 1024);
      return;
    }
    if (need > this.carry.length) {
      const grown = Buffer.allocUnsafe(Math.max(need, this.carry.length * 2));
      this.carry.copy(grown, 0, 0, this.carryLength);
      this.carry = grown;
    }
    chunk.copy(this.carry, this.carryLength, from, to);
    this.carryLength = need;
  }
}
