// Glue's boundedFiles / boundedSize over a streamed listing. A bounded run takes the oldest
// unprocessed files first (modification time, then path — Glue does not document its order;
// Skewscope chooses this and says so). Memory holds the selection only; what is left behind is
// counted, never kept.
import { compareOldestFirst, type LakeFile } from './lake-file.js';
import { MaxHeap } from './max-heap.js';

export interface Bound {
  /** boundedFiles: at most this many files. */
  files?: number;
  /** boundedSize: at most this many bytes (a single older file larger than it is taken alone). */
  bytes?: number;
}

export class BoundError extends Error {
  override name = 'BoundError';
}

/** Validates Glue's two options: one at a time, positive whole numbers. */
export function parseBound(options: { boundedFiles?: number | string; boundedSize?: number | string }): Bound | undefined {
  const { boundedFiles, boundedSize } = options;
  if (boundedFiles !== undefined && boundedSize !== undefined) {
    throw new BoundError('give boundedFiles or boundedSize, not both: Glue applies one bound per run');
  }
  if (boundedFiles !== undefined) return { files: positiveInteger('boundedFiles', boundedFiles) };
  if (boundedSize !== undefined) return { bytes: positiveInteger('boundedSize', boundedSize) };
  return undefined;
}

function positiveInteger(name: string, value: number | string): number {
  const n = typeof value === 'number' ? value : Number(String(value).trim());
  if (!Number.isSafeInteger(n) || n <= 0) throw new BoundError(`${name} must be a positive whole number, got ${JSON.stringify(value)}`);
  return n;
}

export interface Selection {
  /** Oldest first. */
  selected: LakeFile[];
  selectedFiles: number;
  selectedBytes: number;
  /** Unprocessed files left for later runs. */
  remainingFiles: number;
  remainingBytes: number;
  /** Files the bookmark says were processed already (skipped). */
  processedFiles: number;
}

export interface SelectOptions {
  bound?: Bound;
  /** The bookmark filter (BookmarkView.isUnprocessed); every file when absent. */
  isUnprocessed?: (file: LakeFile) => boolean;
}

const newestOnTop = (a: LakeFile, b: LakeFile): number => compareOldestFirst(a, b);

export async function selectBounded(files: AsyncIterable<LakeFile>, options: SelectOptions = {}): Promise<Selection> {
  const { bound, isUnprocessed } = options;
  if (bound?.files !== undefined && bound.bytes !== undefined) throw new BoundError('give boundedFiles or boundedSize, not both');
  const heap = new MaxHeap<LakeFile>(newestOnTop);
  let totalFiles = 0;
  let totalBytes = 0;
  let processedFiles = 0;
  let heapBytes = 0;
  // boundedSize: the oldest file known not to fit; newer files cannot be taken either, since a
  // run takes a prefix of the oldest-first order.
  let frontier: LakeFile | undefined;
  const maxFiles = bound?.files ?? Infinity;

  for await (const file of files) {
    if (isUnprocessed && !isUnprocessed(file)) {
      processedFiles++;
      continue;
    }
    totalFiles++;
    totalBytes += file.size;
    if (bound?.bytes !== undefined) {
      if (frontier && compareOldestFirst(file, frontier) > 0) continue;
      heap.push(file);
      heapBytes += file.size;
      while (heapBytes > bound.bytes && heap.size > 1) {
        const dropped = heap.pop() as LakeFile;
        heapBytes -= dropped.size;
        frontier = dropped;
      }
    } else if (heap.size < maxFiles) {
      heap.push(file);
    } else if (compareOldestFirst(file, heap.peek() as LakeFile) < 0) {
      heap.replaceTop(file);
    }
  }

  const selected = heap.drainAscending();
  let selectedBytes = 0;
  for (const f of selected) selectedBytes += f.size;
  return {
    selected,
    selectedFiles: selected.length,
    selectedBytes,
    remainingFiles: totalFiles - selected.length,
    remainingBytes: totalBytes - selectedBytes,
    processedFiles,
  };
}
