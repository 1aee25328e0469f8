// TEMPORARY until engine/lake's listing and bounded selection land: a plain recursive walk,
// oldest first, bounded, without predicates or bookmarks. To be replaced by the lake's API.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { PlannedFile, PlanSource } from './plan-types.js';

async function* walk(dir: string): AsyncGenerator<PlannedFile> {
  for (const d of await readdir(dir, { withFileTypes: true })) {
    if (d.name.startsWith('_') || d.name.startsWith('.')) continue;
    const p = join(dir, d.name);
    if (d.isDirectory()) yield* walk(p);
    else {
      const s = await stat(p);
      yield { path: p, size: s.size, mtime: s.mtimeMs };
    }
  }
}

export async function selectInput(source: PlanSource): Promise<{ files: PlannedFile[]; remainingFiles: number }> {
  const all: PlannedFile[] = [];
  for await (const f of walk(source.root)) all.push(f);
  all.sort((a, b) => a.mtime - b.mtime || (a.path < b.path ? -1 : 1));
  const files: PlannedFile[] = [];
  let bytes = 0;
  for (const f of all) {
    if (source.bound && 'boundedFiles' in source.bound && files.length >= source.bound.boundedFiles) break;
    if (source.bound && 'boundedSize' in source.bound && files.length > 0 && bytes + f.size > source.bound.boundedSize) break;
    files.push(f);
    bytes += f.size;
  }
  return { files, remainingFiles: all.length - files.length };
}
