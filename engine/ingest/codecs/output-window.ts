// A reusable output buffer the block decoders write into, handed to the sink when full or when a
// push ends: one large hand-off instead of one per (often 32 KB) block.
import type { ByteSink } from './stream-decoder.js';

const WINDOW_BYTES = 1 << 20;

export class OutputWindow {
  buffer = Buffer.allocUnsafe(WINDOW_BYTES);
  length = 0;

  /** Makes room for `bytes` more, flushing first if needed; returns the offset to write at. */
  reserve(bytes: number, out: ByteSink): number {
    if (this.length + bytes > this.buffer.length) {
      this.flush(out);
      if (bytes > this.buffer.length) this.buffer = Buffer.allocUnsafe(bytes);
    }
    return this.length;
  }

  flush(out: ByteSink): void {
    if (this.length === 0) return;
    const filled = this.length;
    this.length = 0;
    out(this.buffer.subarray(0, filled));
  }
}

/** Joins bytes held back from the previous chunk (an incomplete block) with the next chunk. */
export function joinHeld(held: Buffer, chunk: Buffer): Buffer {
  return held.length === 0 ? chunk : Buffer.concat([held, chunk]);
}
