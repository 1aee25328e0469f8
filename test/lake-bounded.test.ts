// Bounded selection against the obvious implementation (list everything, sort, cut), on
// random listings with many equal modification times.
import { describe, expect, it } from 'vitest';
import { BoundError, parseBound, selectBounded, type Bound } from '../engine/lake/bounded-select.js';
import { compareOldestFirst, type LakeFile } from '../engine/lake/lake-file.js';

function listing(n: number, seed: number): LakeFile[] {
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  return Array.from({ length: n }, (_, i) => ({
    path: `/lake/t/p${Math.floor(rand() * 5)}/f${i}`,
    size: 1 + Math.floor(rand() * 1000),
    mtime: 1_700_000_000_000 + Math.floor(rand() * 50) * 1000,
    partitionValues: {},
  }));
}
async function* stream(files: LakeFile[]): AsyncIterable<LakeFile> {
  yield* files;
}
/** Baseline: sort all, then take the oldest prefix that fits (at least one file). */
function naive(files: LakeFile[], bound: Bound): LakeFile[] {
  const sorted = [...files].sort(compareOldestFirst);
  if (bound.files !== undefined) return sorted.slice(0, bound.files);
  const out: LakeFile[] = [];
  let bytes = 0;
  for (const f of sorted) {
    if (out.length > 0 && bytes + f.size > (bound.bytes as number)) break;
    out.push(f);
    bytes += f.size;
  }
  return out;
}

describe('bounded selection', () => {
  for (const bound of [{ files: 1 }, { files: 37 }, { files: 500 }, { files: 5000 }, { bytes: 1 }, { bytes: 20_000 }, { bytes: 10_000_000 }]) {
    it(`takes the oldest files first: ${JSON.stringify(bound)}`, async () => {
      for (const seed of [1, 2, 3]) {
        const files = listing(2000, seed);
        const got = await selectBounded(stream(files), { bound });
        const want = naive(files, bound);
        expect(got.selected.map((f) => f.path)).toEqual(want.map((f) => f.path));
        const total = files.reduce((a, f) => a + f.size, 0);
        expect(got.selectedFiles).toBe(want.length);
        expect(got.selectedBytes + got.remainingBytes).toBe(total);
        expect(got.selectedFiles + got.remainingFiles).toBe(files.length);
        if (bound.bytes !== undefined && want.length > 1) expect(got.selectedBytes).toBeLessThanOrEqual(bound.bytes);
      }
    });
  }

  it('skips what the bookmark says is processed, and counts it', async () => {
    const files = listing(100, 7);
    const got = await selectBounded(stream(files), { bound: { files: 10 }, isUnprocessed: (f) => f.size % 2 === 0 });
    const even = files.filter((f) => f.size % 2 === 0);
    expect(got.selected.map((f) => f.path)).toEqual(naive(even, { files: 10 }).map((f) => f.path));
    expect(got.processedFiles).toBe(100 - even.length);
    expect(got.remainingFiles).toBe(even.length - 10);
  });

  it('takes everything without a bound', async () => {
    const files = listing(50, 9);
    expect((await selectBounded(stream(files))).selectedFiles).toBe(50);
  });

  it('accepts one bound at a time, as positive whole numbers', () => {
    expect(parseBound({ boundedFiles: '500' })).toEqual({ files: 500 });
    expect(parseBound({ boundedSize: 1048576 })).toEqual({ bytes: 1048576 });
    expect(parseBound({})).toBeUndefined();
    expect(() => parseBound({ boundedFiles: 5, boundedSize: 5 })).toThrow(
      new BoundError('give boundedFiles or boundedSize, not both: Glue applies one bound per run'),
    );
    expect(() => parseBound({ boundedFiles: '0' })).toThrow('boundedFiles must be a positive whole number, got "0"');
    expect(() => parseBound({ boundedSize: '1.5' })).toThrow('boundedSize must be a positive whole number, got "1.5"');
  });
});
