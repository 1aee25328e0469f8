// The framing shared by the block-framed codec streams (lz4-java, snappy-java, compress-lzf): whole
// blocks decode into the output window; a block cut by a chunk boundary is held for the next chunk.
import { CorruptStreamError, type ByteSink, type StreamDecoder } from './stream-decoder.js';
import { OutputWindow, joinHeld } from './output-window.js';

export abstract class FramedBlockDecoder implements StreamDecoder {
  private held: Buffer = Buffer.alloc(0);
  private heldOffset = 0;
  protected readonly window = new OutputWindow();

  /** For messages: the codec's name and what it calls a block ("lz4", "block"). */
  protected abstract readonly codec: string;
  protected abstract readonly unit: string;

  /**
   * Decodes the block (or header) at `pos` into the window and returns the position after it, or
   * -1 when `data` does not hold all of it yet. `base` is data[0]'s offset in the file, for errors.
   */
  protected abstract decodeAt(data: Buffer, pos: number, base: number, out: ByteSink): number;

  push(chunk: Buffer, out: ByteSink): void {
    const data = joinHeld(this.held, chunk);
    const base = this.heldOffset;
    let pos = 0;
    try {
      for (let next = this.decodeAt(data, pos, base, out); next >= 0; next = this.decodeAt(data, pos, base, out)) pos = next;
    } catch (e) {
      if (e instanceof CorruptStreamError) this.window.flush(out);
      throw e;
    } finally {
      this.held = data.subarray(pos);
      this.heldOffset = base + pos;
    }
    this.window.flush(out);
  }

  end(out: ByteSink): void {
    this.window.flush(out);
    if (this.held.length > 0) {
      throw new CorruptStreamError(this.heldOffset, `the ${this.codec} stream ends inside a ${this.unit} (${this.held.length} bytes of it present)`);
    }
  }
}
