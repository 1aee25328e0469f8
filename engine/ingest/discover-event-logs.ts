// Finds the Spark applications under a path, following Spark's own naming: single log files
// (`<appId>[_<attempt>][.<codec>][.inprogress]`), rolling folders (`eventlog_v2_<appId>[_<attempt>]/`),
// Spark 1.2's legacy folders (`<appId>/EVENT_LOG_1` + marker files), zip archives of any of these, and
// folders holding many of them. Only names and the first bytes of each file are read here.
import type { Codec, EventLogApp, EventLogFile, WarningSink } from './log-source.js';
import { IngestError } from './ingest-error.js';
import { logStorageFor, type LogEntry, type LogStorage } from './log-storage.js';
import { openZipLogStorage } from './zip-log-storage.js';
import { CODEC_HEADER_BYTES, formatFromMagic, stripLogSuffixes, type SniffedFormat } from './codecs/detect-codec.js';

// Spark's application id shapes (YARN, standalone, local, Glue, Kubernetes), then Spark's `_<attemptId>`.
const APP_NAME = /^(application_\d+_\d+|app-\d+-\d+|local-\d+|spark-application-\d+|spark-[0-9a-f]+)(?:_(.+))?$/;
const ROLLING_FOLDER = /^eventlog_v2_(.+)$/;
const ROLLING_EVENTS_FILE = /^events_(\d+)_/;
const LEGACY_EVENT_FILE = /^EVENT_LOG_\d+$/;
const LEGACY_CODECS: Codec[] = ['lzf', 'lz4', 'snappy'];
// Logs are rarely nested deeply; the bound keeps a symlink loop from recursing forever.
const MAX_FOLDER_DEPTH = 8;

interface Ctx {
  storage: LogStorage;
  warn: WarningSink;
  /** Set inside a zip archive: the archive's own path. */
  zipPath?: string;
}

/**
 * Yields every application attempt found at `path` (a file, a folder, or a .zip). Problems with
 * individual files are warnings; a path that does not exist is an IngestError.
 */
export async function* discoverEventLogs(path: string, warn: WarningSink): AsyncGenerator<EventLogApp> {
  const storage = logStorageFor(path);
  const entry = await storage.stat(path).catch((e: NodeJS.ErrnoException) => {
    // File-system refusals (permissions, not a directory, too many links) are the user's to fix.
    if (typeof e?.syscall === 'string') throw new IngestError({ path }, `cannot be read (${errorText(e)})`, 'Check that the path and its parent folders are readable by you');
    throw e;
  });
  if (!entry) {
    throw new IngestError({ path }, 'no such file or folder', 'Check the path; pass a Spark event log file, a rolling eventlog_v2_… folder, or a folder of event logs');
  }
  const ctx: Ctx = { storage, warn };
  if (entry.kind === 'file') {
    yield* discoverFile(ctx, entry, true);
    return;
  }
  let found = false;
  for await (const app of discoverFolder(ctx, entry, 0)) {
    found = true;
    yield app;
  }
  if (!found) warn({ file: entry.path, message: 'no Spark event logs found in this folder' });
}

export function appNameParts(name: string): { appId?: string; attemptId?: string } {
  const m = APP_NAME.exec(name);
  return m ? { appId: m[1], attemptId: m[2] } : {};
}

async function* discoverFolder(ctx: Ctx, folder: LogEntry, depth: number): AsyncGenerator<EventLogApp> {
  if (ROLLING_FOLDER.test(folder.name)) {
    const app = await rollingApp(ctx, folder);
    if (app) yield app;
    return;
  }
  const legacyApp = await legacyFolderApp(ctx, folder);
  if (legacyApp !== 'not-legacy') {
    if (legacyApp) yield legacyApp;
    return;
  }
  if (depth >= MAX_FOLDER_DEPTH) {
    ctx.warn({ file: folder.path, message: `not searched: folders nested more than ${MAX_FOLDER_DEPTH} deep are skipped` });
    return;
  }
  // Streamed: a history folder can hold many thousands of applications.
  try {
    for await (const entry of ctx.storage.list(folder.path)) {
      // Spark's history provider ignores hidden entries (.crc files, editor leftovers); so do we, silently.
      if (entry.name.startsWith('.')) continue;
      if (entry.kind === 'folder') yield* discoverFolder(ctx, entry, depth + 1);
      else yield* discoverFile(ctx, entry, false);
    }
  } catch (e) {
    if (e instanceof IngestError) throw e;
    ctx.warn({ file: folder.path, message: `cannot list this folder (${errorText(e)}); stopped listing it` });
  }
}

