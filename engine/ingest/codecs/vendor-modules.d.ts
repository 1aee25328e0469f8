// Types for the untyped codec packages, limited to what the decoders call.
declare module 'lz4js' {
  /** Decodes one raw LZ4 block src[sIndex, sIndex+sLength) into dst at dIndex; returns the new dIndex. */
  export function decompressBlock(src: Uint8Array, dst: Uint8Array, sIndex: number, sLength: number, dIndex: number): number;
}

declare module 'lz4js/xxh32.js' {
  export function hash(seed: number, src: Uint8Array, index: number, len: number): number;
}

declare module 'snappyjs/snappy_decompressor.js' {
  export class SnappyDecompressor {
    constructor(compressed: Uint8Array);
    /** Reads the block's varint preamble; -1 when invalid. */
    readUncompressedLength(): number;
    /** Decodes into out (from its index 0); false when the block is invalid. */
    uncompressToBuffer(out: Uint8Array): boolean;
  }
}
