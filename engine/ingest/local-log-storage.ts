// LogStorage over the local file system.
import { createReadStream } from 'node:fs';
import { opendir, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import type { ByteRange, LogEntry, LogStorage } from './log-storage.js';

// Large reads: fewer chunk hand-offs on the hot path; memory stays a few of these.
const READ_CHUNK_BYTES = 1 << 20;

async function statEntry(path: string): Promise<LogEntry | undefined> {
  try {
    const s = await stat(path);
    return { path, name: basename(path), kind: s.isDirectory() ? 'folder' : 'file', size: s.isDirectory() ? 0 : s.size };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

export const localLogStorage: LogStorage = {
  stat: (path) => statEntry(resolve(path)),

  async *list(folder) {
    const dir = await opendir(folder);
    for await (const dirent of dir) {
      const path = join(folder, dirent.name);
      if (dirent.isDirectory()) {
        yield { path, name: dirent.name, kind: 'folder', size: 0 };
      } else {
        // Files need a stat for their size; symlinks one to learn what they point at.
        const entry = await statEntry(path);
        if (entry) yield entry;
      }
    }
  },

  openRead(path: string, range?: ByteRange): Readable {
    return createReadStream(path, {
      highWaterMark: READ_CHUNK_BYTES,
      start: range?.start,
      end: range?.end === undefined ? undefined : range.end - 1,
    });
  },

  join,
};