/** A rolling or legacy app folder's entries (a handful, sorted by the caller), or none with a warning. */
async function listOrWarn(ctx: Ctx, folder: LogEntry): Promise<LogEntry[]> {
  const entries: LogEntry[] = [];
  try {
    for await (const entry of ctx.storage.list(folder.path)) entries.push(entry);
  } catch (e) {
    ctx.warn({ file: folder.path, message: `cannot list this folder (${errorText(e)}); skipped` });
  }
  return entries;
}

async function* discoverFile(ctx: Ctx, entry: LogEntry, explicit: boolean): AsyncGenerator<EventLogApp> {
  const sniffed = await sniffFile(ctx, entry);
  if (!sniffed) return;
  if (sniffed.format === 'zip') {
    yield* discoverZip(ctx, entry);
    return;
  }
  // Inside a folder, a file that is neither compressed nor starts with a JSON event is not a log
  // (SOURCES.md, notes, sparklint's invalid_log_file): one short warning, then skip. A file the user
  // named explicitly is read anyway, so its bad lines are reported one by one.
  if (!explicit && sniffed.format === undefined && !stripLogSuffixes(entry.name).codec) {
    ctx.warn({ file: entry.path, message: 'skipped: not a Spark event log (it does not start with a JSON event)' });
    return;
  }
  const { base } = stripLogSuffixes(entry.name);
  const file = toLogFile(ctx, entry, sniffed.format);
  yield {
    displayPath: entry.path,
    ...appNameParts(base),
    files: [file],
    inProgress: entry.name.endsWith('.inprogress'),
    totalBytes: file.size,
  };
}

async function* discoverZip(ctx: Ctx, entry: LogEntry): AsyncGenerator<EventLogApp> {
  if (ctx.zipPath) {
    ctx.warn({ file: entry.path, message: 'skipped: zip archives inside zip archives are not read; unpack the outer one first' });
    return;
  }
  let zip;
  try {
    zip = await openZipLogStorage(ctx.storage, entry.path, entry.size);
  } catch (e) {
    ctx.warn({ file: entry.path, message: `cannot read this zip archive (${errorText(e)}); skipped` });
    return;
  }
  let found = false;
  const inner: Ctx = { storage: zip, warn: ctx.warn, zipPath: entry.path };
  for await (const app of discoverFolder(inner, { path: zip.root, name: entry.name, kind: 'folder', size: 0 }, 0)) {
    found = true;
    yield app;
  }
  if (!found) ctx.warn({ file: entry.path, message: 'no Spark event logs found in this zip archive' });
}

/** Rolling event log (Spark 3.0+): read the latest compact file, then the event files after it. */
async function rollingApp(ctx: Ctx, folder: LogEntry): Promise<EventLogApp | undefined> {
  const events: { index: number; compact: boolean; entry: LogEntry }[] = [];
  let status: LogEntry | undefined;
  for (const entry of await listOrWarn(ctx, folder)) {
    if (entry.kind !== 'file') continue;
    const m = ROLLING_EVENTS_FILE.exec(entry.name);
    if (m) events.push({ index: Number(m[1]), compact: entry.name.endsWith('.compact'), entry });
    else if (entry.name.startsWith('appstatus_')) status = entry;
  }
  if (events.length === 0) {
    ctx.warn({ file: folder.path, message: 'rolling event-log folder holds no events_<n>_… files; skipped' });
    return undefined;
  }
  // A compact file sorts before an uncompacted file of the same index (left over if Spark died while cleaning up).
  events.sort((a, b) => a.index - b.index || Number(b.compact) - Number(a.compact));
  const lastCompact = events.findLastIndex((e) => e.compact);
  const toRead =
    lastCompact < 0 ? events : [events[lastCompact], ...events.slice(lastCompact + 1).filter((e) => e.index > events[lastCompact].index)];
  for (let i = 1; i < toRead.length; i++) {
    if (toRead[i].index !== toRead[i - 1].index + 1) {
      ctx.warn({
        file: folder.path,
        message: `event files ${toRead[i - 1].index + 1}..${toRead[i].index - 1} are missing; events in them are lost, the rest is read`,
      });
    }
  }
  const inProgress = status ? status.name.endsWith('.inprogress') : true;
  if (!status) {
    ctx.warn({ file: folder.path, message: 'no appstatus_… marker file; Spark writes one, so the folder may be incomplete (treated as in progress)' });
  }
  const files: EventLogFile[] = [];
  for (const [i, { entry }] of toRead.entries()) {
    // While the app runs, Spark creates the next file before writing to it: an empty last file is normal then.
    const quiet = inProgress && i === toRead.length - 1;
    const sniffed = await sniffFile(ctx, entry, quiet);
    if (sniffed) files.push(toLogFile(ctx, entry, sniffed.format === 'zip' ? undefined : sniffed.format));
  }
  if (files.length === 0) return undefined;
  return {
    displayPath: folder.path,
    ...appNameParts(ROLLING_FOLDER.exec(folder.name)![1]),
    files,
    inProgress,
    totalBytes: sum(files),
  };
}

