// Walks a table's partition folders, evaluating push_down_predicate on the partition values
// bound so far: a folder whose answer is already false (or NULL) is never listed; below a
// folder whose answer is already true the rest is one streamed subtree listing.
import { joinRel, type FolderLister } from './folder-lister.js';
import type { ExclusionMatcher } from './exclusions.js';
import type { LakeFile } from './lake-file.js';
import { partitionOf, partitionValuesOf } from './partition-path.js';
import { evaluate } from './predicate/evaluate.js';
import type { Predicate } from './predicate/parse.js';

/** Counters the walk keeps while streaming (for summaries; never lists of files). */
export interface WalkStats {
  foldersListed: number;
  foldersPruned: number;
  filesSeen: number;
  filesExcluded: number;
  filesFiltered: number;
}

export function newWalkStats(): WalkStats {
  return { foldersListed: 0, foldersPruned: 0, filesSeen: 0, filesExcluded: 0, filesFiltered: 0 };
}

export interface WalkOptions {
  predicate?: Predicate;
  exclude?: ExclusionMatcher;
  stats?: WalkStats;
}

export async function* walkTable(lister: FolderLister, options: WalkOptions = {}): AsyncGenerator<LakeFile> {
  const stats = options.stats ?? newWalkStats();
  const { predicate, exclude } = options;

  const accept = (relPath: string, size: number, mtime: number, values: Record<string, string>): LakeFile | undefined => {
    stats.filesSeen++;
    if (exclude?.(relPath)) {
      stats.filesExcluded++;
      return undefined;
    }
    return { path: lister.pathOf(relPath), size, mtime, partitionValues: values };
  };

  async function* subtree(relDir: string): AsyncGenerator<LakeFile> {
    stats.foldersListed++;
    // Files of one folder arrive together: they share one partition-values object, so a
    // selection holding 50,000 files does not hold 50,000 copies of it.
    let folder: string | undefined;
    let values: Record<string, string> = {};
    for await (const f of lister.listTree(relDir)) {
      const dir = f.relPath.slice(0, Math.max(0, f.relPath.lastIndexOf('/')));
      if (dir !== folder) {
        folder = dir;
        values = partitionValuesOf(f.relPath);
      }
      const file = accept(f.relPath, f.size, f.mtime, values);
      if (file) yield file;
    }
  }

  async function* folder(relDir: string, depth: number, values: Record<string, string>): AsyncGenerator<LakeFile> {
    stats.foldersListed++;
    for await (const entry of lister.listFolder(relDir)) {
      const rel = joinRel(relDir, entry.name);
      if (entry.kind === 'file') {
        // A file above the deepest partition level: its missing columns are NULL.
        if (predicate && evaluate(predicate, values, true) !== 'true') {
          stats.filesSeen++;
          stats.filesFiltered++;
          continue;
        }
        const file = accept(rel, entry.size, entry.mtime, values);
        if (file) yield file;
        continue;
      }
      const { column, value } = partitionOf(entry.name, depth);
      const childValues = { ...values, [column]: value };
      const outcome = predicate ? evaluate(predicate, childValues, false) : 'true';
      if (outcome === 'true') yield* subtree(rel);
      else if (outcome === 'unknown') yield* folder(rel, depth + 1, childValues);
      else stats.foldersPruned++;
    }
  }

  if (!predicate) yield* subtree('');
  else yield* folder('', 0, {});
}

/** Entries looked at per level for a subfolder: one S3 page, so a huge leaf folder costs one request. */
const DISCOVERY_ENTRIES = 1000;

/**
 * The table's partition columns, read from the first folder at each level (as a crawler would
 * infer the schema): `['partition_0', 'partition_1']`, `['year', 'month']`, or `[]`.
 */
export async function discoverColumns(lister: FolderLister): Promise<string[]> {
  const columns: string[] = [];
  let relDir = '';
  for (;;) {
    let first: string | undefined;
    let seen = 0;
    for await (const entry of lister.listFolder(relDir)) {
      if (entry.kind === 'dir') {
        first = entry.name;
        break;
      }
      if (++seen >= DISCOVERY_ENTRIES) break;
    }
    if (first === undefined) return columns;
    columns.push(partitionOf(first, columns.length).column);
    relDir = joinRel(relDir, first);
  }
}
