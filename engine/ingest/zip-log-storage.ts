// A .zip of event logs (the History Server's "download event logs" archive, sparklint's fixtures) seen
// as a read-only LogStorage, so discovery walks it like any folder. Paths are `<zip path>!<member>`.
// The archive is read through its outer storage with ranged reads, so zips work wherever the outer
// storage does; members stream (inflated by yauzl), nothing is unpacked to disk or memory.
import { basename } from 'node:path';
import { PassThrough, Transform, type Readable } from 'node:stream';
import yauzl from 'yauzl';
import type { ByteRange, LogEntry, LogStorage } from './log-storage.js';

const SEPARATOR = '!';

class RangedReader extends yauzl.RandomAccessReader {
  constructor(
    private readonly outer: LogStorage,
    private readonly path: string,
  ) {
    super();
  }
  override _readStreamForRange(start: number, end: number): Readable {
    return this.outer.openRead(this.path, { start, end });
  }
}

function openZip(outer: LogStorage, path: string, size: number): Promise<yauzl.ZipFile> {
  return new Promise((resolvePromise, reject) => {
    yauzl.fromRandomAccessReader(new RangedReader(outer, path), size, { lazyEntries: true, autoClose: false }, (err, zip) =>
      err ? reject(err) : resolvePromise(zip),
    );
  });
}

function readAllEntries(zip: yauzl.ZipFile): Promise<yauzl.Entry[]> {
  return new Promise((resolvePromise, reject) => {
    const entries: yauzl.Entry[] = [];
    zip.on('entry', (entry: yauzl.Entry) => {
      entries.push(entry);
      zip.readEntry();
    });
    zip.on('end', () => resolvePromise(entries));
    zip.on('error', reject);
    zip.readEntry();
  });
}

/** Stops the stream after `limit` bytes (members cannot seek, so ranges are honoured from the start only). */
function truncateTo(limit: number): Transform {
  let left = limit;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      if (left > 0) this.push(chunk.subarray(0, Math.min(left, chunk.length)));
      left -= chunk.length;
      done();
    },
  });
}

export interface ZipLogStorage extends LogStorage {
  /** The folder path of the archive's top level. */
  root: string;
}

/** Reads the archive's central directory (member names and sizes only). */
export async function openZipLogStorage(outer: LogStorage, zipPath: string, zipSize: number): Promise<ZipLogStorage> {
  const zip = await openZip(outer, zipPath, zipSize);
  const root = zipPath + SEPARATOR;
  const byPath = new Map<string, { entry: LogEntry; member?: yauzl.Entry }>();
  const children = new Map<string, LogEntry[]>();
  const childrenOf = (folder: string): LogEntry[] => {
    let list = children.get(folder);
    if (!list) children.set(folder, (list = []));
    return list;
  };

  const addFolder = (path: string): void => {
    if (path === root || byPath.has(path)) return;
    const cut = path.lastIndexOf('/');
    const parent = cut > root.length ? path.slice(0, cut) : root;
    const entry: LogEntry = { path, name: path.slice(Math.max(cut + 1, root.length)), kind: 'folder', size: 0 };
    byPath.set(path, { entry });
    addFolder(parent);
    childrenOf(parent).push(entry);
  };

  for (const member of await readAllEntries(zip)) {
    const name = member.fileName.replace(/\/+$/, '');
    const path = root + name;
    if (member.fileName.endsWith('/')) {
      addFolder(path);
      continue;
    }
    const cut = path.lastIndexOf('/');
    const parent = cut > root.length ? path.slice(0, cut) : root;
    addFolder(parent);
    const entry: LogEntry = { path, name: path.slice(Math.max(cut + 1, root.length)), kind: 'file', size: member.uncompressedSize };
    byPath.set(path, { entry, member });
    childrenOf(parent).push(entry);
  }

  return {
    root,
    stat: async (path) => (path === root ? { path, name: basename(zipPath), kind: 'folder', size: 0 } : byPath.get(path)?.entry),
    async *list(folder) {
      yield* children.get(folder) ?? [];
    },
    openRead(path: string, range?: ByteRange): Readable {
      const member = byPath.get(path)?.member;
      const out = new PassThrough();
      if (!member) {
        process.nextTick(() => out.destroy(new Error(`${path} is not a file in the archive`)));
        return out;
      }
      if (range && range.start !== 0) throw new Error('ranged reads inside a zip member must start at 0');
      zip.openReadStream(member, (err, stream) => {
        if (err) return out.destroy(err);
        stream.on('error', (e) => out.destroy(e));
        out.on('close', () => stream.destroy());
        const limited = range?.end === undefined ? stream : stream.pipe(truncateTo(range.end));
        limited.pipe(out);
      });
      return out;
    },
    join: (folder, name) => (folder.endsWith(SEPARATOR) ? folder + name : `${folder}/${name}`),
  };
}
