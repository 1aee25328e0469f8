// Spark's zstd: zstd-jni's ZstdOutputStream, standard zstd frames (a flush ends a block, closing the
// stream ends the frame; several frames may follow each other). fzstd decodes them streaming.
import { Decompress } from 'fzstd';
import { CorruptStreamError, type ByteSink, type StreamDecoder } from './stream-decoder.js';

export class ZstdFramesDecoder implements StreamDecoder {
  private readonly blocks: Uint8Array[] = [];
  private readonly decompress = new Decompress((block) => {
    this.blocks.push(block);
  });
  private offset = 0;

  push(chunk: Buffer, out: ByteSink): void {
    this.decode(chunk, false, out);
    this.offset += chunk.length;
  }

  end(out: ByteSink): void {
    this.decode(new Uint8Array(0), true, out);
  }

  // fzstd reports only that a chunk failed, not where inside it; the offset named is the chunk's start.
  private decode(chunk: Uint8Array, final: boolean, out: ByteSink): void {
    let failure: CorruptStreamError | undefined;
    try {
      this.decompress.push(chunk, final);
    } catch (e) {
      const what = final ? 'the zstd stream ends inside a frame' : `the zstd stream is corrupt (${(e as Error).message})`;
      failure = new CorruptStreamError(this.offset, final ? what : `${what} at or after this offset`);
    }
    // Handed out after fzstd returns, so an exception thrown by a line consumer is never mistaken for corruption.
    for (const block of this.blocks) {
      if (block.length > 0) out(Buffer.from(block.buffer, block.byteOffset, block.length));
    }
    this.blocks.length = 0;
    if (failure) throw failure;
  }
}
