// Typed values and Spark's (non-ANSI) casts and comparisons, as they apply to partition values,
// which are always strings. A cast that fails gives NULL, as Spark does without ANSI mode.

export type SqlType = 'string' | 'int' | 'bigint' | 'double' | 'date' | 'boolean';

export type Value =
  | { t: 'string'; v: string }
  | { t: 'int' | 'bigint' | 'double'; v: number }
  /** Days since 1970-01-01. */
  | { t: 'date'; v: number }
  | { t: 'boolean'; v: boolean }
  | { t: 'null' }
  /** A partition column not bound yet while walking folders: the answer is not decided. */
  | { t: 'unknown' };

export const NULL: Value = { t: 'null' };
export const UNKNOWN: Value = { t: 'unknown' };

export function str(v: string): Value {
  return { t: 'string', v };
}

const NUMERIC = new Set(['int', 'bigint', 'double']);

export function cast(value: Value, to: SqlType): Value {
  if (value.t === 'null' || value.t === 'unknown' || value.t === to) return value;
  switch (to) {
    case 'string':
      return { t: 'string', v: toSparkString(value) };
    case 'int':
    case 'bigint': {
      const n = value.t === 'string' ? parseIntegral(value.v) : value.t === 'boolean' ? Number(value.v) : value.t === 'date' ? null : Math.trunc(value.v);
      if (n === null || !Number.isFinite(n)) return NULL;
      if (to === 'int' && (n > 2147483647 || n < -2147483648)) return NULL;
      return { t: to, v: n };
    }
    case 'double': {
      const n = value.t === 'string' ? parseDouble(value.v) : value.t === 'boolean' ? Number(value.v) : value.t === 'date' ? null : value.v;
      return n === null ? NULL : { t: 'double', v: n };
    }
    case 'date': {
      if (value.t !== 'string') return NULL;
      const days = parseDate(value.v);
      return days === null ? NULL : { t: 'date', v: days };
    }
    case 'boolean': {
      if (value.t === 'string') {
        const s = value.v.trim().toLowerCase();
        if (['t', 'true', 'y', 'yes', '1'].includes(s)) return { t: 'boolean', v: true };
        if (['f', 'false', 'n', 'no', '0'].includes(s)) return { t: 'boolean', v: false };
        return NULL;
      }
      if (value.t === 'date') return NULL;
      return { t: 'boolean', v: value.v !== 0 };
    }
  }
}

/**
 * Compares two non-null values under Spark's binary-comparison coercion: a string against a
 * number, date or boolean is cast to that type (so `partition_1 = 1` is true for '01');
 * int against double compares as double. Returns null when a cast fails.
 */
export function compare(a: Value, b: Value): number | null {
  const type = comparisonType(a, b);
  if (type === null) return null;
  const x = cast(a, type);
  const y = cast(b, type);
  if (x.t === 'null' || y.t === 'null' || x.t === 'unknown' || y.t === 'unknown') return null;
  const l = (x as { v: string | number | boolean }).v;
  const r = (y as { v: string | number | boolean }).v;
  return l < r ? -1 : l > r ? 1 : 0;
}

function comparisonType(a: Value, b: Value): SqlType | null {
  if (a.t === b.t) return a.t as SqlType;
  if (a.t === 'string') return b.t as SqlType;
  if (b.t === 'string') return a.t as SqlType;
  if (NUMERIC.has(a.t) && NUMERIC.has(b.t)) return 'double';
  if (a.t === 'boolean' && NUMERIC.has(b.t)) return b.t as SqlType;
  if (b.t === 'boolean' && NUMERIC.has(a.t)) return a.t as SqlType;
  return null;
}

/**
 * The common type Spark's IN coercion picks for `x IN (…)`: the types themselves when all agree,
 * double for mixed numbers, and string when a string meets a number or date (so
 * `partition_1 IN (1)` compares '01' with '1': false, unlike `partition_1 = 1`).
 */
export function commonInType(values: readonly Value[]): SqlType | null {
  const types = new Set(values.filter((v) => v.t !== 'null' && v.t !== 'unknown').map((v) => v.t as SqlType));
  if (types.size <= 1) return [...types][0] ?? null;
  if ([...types].every((t) => NUMERIC.has(t))) return types.has('double') ? 'double' : 'bigint';
  if (types.has('string') && !types.has('boolean')) return 'string';
  return null;
}

export function toSparkString(value: Value): string {
  switch (value.t) {
    case 'string':
      return value.v;
    case 'int':
    case 'bigint':
      return String(value.v);
    case 'double':
      return Number.isInteger(value.v) && Math.abs(value.v) < 1e7 ? value.v.toFixed(1) : String(value.v);
    case 'date':
      return new Date(value.v * 86_400_000).toISOString().slice(0, 10);
    case 'boolean':
      return String(value.v);
    default:
      return '';
  }
}

/** Spark's string → integral cast: trims, accepts a fractional part and truncates it. */
function parseIntegral(s: string): number | null {
  const m = /^\s*([+-]?\d+)(?:\.\d*)?\s*$/.exec(s);
  return m ? Number(m[1]) : null;
}

function parseDouble(s: string): number | null {
  const t = s.trim();
  if (/^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[dDfF]?$/.test(t)) return Number.parseFloat(t);
  if (/^[+-]?(?:inf|infinity)$/i.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  if (/^nan$/i.test(t)) return Number.NaN;
  return null;
}

/** Spark's string → date cast: `yyyy`, `yyyy-[m]m`, `yyyy-[m]m-[d]d`, optionally followed by a time. */
function parseDate(s: string): number | null {
  const m = /^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2})(?:[T ].*)?)?)?\s*$/.exec(s);
  if (!m) return null;
  const year = Number(m[1]);
  const month = m[2] === undefined ? 1 : Number(m[2]);
  const day = m[3] === undefined ? 1 : Number(m[3]);
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  return ms / 86_400_000;
}
