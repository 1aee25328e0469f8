// Tokens of the Spark SQL boolean subset used in Glue's push_down_predicate.
import { PredicateError } from './predicate-error.js';

export type TokenKind = 'ident' | 'quoted-ident' | 'string' | 'number' | 'op' | 'eof';

export interface Token {
  kind: TokenKind;
  /** Identifier or operator text, unescaped string contents, or the number as written. */
  text: string;
  /** 1-based character position of the token's first character. */
  pos: number;
}

const OPERATORS = ['==', '!=', '<>', '<=', '>=', '=', '<', '>', '(', ')', ','];

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const pos = i + 1;
    if (c === "'" || c === '"') {
      const { text, end } = readString(source, i);
      // Spark concatenates adjacent string literals ('a' 'b' is 'ab').
      const previous = tokens[tokens.length - 1];
      if (previous?.kind === 'string' && previous.pos + previous.text.length <= pos) previous.text += text;
      else tokens.push({ kind: 'string', text, pos });
      i = end;
      continue;
    }
    if (c === '`') {
      const close = source.indexOf('`', i + 1);
      if (close < 0) throw new PredicateError(`unterminated \`quoted\` column name starting at ${pos}`, pos);
      tokens.push({ kind: 'quoted-ident', text: source.slice(i + 1, close), pos });
      i = close + 1;
      continue;
    }
    const number = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(source.slice(i, i + 64));
    if (number) {
      tokens.push({ kind: 'number', text: number[0], pos });
      i += number[0].length;
      continue;
    }
    const ident = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i, i + 256));
    if (ident) {
      tokens.push({ kind: 'ident', text: ident[0], pos });
      i += ident[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => source.startsWith(o, i)) ?? (c === '-' ? '-' : undefined);
    if (op) {
      tokens.push({ kind: 'op', text: op, pos });
      i += op.length;
      continue;
    }
    throw new PredicateError(`unexpected character \`${c}\` at ${pos}`, pos);
  }
  tokens.push({ kind: 'eof', text: '', pos: source.length + 1 });
  return tokens;
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', '0': '\0', Z: '\x1a' };

/** Spark's unescaping: backslash escapes, except that `\%` and `\_` stay for LIKE. */
function readString(source: string, start: number): { text: string; end: number } {
  const quote = source[start];
  let text = '';
  let i = start + 1;
  while (i < source.length) {
    const c = source[i];
    if (c === quote) return { text, end: i + 1 };
    if (c === '\\' && i + 1 < source.length) {
      const next = source[i + 1];
      text += next === '%' || next === '_' ? `\\${next}` : (ESCAPES[next] ?? next);
      i += 2;
      continue;
    }
    text += c;
    i++;
  }
  throw new PredicateError(`unterminated string starting at ${start + 1}`, start + 1);
}
