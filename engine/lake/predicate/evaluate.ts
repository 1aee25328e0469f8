// Evaluates a predicate over partition values with four outcomes: true, false, NULL (SQL's
// unknown, which filters like false) and UNKNOWN — "not decided yet" because a column it reads
// belongs to a deeper folder level. The folder walk prunes on false/NULL, stops evaluating on
// true, and descends on UNKNOWN. AND/OR are Kleene's, with UNKNOWN ranked above NULL so that a
// decision is only reported when every binding of the unbound columns agrees.
import type { Expr, Predicate } from './parse.js';
import { NULL, UNKNOWN, cast, commonInType, compare, str, toSparkString, type Value } from './values.js';

export type Outcome = 'true' | 'false' | 'null' | 'unknown';

/**
 * `values` binds partition columns; a column without a value is UNKNOWN while `final` is false
 * (its folder is further down) and NULL once `final` (a file above that level has no value).
 */
export function evaluate(predicate: Predicate, values: Readonly<Record<string, string>>, final: boolean): Outcome {
  return outcome(evalExpr(predicate.root, values, final));
}

/** Whether the predicate admits the partition (NULL and false both exclude). */
export function admits(outcome: Outcome): boolean {
  return outcome === 'true';
}

function outcome(v: Value): Outcome {
  if (v.t === 'unknown') return 'unknown';
  if (v.t === 'null') return 'null';
  if (v.t === 'boolean') return v.v ? 'true' : 'false';
  return 'null';
}

const TRUE: Value = { t: 'boolean', v: true };
const FALSE: Value = { t: 'boolean', v: false };
const bool = (b: boolean): Value => (b ? TRUE : FALSE);

function evalExpr(e: Expr, values: Readonly<Record<string, string>>, final: boolean): Value {
  switch (e.k) {
    case 'col': {
      const v = values[e.name];
      return v === undefined ? (final ? NULL : UNKNOWN) : str(v);
    }
    case 'lit':
      return e.value;
    case 'cast':
      return cast(evalExpr(e.expr, values, final), e.to);
    case 'cmp': {
      const l = evalExpr(e.left, values, final);
      const r = evalExpr(e.right, values, final);
      if (l.t === 'unknown' || r.t === 'unknown') return UNKNOWN;
      if (l.t === 'null' || r.t === 'null') return NULL;
      const c = compare(l, r);
      if (c === null) return NULL;
      switch (e.op) {
        case '=':
          return bool(c === 0);
        case '!=':
          return bool(c !== 0);
        case '<':
          return bool(c < 0);
        case '<=':
          return bool(c <= 0);
        case '>':
          return bool(c > 0);
        case '>=':
          return bool(c >= 0);
      }
    }
    case 'in': {
      const x = evalExpr(e.expr, values, final);
      const list = e.list.map((item) => evalExpr(item, values, final));
      if (x.t === 'unknown' || list.some((v) => v.t === 'unknown')) return UNKNOWN;
      const found = inList(x, list);
      return e.negated ? not(found) : found;
    }
    case 'between': {
      const x = evalExpr(e.expr, values, final);
      const low = evalExpr(e.low, values, final);
      const high = evalExpr(e.high, values, final);
      const within = and(cmpValue(x, low, (c) => c >= 0), cmpValue(x, high, (c) => c <= 0));
      return e.negated ? not(within) : within;
    }
    case 'like': {
      const x = evalExpr(e.expr, values, final);
      const p = evalExpr(e.pattern, values, final);
      if (x.t === 'unknown' || p.t === 'unknown') return UNKNOWN;
      if (x.t === 'null' || p.t === 'null') return NULL;
      const matched = bool(likeRegExp(toSparkString(p)).test(toSparkString(x)));
      return e.negated ? not(matched) : matched;
    }
    case 'isnull': {
      const x = evalExpr(e.expr, values, final);
      if (x.t === 'unknown') return UNKNOWN;
      return bool((x.t === 'null') !== e.negated);
    }
    case 'and':
      return and(evalExpr(e.left, values, final), evalExpr(e.right, values, final));
    case 'or':
      return or(evalExpr(e.left, values, final), evalExpr(e.right, values, final));
    case 'not':
      return not(evalExpr(e.expr, values, final));
  }
}

function cmpValue(l: Value, r: Value, test: (c: number) => boolean): Value {
  if (l.t === 'unknown' || r.t === 'unknown') return UNKNOWN;
  if (l.t === 'null' || r.t === 'null') return NULL;
  const c = compare(l, r);
  return c === null ? NULL : bool(test(c));
}

function inList(x: Value, list: Value[]): Value {
  if (x.t === 'null') return NULL;
  const type = commonInType([x, ...list]);
  let sawNull = false;
  for (const item of list) {
    if (item.t === 'null' || type === null) {
      sawNull = true;
      continue;
    }
    const c = compare(cast(x, type), cast(item, type));
    if (c === 0) return TRUE;
    if (c === null) sawNull = true;
  }
  return sawNull ? NULL : FALSE;
}

function truth(v: Value): 'T' | 'F' | 'N' | 'U' {
  if (v.t === 'unknown') return 'U';
  if (v.t === 'boolean') return v.v ? 'T' : 'F';
  return 'N';
}

function and(a: Value, b: Value): Value {
  const x = truth(a);
  const y = truth(b);
  if (x === 'F' || y === 'F') return FALSE;
  if (x === 'U' || y === 'U') return UNKNOWN;
  if (x === 'N' || y === 'N') return NULL;
  return TRUE;
}

function or(a: Value, b: Value): Value {
  const x = truth(a);
  const y = truth(b);
  if (x === 'T' || y === 'T') return TRUE;
  if (x === 'U' || y === 'U') return UNKNOWN;
  if (x === 'N' || y === 'N') return NULL;
  return FALSE;
}

function not(a: Value): Value {
  const x = truth(a);
  if (x === 'T') return FALSE;
  if (x === 'F') return TRUE;
  return x === 'U' ? UNKNOWN : NULL;
}

const likeCache = new Map<string, RegExp>();

/** SQL LIKE: `%` any run, `_` one character, `\` escapes; the whole string must match. */
function likeRegExp(pattern: string): RegExp {
  let re = likeCache.get(pattern);
  if (re) return re;
  let body = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && i + 1 < pattern.length) body += escapeRegExp(pattern[++i]);
    else if (c === '%') body += '[\\s\\S]*';
    else if (c === '_') body += '[\\s\\S]';
    else body += escapeRegExp(c);
  }
  re = new RegExp(`^${body}$`);
  likeCache.set(pattern, re);
  return re;
}

function escapeRegExp(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
