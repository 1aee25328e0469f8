// Codec name to decoder.
import type { Codec } from '../log-source.js';
import type { StreamDecoder } from './stream-decoder.js';
import { Lz4BlockStreamDecoder } from './lz4-block-stream.js';
import { SnappyJavaStreamDecoder } from './snappy-java-stream.js';
import { ZstdFramesDecoder } from './zstd-frames.js';
import { LzfChunkStreamDecoder } from './lzf-chunk-stream.js';

/** A fresh decoder for one file; undefined for uncompressed logs. */
export function createStreamDecoder(codec: Codec): StreamDecoder | undefined {
  switch (codec) {
    case 'none':
      return undefined;
    case 'lz4':
      return new Lz4BlockStreamDecoder();
    case 'snappy':
      return new SnappyJavaStreamDecoder();
    case 'zstd':
      return new ZstdFramesDecoder();
    case 'lzf':
      return new LzfChunkStreamDecoder();
  }
}
