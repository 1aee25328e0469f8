// Which paths the HTTP API may read: only inside the roots the user configured (`--event-logs DIR`),
// after resolving symlinks, so `..` and links cannot climb out.
import { realpath, readdir, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { BrowseResult, DirEntry } from './contract.js';

export class PathGuard {
  private readonly roots: string[];
  readonly unrestricted: boolean;

  /** `roots` undefined means no restriction (Electron: the user picked the path in a native dialog). */
  constructor(roots: string[] | undefined) {
    this.roots = roots === undefined ? [] : roots.map((r) => resolve(r));
    this.unrestricted = roots === undefined;
  }

  listRoots(): string[] {
    return [...this.roots];
  }

  /** The real path when `path` is allowed, else a message saying why not. */
  async check(path: string): Promise<{ path: string } | { error: string }> {
    if (typeof path !== 'string' || path.length === 0 || path.includes('\0')) return { error: 'Give a path to open.' };
    const candidate = isAbsolute(path) ? path : this.roots.length ? join(this.roots[0], path) : resolve(path);
    let real: string;
    try {
      real = await realpath(candidate);
    } catch {
      return { error: `${path}: no such file or folder.` };
    }
    if (this.unrestricted) return { path: real };
    for (const root of this.roots) {
      const realRoot = await realpath(root).catch(() => root);
      const rel = relative(realRoot, real);
      if (rel === '' || (!rel.startsWith('..') && !isAbsolute(rel) && !rel.startsWith(`..${sep}`))) return { path: real };
    }
    return { error: `${path} is outside the folders this server may read (${this.roots.join(', ') || 'none configured'}). Start it with --event-logs <folder>.` };
  }

  async browse(path: string | undefined): Promise<BrowseResult> {
    const roots = this.listRoots();
    if (path === undefined || path === '') {
      const entries: DirEntry[] = roots.map((r) => ({ name: r, path: r, kind: 'dir' }));
      return { roots, entries };
    }
    const ok = await this.check(path);
    if ('error' in ok) return { roots, entries: [], error: { message: ok.error } };
    const info = await stat(ok.path);
    if (!info.isDirectory()) return { roots, path: ok.path, entries: [] };
    const names = await readdir(ok.path, { withFileTypes: true });
    const entries: DirEntry[] = [];
    for (const d of names) {
      if (d.name.startsWith('.')) continue;
      const full = join(ok.path, d.name);
      const s = await stat(full).catch(() => undefined);
      if (!s) continue;
      entries.push({ name: d.name, path: full, kind: s.isDirectory() ? 'dir' : 'file', size: s.isDirectory() ? undefined : s.size });
    }
    entries.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'dir' ? -1 : 1));
    const parent = dirname(ok.path);
    const parentOk = parent !== ok.path && !('error' in (await this.check(parent)));
    return { roots, path: ok.path, parent: parentOk ? parent : undefined, entries };
  }
}
