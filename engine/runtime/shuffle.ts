// Shuffle files: a map task hashes each row's key into one of P partition files in its own
// attempt folder, renamed into place when the attempt succeeds (so a retried or killed attempt
// never leaves half a map output behind). Reducers read partition p of every map output.
// Map outputs live on local disk and survive the executor, as with Spark's external shuffle service.
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { LineWriter, readLines } from './row-io.js';

/** FNV-1a over the key's UTF-16 code units: stable across workers and runs. */
export function partitionOf(key: string, partitions: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % partitions;
}

/** The join key of a row; undefined when any key field is null (SQL: null never matches). */
export function keyOf(row: Record<string, unknown>, fields: string[]): string | undefined {
  if (fields.length === 1) {
    const v = row[fields[0]];
    return v === null || v === undefined ? undefined : String(v);
  }
  const parts: string[] = [];
  for (const f of fields) {
    const v = row[f];
    if (v === null || v === undefined) return undefined;
    parts.push(String(v));
  }
  return parts.join('\u0001');
}

export const partFile = (dir: string, p: number): string => join(dir, `part-${String(p).padStart(5, '0')}.jsonl`);

export class ShuffleWriter {
  private constructor(
    private readonly finalDir: string,
    private readonly tmpDir: string,
    private readonly writers: LineWriter[],
    private readonly keys: string[],
  ) {}

  records = 0;
  /** Rows with a null key: they can never join, so an inner join drops them here. */
  nullKeys = 0;
  timeNs = 0n;

  static async open(dir: string, attempt: number, keys: string[], partitions: number): Promise<ShuffleWriter> {
    const tmpDir = `${dir}.attempt-${attempt}`;
    await rm(tmpDir, { recursive: true, force: true });
    await mkdir(tmpDir, { recursive: true });
    const writers: LineWriter[] = [];
    for (let p = 0; p < partitions; p++) writers.push(await LineWriter.create(partFile(tmpDir, p), 256 * 1024));
    return new ShuffleWriter(dir, tmpDir, writers, keys);
  }

  write(row: Record<string, unknown>): Promise<void> | undefined {
    const key = keyOf(row, this.keys);
    if (key === undefined) {
      this.nullKeys++;
      return undefined;
    }
    this.records++;
    return this.writers[partitionOf(key, this.writers.length)].write(JSON.stringify(row));
  }

  get bytes(): number {
    return this.writers.reduce((s, w) => s + w.bytes, 0);
  }

  /** Closes the files and moves the attempt folder into place (replacing an earlier attempt's). */
  async commit(): Promise<void> {
    const t0 = process.hrtime.bigint();
    for (const w of this.writers) await w.close();
    await rm(this.finalDir, { recursive: true, force: true });
    await rename(this.tmpDir, this.finalDir);
    this.timeNs += process.hrtime.bigint() - t0;
  }

  async abort(): Promise<void> {
    for (const w of this.writers) await w.close().catch(() => undefined);
    await rm(this.tmpDir, { recursive: true, force: true });
  }
}

export interface ShuffleReadStats {
  bytes: number;
  records: number;
  blocks: number;
}

/** Rows of partition p across all map outputs, parsed back into objects, a chunk at a time. */
export async function* readPartition(dirs: string[], p: number, stats: ShuffleReadStats): AsyncGenerator<Record<string, unknown>[]> {
  for (const dir of dirs) {
    const file = partFile(dir, p);
    const size = await stat(file).then(
      (s) => s.size,
      () => -1,
    );
    if (size < 0) throw new Error(`shuffle block missing: ${file}`);
    if (size === 0) continue;
    stats.blocks++;
    for await (const { lines } of readLines(file, (n) => (stats.bytes += n))) {
      const rows: Record<string, unknown>[] = [];
      for (const line of lines) if (line.length > 0) rows.push(JSON.parse(line) as Record<string, unknown>);
      stats.records += rows.length;
      yield rows;
    }
  }
}
