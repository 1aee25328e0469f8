// What every lake source yields, one object per file, as it walks.
export interface LakeFile {
  /** Absolute local path, or `s3://bucket/key`. */
  path: string;
  /** Bytes. */
  size: number;
  /** Modification time in ms since the epoch (on S3: LastModified, i.e. upload time). */
  mtime: number;
  /**
   * Partition column → value, e.g. `{ partition_0: '2020', partition_1: '01' }` or `{ year: '2020' }`.
   * Files of one folder share one object: treat it as read-only.
   */
  partitionValues: Record<string, string>;
}

/** Older first by modification time, then by path: the order in which bounded runs take files. */
export function compareOldestFirst(a: Pick<LakeFile, 'mtime' | 'path'>, b: Pick<LakeFile, 'mtime' | 'path'>): number {
  if (a.mtime !== b.mtime) return a.mtime - b.mtime;
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}
