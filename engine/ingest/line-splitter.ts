// Splits a byte stream into lines on 0x0A. Splitting on bytes (never inside a multi-byte UTF-8
// sequence) and decoding each line once keeps the hot path at one string allocation per line.
import type { LineSink } from './log-source.js';

const NEWLINE = 0x0a;
// A carried-over line this long is unusual (a huge SQL plan); give the memory back after it.
const KEEP_CARRY_BYTES = 8 << 20;

export class LineSplitter {
  private carry = Buffer.allocUnsafe(64 * 1024);
  private carryLength = 0;
  private lineNo = 0;

  constructor(
    private readonly file: string,
    private readonly onLine: LineSink,
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
    if (this.carryLength > 0) {
      const nl = chunk.indexOf(NEWLINE);
      if (nl === -1) {
        this.append(chunk, 0, chunk.length);
        return;
      }
      this.append(chunk, 0, nl);
      this.emit(this.carry.toString('utf8', 0, this.carryLength));
      this.carryLength = 0;
      if (this.carry.length > KEEP_CARRY_BYTES) this.carry = Buffer.allocUnsafe(64 * 1024);
      start = nl + 1;
    }
    const end = chunk.length;
    let nl = chunk.indexOf(NEWLINE, start);
    while (nl !== -1) {
      if (nl > start) this.emit(chunk.toString('utf8', start, nl));
      else this.lineNo++; // empty line: counted, not delivered
      start = nl + 1;
      nl = start < end ? chunk.indexOf(NEWLINE, start) : -1;
    }
    if (start < end) this.append(chunk, start, end);
  };

  /** The unterminated tail, if any, as a string; clears it. */
  takeUnterminated(): string | undefined {
    if (this.carryLength === 0) return undefined;
    const tail = this.carry.toString('utf8', 0, this.carryLength);
    this.carryLength = 0;
    return tail;
  }

  /** Delivers a line the caller decided is complete (an unterminated last line that is whole JSON). */
  emit(line: string): void {
    this.onLine(line, ++this.lineNo, this.file);
  }

  private append(chunk: Buffer, from: number, to: number): void {
    const need = this.carryLength + (to - from);
    if (need > this.carry.length) {
      const grown = Buffer.allocUnsafe(Math.max(need, this.carry.length * 2));
      this.carry.copy(grown, 0, 0, this.carryLength);
      this.carry = grown;
    }
    chunk.copy(this.carry, this.carryLength, from, to);
    this.carryLength = need;
  }
}
