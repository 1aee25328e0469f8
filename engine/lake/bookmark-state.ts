// Glue's bookmark rule for S3-style input: everything at or below the high-water mark is done,
// except inside the recent band just below it, where only remembered paths are done. Files
// that land with equal or slightly older modification times than the mark (clock skew,
// eventual consistency, or a bounded run that stopped between two files with the same mtime)
// are therefore neither lost nor taken twice.
import { pathHash } from './path-hash.js';

/** Glue's default band (MaxBand = 900 s). */
export const RECENT_BAND_MS = 15 * 60 * 1000;

export interface BookmarkState {
  /** Newest mtime processed (ms), or null when nothing was processed yet. */
  readonly highWaterMark: number | null;
  /** Hashes of path + mtime processed within `bandMs` below the mark. */
  readonly recent: ReadonlySet<number>;
  readonly bandMs: number;
}

export const EMPTY_STATE: BookmarkState = { highWaterMark: null, recent: new Set(), bandMs: RECENT_BAND_MS };

export function isProcessed(state: BookmarkState, file: { path: string; mtime: number }): boolean {
  const hwm = state.highWaterMark;
  if (hwm === null || file.mtime > hwm) return false;
  if (file.mtime > hwm - state.bandMs) return state.recent.has(pathHash(file.path, file.mtime));
  return true;
}
