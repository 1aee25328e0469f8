// Scan tasks from files, as Spark's FilePartition packing: each file costs its size plus an open
// cost, and a task takes files until it would pass maxPartitionBytes. Files stay in the
// oldest-first order the bounded selection chose.
export function groupFiles(sizes: number[], maxPartitionBytes: number, openCostBytes: number): number[][] {
  const groups: number[][] = [];
  let current: number[] = [];
  let bytes = 0;
  sizes.forEach((size, i) => {
    const cost = size + openCostBytes;
    if (current.length > 0 && bytes + cost > maxPartitionBytes) {
      groups.push(current);
      current = [];
      bytes = 0;
    }
    current.push(i);
    bytes += cost;
  });
  if (current.length > 0) groups.push(current);
  return groups;
}
