// Which codec a log file uses: Spark names it in the file's suffix, the bytes name it in their magic.
import type { Codec } from '../log-source.js';

// Spark's short codec names (CompressionCodec.shortCompressionCodecNames), plus `.zst` as people write it.
const CODEC_BY_SUFFIX: Record<string, Codec> = { lz4: 'lz4', lzf: 'lzf', snappy: 'snappy', zstd: 'zstd', zst: 'zstd' };

/** Name without Spark's `.compact` / `.inprogress` decorations and without the codec suffix. */
export function stripLogSuffixes(name: string): { base: string; codec: Codec | undefined } {
  let base = name;
  if (base.endsWith('.compact')) base = base.slice(0, -'.compact'.length);
  if (base.endsWith('.inprogress')) base = base.slice(0, -'.inprogress'.length);
  const dot = base.lastIndexOf('.');
  const codec = dot > 0 ? CODEC_BY_SUFFIX[base.slice(dot + 1).toLowerCase()] : undefined;
  return { base: codec ? base.slice(0, dot) : base, codec };
}

export const CODEC_HEADER_BYTES = 16;

const LZ4_MAGIC = Buffer.from('LZ4Block', 'latin1');
const SNAPPY_MAGIC = Buffer.from('\x82SNAPPY\x00', 'latin1');
const ZSTD_MAGIC = Buffer.from([0x28, 0xb5, 0x2f, 0xfd]);
const ZIP_MAGIC = Buffer.from('PK\x03\x04', 'latin1');

export type SniffedFormat = Codec | 'zip';

/** The format the first bytes announce, or undefined when they announce none. A `{` means plain JSON lines. */
export function formatFromMagic(head: Buffer): SniffedFormat | undefined {
  const starts = (magic: Buffer) => head.length >= magic.length && head.subarray(0, magic.length).equals(magic);
  if (starts(LZ4_MAGIC)) return 'lz4';
  if (starts(SNAPPY_MAGIC)) return 'snappy';
  if (starts(ZSTD_MAGIC)) return 'zstd';
  // compress-lzf chunks: "ZV" then block type 0 (stored) or 1 (compressed).
  if (head.length >= 3 && head[0] === 0x5a && head[1] === 0x56 && (head[2] === 0 || head[2] === 1)) return 'lzf';
  if (starts(ZIP_MAGIC)) return 'zip';
  for (const byte of head) {
    if (byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d) continue;
    return byte === 0x7b /* { */ ? 'none' : undefined;
  }
  return undefined;
}
