// Job spec validation, ApplyMapping casts, the heavy-hitter sketch and file grouping: the
// engine's pure parts.
import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { castFor, CastError } from '../engine/runtime/casts.js';
import { groupFiles } from '../engine/runtime/file-groups.js';
import { SpaceSaving } from '../engine/runtime/heavy-hitters.js';
import { JobSpecError, parseJobSpec } from '../engine/runtime/job-spec.js';
import { partitionOf } from '../engine/runtime/shuffle.js';

const base = {
  name: 'j',
  sources: {
    a: { path: 'a', transformation_ctx: 'a_ctx', mappings: [['x', 'string', 'x', 'long']] },
    b: { path: 'b', mappings: [['x', 'string', 'x', 'long']] },
  },
  join: { frame1: 'a', frame2: 'b', keys1: ['x'], keys2: ['x'] },
  sink: { path: 'out' },
};

function specError(value: unknown): string {
  try {
    parseJobSpec(value, 'job.json');
  } catch (e) {
    expect(e).toBeInstanceOf(JobSpecError);
    return (e as Error).message;
  }
  throw new Error('expected the spec to be rejected');
}

describe('job spec', () => {
  it('accepts the shipped demo job and fills defaults', async () => {
    const file = fileURLToPath(new URL('../assets/demo-job.json', import.meta.url));
    const spec = parseJobSpec(JSON.parse(await readFile(file, 'utf8')), file);
    expect(spec.shufflePartitions).toBeGreaterThan(0);
    expect(typeof spec.join).toBe('object');
    expect(Object.values(spec.sources).filter((s) => s.transformation_ctx).length).toBeGreaterThan(0);
  });

  it('names the field path of a bad cast type', () => {
    const msg = specError({ ...base, sources: { ...base.sources, a: { ...base.sources.a, mappings: [['x', 'string', 'x', 'bigdecimal']] } } });
    expect(msg).toContain('job.json');
    expect(msg).toContain('sources.a.mappings[0][3]');
  });

  it('names an unknown source in a nested join', () => {
    const msg = specError({ ...base, join: { frame1: 'a', frame2: { frame1: 'b', frame2: 'c', keys1: ['x'], keys2: ['x'] }, keys1: ['x'], keys2: ['x'] } });
    expect(msg).toMatch(/join\.frame2\.frame2: unknown source "c"/);
  });

  it('refuses both bounds on one source, and keys of different lengths', () => {
    expect(specError({ ...base, sources: { ...base.sources, a: { ...base.sources.a, boundedFiles: 3, boundedSize: 100 } } })).toMatch(/sources\.a\.boundedFiles: boundedFiles and boundedSize/);
    expect(specError({ ...base, join: { ...base.join, keys2: ['x', 'y'] } })).toMatch(/join\.keys2: keys1 and keys2/);
  });

  it('rejects unknown fields', () => {
    expect(specError({ ...base, sink: { path: 'o', formt: 'json' } })).toMatch(/sink/);
  });
});

describe('casts', () => {
  const bad = (type: string, v: unknown): string => {
    try {
      castFor(type)(v);
    } catch (e) {
      expect(e).toBeInstanceOf(CastError);
      return (e as Error).message;
    }
    throw new Error(`expected ${JSON.stringify(v)} to fail as ${type}`);
  };

  it('casts numbers with Spark meanings and range checks', () => {
    expect(castFor('int')(' 42 ')).toBe(42);
    expect(castFor('int')('12.9')).toBe(12);
    expect(castFor('long')('9007199254740991')).toBe(9007199254740991);
    expect(castFor('double')('1e3')).toBe(1000);
    expect(bad('int', '2147483648')).toMatch(/out of range for int/);
    expect(bad('long', 'abc')).toMatch(/cannot cast "abc" to long/);
  });

  it('rounds decimals half up and checks precision', () => {
    expect(castFor('decimal(6,2)')('1.005')).toBe(1.01);
    expect(castFor('decimal(6,2)')(-2.5)).toBe(-2.5);
    expect(castFor('decimal(4,1)')('999.94')).toBe(999.9);
    expect(bad('decimal(4,1)', '999.96')).toMatch(/does not fit decimal\(4,1\)/);
    expect(bad('decimal(5,2)', 'x')).toMatch(/cannot cast/);
  });

  it('parses dates and timestamps, rejecting impossible ones', () => {
    expect(castFor('date')('2020-2-9')).toBe('2020-02-09');
    expect(castFor('date')('2020-02-09 10:00:00')).toBe('2020-02-09');
    expect(bad('date', '2021-02-29')).toMatch(/not a calendar date/);
    expect(castFor('timestamp')('2020-01-02 03:04:05.5+01:00')).toBe('2020-01-02T02:04:05.500Z');
    expect(castFor('timestamp')(0)).toBe('1970-01-01T00:00:00.000Z');
    expect(bad('timestamp', '2020-01-02 25:00')).toMatch(/not a valid timestamp/);
  });

  it('casts to string and boolean', () => {
    expect(castFor('string')(12)).toBe('12');
    expect(castFor('boolean')('TRUE')).toBe(true);
    expect(bad('boolean', 'maybe')).toMatch(/boolean/);
  });
});

describe('space-saving sketch', () => {
  it('keeps every key above n/k with counts that bound the truth', () => {
    const s = new SpaceSaving(32);
    const truth = new Map<string, number>();
    for (let i = 0; i < 20_000; i++) {
      const key = i % 3 === 0 ? 'hot' : i % 11 === 0 ? 'warm' : `k${(i * 7919) % 5000}`;
      truth.set(key, (truth.get(key) ?? 0) + 1);
      s.offer(key);
    }
    const top = s.top(2);
    expect(top.map((t) => t.key)).toEqual(['hot', 'warm']);
    for (const t of top) {
      expect(t.count).toBeGreaterThanOrEqual(truth.get(t.key)!);
      expect(t.count - t.error).toBeLessThanOrEqual(truth.get(t.key)!);
    }
    expect(s.n).toBe(20_000);
  });
});

describe('planning helpers', () => {
  it('packs files into scan tasks by size plus open cost, keeping order', () => {
    expect(groupFiles([10, 10, 10, 50, 5], 40, 5)).toEqual([[0, 1], [2], [3], [4]]);
    expect(groupFiles([], 40, 5)).toEqual([]);
  });

  it('hashes keys stably into partitions', () => {
    const counts = new Array(8).fill(0);
    for (let i = 0; i < 8000; i++) counts[partitionOf(String(i), 8)]++;
    expect(partitionOf('1000', 8)).toBe(partitionOf('1000', 8));
    expect(Math.min(...counts)).toBeGreaterThan(700);
  });
});
