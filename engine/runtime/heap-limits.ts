// A heap size in MB as the user means it (the whole V8 heap, like -Xmx / spark.executor.memory)
// turned into worker resource limits. V8's heap_size_limit is old generation + 1.5 × young
// generation; we choose the young generation (8 MB for small heaps, up to 64 MB for big ones, so
// short-lived rows die young instead of being promoted next to a large hash table) and give the
// rest to the old generation, so that the total equals what was asked.
import type { ResourceLimits } from 'node:worker_threads';

export const MIN_HEAP_MB = 24;

export function heapLimits(totalMb: number): ResourceLimits {
  if (!Number.isInteger(totalMb) || totalMb < MIN_HEAP_MB) throw new RangeError(`heap must be a whole number of MB, at least ${MIN_HEAP_MB}`);
  const youngMb = 2 * Math.floor(Math.min(64, Math.max(8, totalMb / 16)) / 2);
  return { maxOldGenerationSizeMb: totalMb - 1.5 * youngMb, maxYoungGenerationSizeMb: youngMb };
}
