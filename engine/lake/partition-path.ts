// Partition columns from folder names, as Glue's crawler names them: a Hive-style `key=value`
// folder gives column `key`; a plain folder at depth i gives column `partition_i`.

/** Column and value of one folder at `depth` (0 = directly under the table root). */
export function partitionOf(folder: string, depth: number): { column: string; value: string } {
  const eq = folder.indexOf('=');
  if (eq > 0) return { column: folder.slice(0, eq), value: unescapeHive(folder.slice(eq + 1)) };
  return { column: `partition_${depth}`, value: folder };
}

/** Partition values of a file from its path relative to the table root (`a/b/file.json`). */
export function partitionValuesOf(relPath: string): Record<string, string> {
  const values: Record<string, string> = {};
  const parts = relPath.split('/');
  for (let depth = 0; depth < parts.length - 1; depth++) {
    const { column, value } = partitionOf(parts[depth], depth);
    values[column] = value;
  }
  return values;
}

/** Hive escapes characters such as `/`, `=` and `%` in partition values as %XX. */
function unescapeHive(value: string): string {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
