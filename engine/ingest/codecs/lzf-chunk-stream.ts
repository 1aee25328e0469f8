// Spark's lzf: ning compress-lzf's LZFOutputStream. Chunks of "ZV", a type byte (0 stored, 1
// compressed), a big-endian uint16 length, and for compressed chunks a uint16 raw length, then the
// data (raw LZF for type 1). LZF is decoded here by hand: lzfjs builds its output in a JS array and
// returns it through the deprecated `new Buffer()`, which prints a deprecation warning to the user's
// terminal and allocates per chunk; LZF itself is a dozen lines.
import { CorruptStreamError, type ByteSink } from './stream-decoder.js';
import { FramedBlockDecoder } from './framed-block-decoder.js';

const STORED = 0;
const COMPRESSED = 1;

export class LzfChunkStreamDecoder extends FramedBlockDecoder {
  protected readonly codec = 'lzf';
  protected readonly unit = 'chunk';

  protected decodeAt(data: Buffer, pos: number, base: number, out: ByteSink): number {
    if (data.length - pos < 5) return -1;
    const type = data[pos + 2];
    if (data[pos] !== 0x5a || data[pos + 1] !== 0x56 || (type !== STORED && type !== COMPRESSED)) {
      throw new CorruptStreamError(base + pos, 'the lzf stream is corrupt (no "ZV" chunk header where a chunk should start)');
    }
    const length = data.readUInt16BE(pos + 3);
    const headerBytes = type === STORED ? 5 : 7;
    if (data.length - pos < headerBytes + length) return -1;
    const src = pos + headerBytes;
    if (type === STORED) {
      const at = this.window.reserve(length, out);
      data.copy(this.window.buffer, at, src, src + length);
      this.window.length += length;
    } else {
      const raw = data.readUInt16BE(pos + 5);
      const at = this.window.reserve(raw, out);
      if (!decodeLzf(data, src, src + length, this.window.buffer, at, at + raw)) {
        throw new CorruptStreamError(base + pos, 'the lzf stream is corrupt (a chunk does not decode to its stated size)');
      }
      this.window.length += raw;
    }
    return src + length;
  }
}

/**
 * Raw LZF (liblzf's format): a control byte below 32 starts a run of ctrl+1 literals; otherwise
 * its top 3 bits are a back-reference length - 2 (7 = read one more length byte) and its low 5
 * bits with the next byte the distance - 1. Returns false unless it fills dst[dStart, dEnd) exactly.
 */
function decodeLzf(src: Buffer, sIndex: number, sEnd: number, dst: Buffer, dStart: number, dEnd: number): boolean {
  let d = dStart;
  let s = sIndex;
  while (s < sEnd) {
    const ctrl = src[s++];
    if (ctrl < 32) {
      const run = ctrl + 1;
      if (s + run > sEnd || d + run > dEnd) return false;
      src.copy(dst, d, s, s + run);
      s += run;
      d += run;
    } else {
      let len = ctrl >> 5;
      if (len === 7) {
        if (s >= sEnd) return false;
        len += src[s++];
      }
      if (s >= sEnd) return false;
      let ref = d - ((ctrl & 0x1f) << 8) - src[s++] - 1;
      len += 2;
      if (ref < dStart || d + len > dEnd) return false;
      // Overlapping copy: a reference may repeat bytes it is itself producing.
      for (const stop = d + len; d < stop; ) dst[d++] = dst[ref++];
    }
  }
  return d === dEnd;
}
