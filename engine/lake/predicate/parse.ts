// Recursive-descent parser for push_down_predicate. Column names resolve against the table's
// partition columns (case-insensitively, as Spark) while parsing, so a typo fails before any
// listing with the position and the columns that exist.
import { PredicateError } from './predicate-error.js';
import { tokenize, type Token } from './tokenize.js';
import { NULL, cast, str, type SqlType, type Value } from './values.js';

export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

export type Expr =
  | { k: 'col'; name: string }
  | { k: 'lit'; value: Value }
  | { k: 'cast'; expr: Expr; to: SqlType }
  | { k: 'cmp'; op: CompareOp; left: Expr; right: Expr }
  | { k: 'in'; expr: Expr; list: Expr[]; negated: boolean }
  | { k: 'between'; expr: Expr; low: Expr; high: Expr; negated: boolean }
  | { k: 'like'; expr: Expr; pattern: Expr; negated: boolean }
  | { k: 'isnull'; expr: Expr; negated: boolean }
  | { k: 'and' | 'or'; left: Expr; right: Expr }
  | { k: 'not'; expr: Expr };

export interface Predicate {
  source: string;
  root: Expr;
  /** Partition columns the predicate reads (canonical names). */
  columns: string[];
}

const COMPARE: Record<string, CompareOp> = { '=': '=', '==': '=', '!=': '!=', '<>': '!=', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };
const TYPES: Record<string, SqlType> = {
  int: 'int',
  integer: 'int',
  bigint: 'bigint',
  long: 'bigint',
  double: 'double',
  string: 'string',
  date: 'date',
  boolean: 'boolean',
};
const RESERVED = new Set(['and', 'or', 'not', 'in', 'between', 'like', 'is', 'null', 'true', 'false', 'cast', 'as']);
const BOOLEAN_KINDS = new Set(['cmp', 'in', 'between', 'like', 'isnull', 'and', 'or', 'not']);

export function parsePredicate(source: string, columns: readonly string[]): Predicate {
  const parser = new Parser(source, columns);
  const root = parser.parse();
  return { source, root, columns: [...parser.used] };
}

class Parser {
  private readonly tokens: Token[];
  private i = 0;
  readonly used = new Set<string>();
  private readonly byLowerName: Map<string, string>;

  constructor(
    source: string,
    private readonly columns: readonly string[],
  ) {
    this.tokens = tokenize(source);
    this.byLowerName = new Map(columns.map((c) => [c.toLowerCase(), c]));
  }

  parse(): Expr {
    if (this.peek().kind === 'eof') throw new PredicateError('the predicate is empty; expected a condition such as partition_0 = \'2020\'', 1);
    const expr = this.condition();
    const t = this.peek();
    if (t.kind !== 'eof') this.fail(`AND, OR or the end of the predicate`, t);
    return expr;
  }

  private condition(): Expr {
    let left = this.conjunction();
    while (this.keyword('or')) left = { k: 'or', left, right: this.conjunction() };
    return left;
  }

  private conjunction(): Expr {
    let left = this.negation();
    while (this.keyword('and')) left = { k: 'and', left, right: this.negation() };
    return left;
  }

  private negation(): Expr {
    if (this.keyword('not')) return { k: 'not', expr: this.negation() };
    const start = this.peek();
    const expr = this.test();
    if (!isBoolean(expr)) this.fail('a comparison (=, !=, <, <=, >, >=, IN, BETWEEN, LIKE or IS NULL)', this.peek(), start);
    return expr;
  }

  /** An operand, optionally followed by a comparison, IN, BETWEEN, LIKE or IS [NOT] NULL. */
  private test(): Expr {
    const expr = this.operand();
    const t = this.peek();
    if (t.kind === 'op' && COMPARE[t.text]) {
      this.i++;
      return { k: 'cmp', op: COMPARE[t.text], left: expr, right: this.operand() };
    }
    if (this.keyword('is')) {
      const negated = this.keyword('not');
      this.expectKeyword('null');
      return { k: 'isnull', expr, negated };
    }
    const negated = this.isKeyword(this.peek(), 'not') && ['in', 'between', 'like'].some((k) => this.isKeyword(this.tokens[this.i + 1], k));
    if (negated) this.i++;
    if (this.keyword('in')) {
      this.expectOp('(');
      const list = [this.operand()];
      while (this.op(',')) list.push(this.operand());
      this.expectOp(')', 'a comma or `)`');
      return { k: 'in', expr, list, negated };
    }
    if (this.keyword('between')) {
      const low = this.operand();
      this.expectKeyword('and');
      return { k: 'between', expr, low, high: this.operand(), negated };
    }
    if (this.keyword('like')) return { k: 'like', expr, pattern: this.operand(), negated };
    return expr;
  }