/** Spark ≤ 1.2 wrote `<appId>/EVENT_LOG_<n>` plus empty marker files (APPLICATION_COMPLETE, SPARK_VERSION_…). */
async function legacyFolderApp(ctx: Ctx, folder: LogEntry): Promise<EventLogApp | undefined | 'not-legacy'> {
  // An unreadable folder is not legacy as far as we can tell; listing it then reports the problem.
  const marker = await ctx.storage.stat(ctx.storage.join(folder.path, 'EVENT_LOG_1')).catch(() => undefined);
  if (!marker) return 'not-legacy';
  const logs: LogEntry[] = [];
  let complete = false;
  // The codec is named by a marker file (COMPRESSION_CODEC_lzf, or a codec class name), not a suffix.
  let markedCodec: Codec = 'none';
  for (const entry of await listOrWarn(ctx, folder)) {
    if (LEGACY_EVENT_FILE.test(entry.name)) logs.push(entry);
    else if (entry.name === 'APPLICATION_COMPLETE') complete = true;
    else if (entry.name.startsWith('COMPRESSION_CODEC_')) markedCodec = LEGACY_CODECS.find((c) => entry.name.toLowerCase().includes(c)) ?? 'none';
  }
  logs.sort((a, b) => Number(a.name.slice('EVENT_LOG_'.length)) - Number(b.name.slice('EVENT_LOG_'.length)));
  const files: EventLogFile[] = [];
  for (const entry of logs) {
    const sniffed = await sniffFile(ctx, entry);
    if (sniffed) files.push(toLogFile(ctx, entry, sniffed.format === 'zip' ? undefined : sniffed.format, markedCodec));
  }
  if (files.length === 0) return undefined;
  return { displayPath: folder.path, ...appNameParts(folder.name), files, inProgress: !complete, totalBytes: sum(files) };
}

interface Sniffed {
  /** What the magic bytes say; undefined when they say nothing recognisable. */
  format: SniffedFormat | undefined;
}

/** Reads the first bytes; undefined (with a warning unless `quiet`) when the file is empty or unreadable. */
async function sniffFile(ctx: Ctx, entry: LogEntry, quiet = false): Promise<Sniffed | undefined> {
  if (entry.size === 0) {
    if (!quiet) ctx.warn({ file: entry.path, message: 'empty file; skipped' });
    return undefined;
  }
  try {
    const head = await readHead(ctx.storage, entry.path, CODEC_HEADER_BYTES);
    if (head.length === 0) {
      if (!quiet) ctx.warn({ file: entry.path, message: 'empty file; skipped' });
      return undefined;
    }
    return { format: formatFromMagic(head) };
  } catch (e) {
    ctx.warn({ file: entry.path, message: `cannot read this file (${errorText(e)}); skipped` });
    return undefined;
  }
}

/** The codec to read with: the magic bytes win over the name, with a warning when they disagree. */
function toLogFile(ctx: Ctx, entry: LogEntry, magic: Codec | undefined, named: Codec = stripLogSuffixes(entry.name).codec ?? 'none'): EventLogFile {
  let codec: Codec = named;
  if (magic !== undefined && magic !== named) {
    ctx.warn({
      file: entry.path,
      message: `its name says ${named === 'none' ? 'uncompressed' : named} but its bytes are ${magic === 'none' ? 'uncompressed JSON' : magic}; reading it as ${magic === 'none' ? 'uncompressed' : magic}`,
    });
    codec = magic;
  }
  return { path: entry.path, codec, size: entry.size, ...(ctx.zipPath ? { zipPath: ctx.zipPath } : {}) };
}

async function readHead(storage: LogStorage, path: string, bytes: number): Promise<Buffer> {
  const stream = storage.openRead(path, { start: 0, end: bytes });
  const parts: Buffer[] = [];
  let got = 0;
  try {
    for await (const chunk of stream) {
      parts.push(chunk as Buffer);
      got += (chunk as Buffer).length;
      if (got >= bytes) break;
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(parts).subarray(0, bytes);
}

function sum(files: EventLogFile[]): number {
  return files.reduce((total, f) => total + f.size, 0);
}

function errorText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err?.code === 'EACCES' || err?.code === 'EPERM') return 'permission denied';
  return err?.message ?? String(e);
}
