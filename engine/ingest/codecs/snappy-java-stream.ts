// Spark's snappy: snappy-java's SnappyOutputStream. A 16-byte header (magic "\x82SNAPPY\0", version,
// compatible version), then blocks of a big-endian int32 length and one raw snappy block. A header
// may recur mid-stream (concatenated streams, which snappy-java reads on). snappyjs decodes blocks.
import { SnappyDecompressor } from 'snappyjs/snappy_decompressor.js';
import { CorruptStreamError, type ByteSink } from './stream-decoder.js';
import { FramedBlockDecoder } from './framed-block-decoder.js';

const MAGIC = Buffer.from('\x82SNAPPY\x00', 'latin1');
const HEADER_BYTES = 16;
const LENGTH_BYTES = 4;
// snappy-java refuses blocks above its max chunk; anything near this is a corrupt length.
const MAX_BLOCK_BYTES = 512 << 20;

export class SnappyJavaStreamDecoder extends FramedBlockDecoder {
  protected readonly codec = 'snappy';
  protected readonly unit = 'block';

  protected decodeAt(data: Buffer, pos: number, base: number, out: ByteSink): number {
    // The first byte of the magic (0x82) cannot start a valid length, so it marks a header.
    if (data.length - pos >= 1 && data[pos] === MAGIC[0]) {
      if (data.length - pos < HEADER_BYTES) return -1;
      if (data.compare(MAGIC, 0, MAGIC.length, pos, pos + MAGIC.length) !== 0) {
        throw new CorruptStreamError(base + pos, 'the snappy stream is corrupt (bad stream header)');
      }
      return pos + HEADER_BYTES;
    }
    if (data.length - pos < LENGTH_BYTES) return -1;
    const compressed = data.readInt32BE(pos);
    if (compressed < 0 || compressed > MAX_BLOCK_BYTES) {
      throw new CorruptStreamError(base + pos, 'the snappy stream is corrupt (impossible block length)');
    }
    if (data.length - pos - LENGTH_BYTES < compressed) return -1;
    const block = data.subarray(pos + LENGTH_BYTES, pos + LENGTH_BYTES + compressed);
    const decompressor = new SnappyDecompressor(block);
    const raw = decompressor.readUncompressedLength();
    if (raw < 0) throw new CorruptStreamError(base + pos, 'the snappy stream is corrupt (bad block length preamble)');
    const at = this.window.reserve(raw, out);
    if (!decompressor.uncompressToBuffer(this.window.buffer.subarray(at, at + raw))) {
      throw new CorruptStreamError(base + pos, 'the snappy stream is corrupt (a block does not decode)');
    }
    this.window.length += raw;
    return pos + LENGTH_BYTES + compressed;
  }
}
