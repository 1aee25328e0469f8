// Bookmarks remember files processed near the high-water mark by a hash of path + mtime, so an
// overwritten file (same path, newer mtime) counts as new. 53 bits keep the hash an exact JS
// number (a compact Set key and a SQLite INTEGER); the chance that a new file collides with one
// of n remembered files is n / 2^53 (1.5e-10 for a million).
import { createHash } from 'node:crypto';

export function pathHash(path: string, mtime: number): number {
  const digest = createHash('sha1').update(path).update('\n').update(String(mtime)).digest();
  return digest.readUInt32BE(0) * 2 ** 21 + (digest.readUInt32BE(4) >>> 11);
}
