// Saved sessions: a run written to disk so it can be reopened and replayed without the source.
// Versioned: readers accept every version up to SESSION_VERSION and say plainly when a file is newer.
import { readFile, writeFile } from 'node:fs/promises';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { JobRun } from '../model/job-run.js';

export const SESSION_FORMAT = 'skewscope-session';
export const SESSION_VERSION = 1;
/** Sessions are gzipped JSON; the suffix tells the open dialog and the importer what they are. */
export const SESSION_SUFFIX = '.skewscope';

export interface SessionFileV1 {
  format: typeof SESSION_FORMAT;
  version: 1;
  savedAt: number;
  /** The app that wrote it, for support questions. */
  writer: string;
  runs: JobRun[];
}

export class SessionFileError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
  }
}

export function isSessionPath(path: string): boolean {
  return path.endsWith(SESSION_SUFFIX);
}

export async function writeSession(path: string, runs: JobRun[], writer = 'skewscope'): Promise<void> {
  const body: SessionFileV1 = { format: SESSION_FORMAT, version: SESSION_VERSION, savedAt: Date.now(), writer, runs };
  await writeFile(path, gzipSync(JSON.stringify(body)));
}

export async function readSession(path: string): Promise<JobRun[]> {
  const bytes = await readFile(path);
  let text: string;
  try {
    text = (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('utf8');
  } catch {
    throw new SessionFileError(path, 'the session file is damaged (its gzip stream does not decompress)');
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new SessionFileError(path, 'the session file is not valid JSON');
  }
  const head = body as Partial<SessionFileV1> | null;
  if (!head || head.format !== SESSION_FORMAT) throw new SessionFileError(path, `not a Skewscope session (no "format": "${SESSION_FORMAT}")`);
  if (typeof head.version !== 'number' || head.version > SESSION_VERSION)
    throw new SessionFileError(path, `session version ${String(head.version)} is newer than this Skewscope reads (${SESSION_VERSION}); update Skewscope`);
  if (!Array.isArray(head.runs)) throw new SessionFileError(path, 'the session has no "runs" list');
  return head.runs.map((r) => ({ ...r, source: { ...r.source, kind: 'session' as const, path } }));
}
