// Spark's lz4: lz4-java's LZ4BlockOutputStream. Each block: magic "LZ4Block", a token (method in the
// high nibble: 0x10 stored, 0x20 LZ4; log2 block size - 10 in the low one), compressed length, raw
// length and an xxhash32 of the raw bytes (little endian). A block of length 0 ends a stream; Spark
// reads on past it (concatenated streams). Blocks are decoded by lz4js's raw block decoder.
import { decompressBlock } from 'lz4js';
import { CorruptStreamError, type ByteSink, type StreamDecoder } from './stream-decoder.js';
import { OutputWindow, joinHeld } from './output-window.js';

const MAGIC = Buffer.from('LZ4Block', 'latin1');
const HEADER_BYTES = 21;
const METHOD_STORED = 0x10;
const METHOD_LZ4 = 0x20;

export class Lz4BlockStreamDecoder implements StreamDecoder {
  private held: Buffer = Buffer.alloc(0);
  private heldOffset = 0;
  private readonly window = new OutputWindow();

  push(chunk: Buffer, out: ByteSink): void {
    const data = joinHeld(this.held, chunk);
    const base = this.heldOffset;
    let pos = 0;
    try {
      while (data.length - pos >= HEADER_BYTES) {
        if (data.compare(MAGIC, 0, MAGIC.length, pos, pos + MAGIC.length) !== 0) {
          throw new CorruptStreamError(base + pos, 'the lz4 stream is corrupt (no LZ4Block header where a block should start)');
        }
        const token = data[pos + 8];
        const method = token & 0xf0;
        const maxRaw = 1 << (10 + (token & 0x0f));
        const compressed = data.readInt32LE(pos + 9);
        const raw = data.readInt32LE(pos + 13);
        if ((method !== METHOD_STORED && method !== METHOD_LZ4) || raw < 0 || raw > maxRaw || compressed < 0 || (method === METHOD_STORED && compressed !== raw)) {
          throw new CorruptStreamError(base + pos, 'the lz4 stream is corrupt (impossible block header)');
        }
        if (data.length - pos - HEADER_BYTES < compressed) break;
        const src = pos + HEADER_BYTES;
        const at = this.window.reserve(raw, out);
        if (method === METHOD_LZ4) {
          const end = decompressBlock(data, this.window.buffer, src, compressed, at);
          if (end - at !== raw) throw new CorruptStreamError(base + pos, 'the lz4 stream is corrupt (a block does not decode to its stated size)');
        } else {
          data.copy(this.window.buffer, at, src, src + compressed);
        }
        this.window.length += raw;
        pos = src + compressed;
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
      throw new CorruptStreamError(this.heldOffset, `the lz4 stream ends inside a block (${this.held.length} bytes of it present)`);
    }
  }
}
