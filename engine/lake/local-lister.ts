// A table on the local disk. Folders are read with opendir (entries stream in small batches,
// so a folder of a million files is never one array) and files are stat'ed concurrently.
import { opendir, stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { joinRel, type FolderEntry, type FolderLister, type TreeFile } from './folder-lister.js';

const STAT_BATCH = 128;

export class LocalLister implements FolderLister {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  pathOf(relPath: string): string {
    // Array join builds one flat string. path.join (or +) would leave a tree of string pieces
    // behind each path, about 4× the memory for the files a bounded selection keeps.
    return [this.root, sep, sep === '/' ? relPath : relPath.split('/').join(sep)].join('');
  }

  async *listFolder(relDir: string): AsyncIterable<FolderEntry> {
    const dir = await opendir(this.pathOf(relDir), { bufferSize: 256 });
    let names: string[] = [];
    for await (const entry of dir) {
      if (entry.isDirectory()) yield { kind: 'dir', name: entry.name };
      else if (entry.isFile() || entry.isSymbolicLink()) {
        names.push(entry.name);
        if (names.length >= STAT_BATCH) {
          yield* await this.statAll(relDir, names);
          names = [];
        }
      }
    }
    if (names.length) yield* await this.statAll(relDir, names);
  }

  async *listTree(relDir: string): AsyncIterable<TreeFile> {
    for await (const entry of this.listFolder(relDir)) {
      const rel = joinRel(relDir, entry.name);
      if (entry.kind === 'dir') yield* this.listTree(rel);
      else yield { relPath: rel, size: entry.size, mtime: entry.mtime };
    }
  }

  private async statAll(relDir: string, names: string[]): Promise<FolderEntry[]> {
    const base = relDir === '' ? this.root : this.pathOf(relDir);
    const stats = await Promise.all(names.map((n) => stat(base + sep + n).catch(() => undefined)));
    const out: FolderEntry[] = [];
    for (let i = 0; i < names.length; i++) {
      const s = stats[i];
      // A file deleted between readdir and stat, or a dangling link, is simply not there.
      if (s?.isFile()) out.push({ kind: 'file', name: names[i], size: s.size, mtime: Math.floor(s.mtimeMs) });
      else if (s?.isDirectory()) out.push({ kind: 'dir', name: names[i] });
    }
    return out;
  }
}