  private operand(): Expr {
    const t = this.peek();
    if (t.kind === 'string') {
      this.i++;
      return { k: 'lit', value: str(t.text) };
    }
    if (t.kind === 'number' || (t.kind === 'op' && t.text === '-' && this.tokens[this.i + 1]?.kind === 'number')) {
      const negative = t.kind === 'op';
      if (negative) this.i++;
      const n = this.next();
      return { k: 'lit', value: numberLiteral((negative ? '-' : '') + n.text) };
    }
    if (t.kind === 'op' && t.text === '(') {
      this.i++;
      const inner = this.condition();
      this.expectOp(')', 'AND, OR or `)`');
      return inner;
    }
    if (t.kind === 'quoted-ident') {
      this.i++;
      return this.column(t);
    }
    if (t.kind === 'ident') {
      const word = t.text.toLowerCase();
      if (word === 'null') return this.advance({ k: 'lit', value: NULL });
      if (word === 'true' || word === 'false') return this.advance({ k: 'lit', value: { t: 'boolean', v: word === 'true' } });
      if (word === 'cast' && this.tokens[this.i + 1]?.text === '(') return this.castExpr();
      if (word === 'date' && this.tokens[this.i + 1]?.kind === 'string') {
        this.i++;
        const s = this.next();
        const value = cast(str(s.text), 'date');
        if (value.t === 'null') throw new PredicateError(`invalid date literal '${s.text}' at ${s.pos}; expected yyyy-mm-dd`, s.pos);
        return { k: 'lit', value };
      }
      if (!RESERVED.has(word)) {
        this.i++;
        return this.column(t);
      }
    }
    return this.fail('a column, a quoted string, a number, CAST or `(`', t);
  }

  private castExpr(): Expr {
    this.i += 2; // CAST (
    const expr = this.operand();
    this.expectKeyword('as');
    const t = this.peek();
    const to = t.kind === 'ident' ? TYPES[t.text.toLowerCase()] : undefined;
    if (!to) {
      throw new PredicateError(
        `unknown type ${t.kind === 'eof' ? 'end of input' : `\`${t.text}\``} at ${t.pos}; expected int, bigint, double, string, date or boolean`,
        t.pos,
      );
    }
    this.i++;
    this.expectOp(')');
    return { k: 'cast', expr, to };
  }

  private column(t: Token): Expr {
    const name = this.byLowerName.get(t.text.toLowerCase());
    if (name === undefined) {
      const known = this.columns.length ? `columns are ${this.columns.join(', ')}` : 'the table has no partition columns';
      throw new PredicateError(`unknown column \`${t.text}\` at ${t.pos}; ${known}`, t.pos);
    }
    this.used.add(name);
    return { k: 'col', name };
  }

  private peek(): Token {
    return this.tokens[this.i];
  }

  private next(): Token {
    return this.tokens[this.i++];
  }

  private advance(expr: Expr): Expr {
    this.i++;
    return expr;
  }

  private isKeyword(t: Token | undefined, word: string): boolean {
    return t?.kind === 'ident' && t.text.toLowerCase() === word;
  }

  private keyword(word: string): boolean {
    if (!this.isKeyword(this.peek(), word)) return false;
    this.i++;
    return true;
  }

  private expectKeyword(word: string): void {
    if (!this.keyword(word)) this.fail(word.toUpperCase(), this.peek());
  }

  private op(text: string): boolean {
    const t = this.peek();
    if (t.kind !== 'op' || t.text !== text) return false;
    this.i++;
    return true;
  }

  private expectOp(text: string, expected = `\`${text}\``): void {
    if (!this.op(text)) this.fail(expected, this.peek());
  }

  private fail(expected: string, found: Token, after?: Token): never {
    const what = found.kind === 'eof' ? 'end of input' : found.kind === 'string' ? `'${found.text}'` : `\`${found.text}\``;
    const context = after && after !== found ? ` after \`${describe(after)}\`` : '';
    throw new PredicateError(`expected ${expected}${context} at ${found.pos}, found ${what}`, found.pos);
  }
}

function describe(t: Token): string {
  return t.kind === 'string' ? `'${t.text}'` : t.text;
}

function isBoolean(expr: Expr): boolean {
  return BOOLEAN_KINDS.has(expr.k) || (expr.k === 'lit' && (expr.value.t === 'boolean' || expr.value.t === 'null'));
}

function numberLiteral(text: string): Value {
  const n = Number(text);
  if (/^-?\d+$/.test(text)) return { t: Math.abs(n) > 2147483647 ? 'bigint' : 'int', v: n };
  return { t: 'double', v: n };
}
