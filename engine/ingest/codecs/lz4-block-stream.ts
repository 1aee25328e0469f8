// Spark's lz4: lz4-java's LZ4BlockOutputStream. Each block: magic "LZ4Block", a token (method in the
// high nibble: 0x10 stored, 0x20 LZ4; log2 block size - 10 in the low one), compressed length, raw
// length and an xxhash32 of the raw bytes (little endian). A block of length 0 ends a stream; Spark
// reads on past it (concatenated streams). Blocks are decoded by lz4js's raw block decoder.
import { decompressBlock } from 'lz4js';
import { CorruptStreamError, type ByteSink } from './stream-decoder.js';
import { FramedBlockDecoder } from './framed-block-decoder.js';

const MAGIC = Buffer.from('LZ4Block', 'latin1');
const HEADER_BYTES = 21;
const METHOD_STORED = 0x10;
const METHOD_LZ4 = 0x20;

export class Lz4BlockStreamDecoder extends FramedBlockDecoder {
  protected readonly codec = 'lz4';
  protected readonly unit = 'block';

  protected decodeAt(data: Buffer, pos: number, base: number, out: ByteSink): number {
    if (data.length - pos < HEADER_BYTES) return -1;
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
    if (data.length - pos - HEADER_BYTES < compressed) return -1;
    const src = pos + HEADER_BYTES;
    const at = this.window.reserve(raw, out);
    if (method === METHOD_LZ4) {
      const end = decompressBlock(data, this.window.buffer, src, compressed, at);
      if (end - at !== raw) throw new CorruptStreamError(base + pos, 'the lz4 stream is corrupt (a block does not decode to its stated size)');
    } else {
      data.copy(this.window.buffer, at, src, src + compressed);
    }
    this.window.length += raw;
    return src + compressed;
  }
}
