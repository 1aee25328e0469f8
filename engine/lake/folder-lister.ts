// What a storage backend gives the partition walk: one folder's entries, or a whole subtree.
// Both stream; paths are relative to the table root with `/` separators.

export type FolderEntry =
  | { kind: 'dir'; name: string }
  | { kind: 'file'; name: string; size: number; mtime: number };

export interface TreeFile {
  /** Relative to the table root, e.g. `2020/01/part-0.json`. */
  relPath: string;
  size: number;
  mtime: number;
}

export interface FolderLister {
  /** The table root as the user named it: an absolute folder or `s3://bucket/prefix`. */
  readonly root: string;
  /** Entries directly inside `relDir` (`''` is the root). */
  listFolder(relDir: string): AsyncIterable<FolderEntry>;
  /** Every file below `relDir`, at any depth (S3: one flat listing, no delimiter). */
  listTree(relDir: string): AsyncIterable<TreeFile>;
  /** The full path or URI of a file. */
  pathOf(relPath: string): string;
}

export function joinRel(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}
