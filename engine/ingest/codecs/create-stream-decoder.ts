// Codec name to decoder.
import type { Codec } from '../log-source.js';
import type { StreamDecoder } from './stream-decoder.js';
import { Lz4BlockStreamDecoder } from './lz4-block-stream.js';

/** A fresh decoder for one file; undefined for uncompressed logs. */
export function createStreamDecoder(codec: Codec): StreamDecoder | undefined {
  switch (codec) {
    case 'none':
      return undefined;
    case 'lz4':
      return new Lz4BlockStreamDecoder();
    default:
      throw new Error(`no decoder for ${codec} yet`);
  }
}
