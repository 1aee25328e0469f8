// What the next few bounded runs would take, in one streamed pass: the selection heap holds
// `runs × bound` files; everything else is counted.
import { selectBounded, type Bound, type Selection } from './bounded-select.js';
import type { LakeFile } from './lake-file.js';
import type { LakeTable } from './lake-table.js';
import { newWalkStats, type WalkStats } from './walk.js';

export interface RunPreview {
  run: number;
  files: number;
  bytes: number;
  partitions: number;
  firstMtime: number;
  lastMtime: number;
}

export interface LakePreview {
  columns: string[];
  /** Unprocessed files that pass the predicate and exclusions. */
  files: number;
  bytes: number;
  /** Distinct partitions among them. */
  partitions: number;
  /** Files skipped because the bookmark has them. */
  processedFiles: number;
  walk: WalkStats;
  /** The next run, as `lake ls --json` prints it. */
  next: Omit<Selection, 'processedFiles'>;
  /** The next `runs` runs (fewer when the backlog ends sooner). */
  runs: RunPreview[];
}

export interface PreviewOptions {
  predicate?: string;
  exclusions?: string | readonly string[];
  bound: Bound;
  isUnprocessed?: (file: LakeFile) => boolean;
  runs?: number;
  /** Filled in while listing (for progress). */
  stats?: WalkStats;
}

export async function previewBoundedRuns(table: LakeTable, options: PreviewOptions): Promise<LakePreview> {
  const runs = options.runs ?? 3;
  const walk = options.stats ?? newWalkStats();
  const partitionKeys = new Set<string>();
  const columns = await table.columns();
  const listed = table.list({ predicate: options.predicate, exclusions: options.exclusions, stats: walk });
  const isUnprocessed = options.isUnprocessed;
  async function* counted(): AsyncGenerator<LakeFile> {
    for await (const f of listed) {
      if (!isUnprocessed || isUnprocessed(f)) partitionKeys.add(partitionKey(f));
      yield f;
    }
  }
  const bound: Bound = options.bound.files !== undefined ? { files: options.bound.files * runs } : { bytes: (options.bound.bytes as number) * runs };
  const selection = await selectBounded(counted(), { bound, isUnprocessed });
  const chunks = chunkRuns(selection.selected, options.bound, runs);
  const first = chunks[0] ?? [];
  const firstBytes = sum(first);
  const totalFiles = selection.selectedFiles + selection.remainingFiles;
  const totalBytes = selection.selectedBytes + selection.remainingBytes;
  return {
    columns,
    files: totalFiles,
    bytes: totalBytes,
    partitions: partitionKeys.size,
    processedFiles: selection.processedFiles,
    walk,
    next: {
      selected: first,
      selectedFiles: first.length,
      selectedBytes: firstBytes,
      remainingFiles: totalFiles - first.length,
      remainingBytes: totalBytes - firstBytes,
    },
    runs: chunks.map((files, i) => ({
      run: i + 1,
      files: files.length,
      bytes: sum(files),
      partitions: new Set(files.map(partitionKey)).size,
      firstMtime: files[0].mtime,
      lastMtime: files[files.length - 1].mtime,
    })),
  };
}

export function partitionKey(f: LakeFile): string {
  return Object.values(f.partitionValues).join('/');
}

/** Splits the oldest-first prefix into successive runs, each as a bounded run would take it. */
function chunkRuns(files: LakeFile[], bound: Bound, runs: number): LakeFile[][] {
  const out: LakeFile[][] = [];
  let i = 0;
  while (i < files.length && out.length < runs) {
    const run: LakeFile[] = [];
    let bytes = 0;
    while (i < files.length) {
      const f = files[i];
      if (bound.files !== undefined && run.length >= bound.files) break;
      if (bound.bytes !== undefined && run.length > 0 && bytes + f.size > bound.bytes) break;
      run.push(f);
      bytes += f.size;
      i++;
    }
    out.push(run);
  }
  return out;
}

function sum(files: readonly LakeFile[]): number {
  let n = 0;
  for (const f of files) n += f.size;
  return n;
}
