// Spark's snappy: snappy-java's SnappyOutputStream. A 16-byte header (magic "\x82SNAPPY\0", version,
// compatible version), then blocks of a big-endian int32 length and one raw snappy block. A header
// may recur mid-stream (concatenated streams, which snappy-java reads on). snappyjs decodes blocks.
import { SnappyDecompressor } from 'snappyjs/snappy_decompressor.js';
import { CorruptStreamError, type ByteSink, type StreamDecoder } from './stream-decoder.js';
import { OutputWindow, joinHeld } from './output-window.js';

const MAGIC = Buffer.from('\x82SNAPPY\x00', 'latin1');
const HEADER_BYTES = 16;
const LENGTH_BYTES = 4;
// snappy-java refuses blocks above its max chunk; anything near this is a corrupt length.
const MAX_BLOCK_BYTES = 512 << 20;

export class SnappyJavaStreamDecoder implements StreamDecoder {
  private held: Buffer = Buffer.alloc(0);
  private heldOffset = 0;
  private readonly window = new OutputWindow();

  push(chunk: Buffer, out: ByteSink): void {
    const data = joinHeld(this.held, chunk);
    const base = this.heldOffset;
    let pos = 0;
    try {
      for (;;) {
        // The first byte of the magic (0x82) cannot start a valid length, so it marks a header.
        if (data.length - pos >= 1 && data[pos] === MAGIC[0]) {
          if (data.length - pos < HEADER_BYTES) break;
          if (data.compare(MAGIC, 0, MAGIC.length, pos, pos + MAGIC.length) !== 0) {
            throw new CorruptStreamError(base + pos, 'the snappy stream is corrupt (bad stream header)');
          }
          pos += HEADER_BYTES;
          continue;
        }
        if (data.length - pos < LENGTH_BYTES) break;
        const compressed = data.readInt32BE(pos);
        if (compressed < 0 || compressed > MAX_BLOCK_BYTES) {
          throw new CorruptStreamError(base + pos, 'the snappy stream is corrupt (impossible block length)');
        }
        if (data.length - pos - LENGTH_BYTES < compressed) break;
        const block = data.subarray(pos + LENGTH_BYTES, pos + LENGTH_BYTES + compressed);
        const decompressor = new SnappyDecompressor(block);
        const raw = decompressor.readUncompressedLength();
        if (raw < 0) throw new CorruptStreamError(base + pos, 'the snappy stream is corrupt (bad block length preamble)');
        const at = this.window.reserve(raw, out);
        if (!decompressor.uncompressToBuffer(this.window.buffer.subarray(at, at + raw))) {
          throw new CorruptStreamError(base + pos, 'the snappy stream is corrupt (a block does not decode)');
        }
        this.window.length += raw;
        pos += LENGTH_BYTES + compressed;
      }
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
      throw new CorruptStreamError(this.heldOffset, `the snappy stream ends inside a block (${this.held.length} bytes of it present)`);
    }
  }
}
