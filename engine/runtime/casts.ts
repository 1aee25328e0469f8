// ApplyMapping casts with Spark's meaning of each target type. A value that cannot be cast makes
// the record malformed (it goes to the error output with the reason) instead of silently
// becoming null, because a silent null in a join key loses rows without anyone noticing.

export type CastFn = (v: unknown) => unknown;

/** Thrown by a cast; the message is the reason shown in the error output. */
export class CastError extends Error {}

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

function toNumber(v: unknown, type: string): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const s = v.trim();
    if (s !== '' && /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return Number(s);
  }
  if (typeof v === 'boolean') return v ? 1 : 0;
  throw new CastError(`cannot cast ${JSON.stringify(v)} to ${type}`);
}

function castInt(v: unknown): number {
  const n = Math.trunc(toNumber(v, 'int'));
  if (!Number.isFinite(n) || n < INT_MIN || n > INT_MAX) throw new CastError(`${JSON.stringify(v)} is out of range for int`);
  return n;
}

function castLong(v: unknown): number {
  const n = Math.trunc(toNumber(v, 'long'));
  if (!Number.isSafeInteger(n)) throw new CastError(`${JSON.stringify(v)} is out of the exact range of long here (±2^53)`);
  return n;
}

function castDouble(v: unknown): number {
  const n = toNumber(v, 'double');
  if (!Number.isFinite(n)) throw new CastError(`${JSON.stringify(v)} is not a finite double`);
  return n;
}

function castString(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function castBoolean(v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  const s = String(v).trim().toLowerCase();
  if (s === 'true' || s === 't' || s === '1' || s === 'yes') return true;
  if (s === 'false' || s === 'f' || s === '0' || s === 'no') return false;
  throw new CastError(`cannot cast ${JSON.stringify(v)} to boolean`);
}

/** decimal(p,s): exact rounding HALF_UP on the decimal digits, then a precision check, as Spark. */
function decimalCast(precision: number, scale: number): CastFn {
  return (v) => {
    const text = typeof v === 'number' ? v.toFixed(Math.min(scale + 2, 100)) : typeof v === 'string' ? v.trim() : '';
    const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text);
    if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new CastError(`cannot cast ${JSON.stringify(v)} to decimal(${precision},${scale})`);
    const neg = m[1] === '-';
    const intDigits = m[2].replace(/^0+/, '');
    const frac = (m[3] ?? '').padEnd(scale + 1, '0');
    let digits = (intDigits + frac.slice(0, scale)).replace(/^$/, '0');
    if (frac.charCodeAt(scale) >= 53 /* '5' */) digits = (BigInt(digits) + 1n).toString();
    const significant = digits.replace(/^0+/, '');
    if (significant.length > precision) {
      throw new CastError(`${JSON.stringify(v)} does not fit decimal(${precision},${scale})`);
    }
    const padded = digits.padStart(scale + 1, '0');
    const str = scale > 0 ? `${padded.slice(0, padded.length - scale)}.${padded.slice(padded.length - scale)}` : padded;
    return Number((neg ? '-' : '') + str);
  };
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

function validDate(y: number, mo: number, d: number): boolean {
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

const DATE_RE = /^(\d{4})-(\d{1,2})-(\d{1,2})/;
const TS_RE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;

function castDate(v: unknown): string {
  const m = typeof v === 'string' ? DATE_RE.exec(v.trim()) : null;
  if (!m) throw new CastError(`cannot cast ${JSON.stringify(v)} to date (expected yyyy-MM-dd)`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!validDate(y, mo, d)) throw new CastError(`${JSON.stringify(v)} is not a calendar date`);
  return `${m[1]}-${pad(mo)}-${pad(d)}`;
}

/** Timestamps come out as UTC ISO-8601 with milliseconds; numbers are epoch seconds, as Spark's cast. */
function castTimestamp(v: unknown): string {
  if (typeof v === 'number' && Number.isFinite(v)) return new Date(v * 1000).toISOString();
  const m = typeof v === 'string' ? TS_RE.exec(v.trim()) : null;
  if (!m) throw new CastError(`cannot cast ${JSON.stringify(v)} to timestamp`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [h, mi, s] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  if (!validDate(y, mo, d) || h > 23 || mi > 59 || s > 59) throw new CastError(`${JSON.stringify(v)} is not a valid timestamp`);
  const ms = Number((m[7] ?? '0').padEnd(3, '0').slice(0, 3));
  let t = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  const zone = m[8];
  if (zone && zone !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    t -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  return new Date(t).toISOString();
}

/** The cast for a target type of an ApplyMapping tuple (already validated by the spec schema). */
export function castFor(targetType: string): CastFn {
  const t = targetType.trim().toLowerCase();
  const dec = /^decimal\(\s*(\d+)\s*,\s*(\d+)\s*\)$/.exec(t);
  if (dec) return decimalCast(Number(dec[1]), Number(dec[2]));
  switch (t) {
    case 'string':
      return castString;
    case 'int':
    case 'integer':
      return castInt;
    case 'long':
    case 'bigint':
      return castLong;
    case 'double':
    case 'float':
      return castDouble;
    case 'boolean':
      return castBoolean;
    case 'date':
      return castDate;
    case 'timestamp':
      return castTimestamp;
    default:
      throw new CastError(`unknown type ${targetType}`);
  }
}
