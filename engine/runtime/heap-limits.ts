// A heap size in MB as the user means it (the whole V8 heap, like -Xmx / spark.executor.memory)
// turned into worker resource limits. V8's heap_size_limit is old generation + 1.5 × young
// generation; we fix the young generation small so the total equals what was asked.
import type { ResourceLimits } from 'node:worker_threads';

const YOUNG_MB = 8;
export const MIN_HEAP_MB = 24;

export function heapLimits(totalMb: number): ResourceLimits {
  if (!Number.isInteger(totalMb) || totalMb < MIN_HEAP_MB) throw new RangeError(`heap must be a whole number of MB, at least ${MIN_HEAP_MB}`);
  return { maxOldGenerationSizeMb: totalMb - 1.5 * YOUNG_MB, maxYoungGenerationSizeMb: YOUNG_MB };
}
