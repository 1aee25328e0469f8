// The backlog as the plan needs it: files and bytes per partition value (the first levels only),
// counted while the listing streams past, so a listing of millions of files is never held.
import type { LakeFile } from '../lake/lake-file.js';

export interface PartitionLoad {
  /** Partition column → value for the levels grouped on, e.g. { partition_0: '2019', partition_1: '03' }. */
  values: Record<string, string>;
  files: number;
  bytes: number;
}

export interface Backlog {
  /** Partition columns in path order, for the grouped levels. */
  columns: string[];
  /** Sorted by the partition values in path order. */
  partitions: PartitionLoad[];
  files: number;
  bytes: number;
}

/** Counts the files a listing yields, grouped by the first `depth` partition levels. */
export async function summarizeBacklog(files: AsyncIterable<LakeFile>, depth = 4): Promise<Backlog> {
  const groups = new Map<string, PartitionLoad>();
  let columns: string[] = [];
  let total = 0;
  let bytes = 0;
  for await (const f of files) {
    total++;
    bytes += f.size;
    const cols = Object.keys(f.partitionValues).slice(0, depth);
    if (cols.length > columns.length) columns = cols;
    const values: Record<string, string> = {};
    for (const c of cols) values[c] = f.partitionValues[c];
    const key = JSON.stringify(values);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { values, files: 0, bytes: 0 }));
    g.files++;
    g.bytes += f.size;
  }
  const partitions = [...groups.values()].sort((a, b) => compareValues(columns, a.values, b.values));
  return { columns, partitions, files: total, bytes };
}

export function compareValues(columns: string[], a: Record<string, string>, b: Record<string, string>): number {
  for (const c of columns) {
    const x = a[c] ?? '';
    const y = b[c] ?? '';
    if (x !== y) return x.localeCompare(y, 'en', { numeric: true });
  }
  return 0;
}
