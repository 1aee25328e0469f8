// The shape every codec decoder has: compressed chunks in (any boundaries), decompressed bytes out.
import type { Codec } from '../log-source.js';

/** Receives decompressed bytes. The buffer may be reused after the call returns: copy what you keep. */
export type ByteSink = (bytes: Buffer) => void;

export interface StreamDecoder {
  /** Decodes every complete block in `chunk` (plus bytes held back from earlier chunks). */
  push(chunk: Buffer, out: ByteSink): void;
  /** Input ended: throws CorruptStreamError when it ended inside a block. */
  end(out: ByteSink): void;
}

/** A stream that cannot be decoded past `byteOffset` (compressed bytes from the start of the file). */
export class CorruptStreamError extends Error {
  constructor(
    readonly byteOffset: number,
    message: string,
  ) {
    super(message);
  }
}

export type DecoderFactory = () => StreamDecoder;
export type CompressedCodec = Exclude<Codec, 'none'>;
