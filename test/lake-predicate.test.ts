import { describe, expect, it } from 'vitest';
import { evaluate, type Outcome } from '../engine/lake/predicate/evaluate.js';
import { parsePredicate } from '../engine/lake/predicate/parse.js';
import { PredicateError } from '../engine/lake/predicate/predicate-error.js';

const POSITIONAL = ['partition_0', 'partition_1', 'partition_2', 'partition_3'];
const HIVE = ['year', 'month', 'day'];

function run(source: string, values: Record<string, string>, columns = POSITIONAL, final = true): Outcome {
  return evaluate(parsePredicate(source, columns), values, final);
}
function error(source: string, columns = POSITIONAL.slice(0, 2)): string {
  try {
    parsePredicate(source, columns);
  } catch (e) {
    expect(e).toBeInstanceOf(PredicateError);
    return (e as Error).message;
  }
  throw new Error(`expected ${source} to fail`);
}

const day = { partition_0: '2020', partition_1: '01', partition_2: '15', partition_3: '07' };

describe('push_down_predicate evaluation', () => {
  it.each<[string, Outcome]>([
    ["(partition_0 == '2020')", 'true'],
    ["partition_0 = '2021'", 'false'],
    ["PARTITION_0 = '2020' and partition_1 in ('01','02')", 'true'],
    ["partition_0 = '2020' AND partition_1 NOT IN ('01','02')", 'false'],
    ["partition_1 <> '01' OR partition_2 >= '10'", 'true'],
    ["NOT (partition_1 != '01')", 'true'],
    ["partition_2 between '10' and '20'", 'true'],
    ["partition_2 NOT BETWEEN '10' AND '20'", 'false'],
    ["partition_0 LIKE '20%'", 'true'],
    ["partition_0 like '20_'", 'false'],
    ["partition_0 NOT LIKE '19%'", 'true'],
    ["`partition_0` = '2020'", 'true'],
    ['partition_0 = "2020"', 'true'],
    // Spark casts the string partition value to the literal's type.
    ['partition_1 = 1', 'true'],
    ['partition_1 < 2 and partition_2 > 9', 'true'],
    ['partition_1 = 1.0', 'true'],
    ["partition_1 = '1'", 'false'],
    // ... but IN coerces to a common type, which is string when a string meets a number.
    ['partition_1 IN (1, 2)', 'false'],
    ['partition_0 IN (2020, 2021)', 'true'],
    ['CAST(partition_1 AS int) IN (1, 2)', 'true'],
    ['cast(partition_2 as double) = 15', 'true'],
    ['CAST(partition_0 AS bigint) BETWEEN 2019 AND 2021', 'true'],
    ["CAST(partition_1 AS string) = '01'", 'true'],
    ["CAST(concat AS date) = '2020-01-15'", 'null'],
    ['partition_3 IS NOT NULL', 'true'],
    ['partition_3 is null', 'false'],
    ["partition_0 = 'x' or true", 'true'],
    ['partition_1 = -1', 'false'],
    ["partition_0 = '20' '20'", 'true'],
  ])('%s → %s', (source, expected) => {
    const columns = source.includes('concat') ? [...POSITIONAL, 'concat'] : POSITIONAL;
    const values = source.includes('concat') ? { ...day, concat: 'not a date' } : day;
    expect(run(source, values, columns)).toBe(expected);
  });

  it('casts that fail give NULL, which filters like false, and NOT NULL stays NULL', () => {
    expect(run('partition_0 = 2020', { partition_0: 'abc' })).toBe('null');
    expect(run('NOT (partition_0 = 2020)', { partition_0: 'abc' })).toBe('null');
    expect(run("partition_0 = 'abc' OR partition_0 = 2020", { partition_0: 'abc' })).toBe('true');
  });

  it('compares dates as dates', () => {
    const values = { year: '2020', month: '1', day: '5' };
    expect(run("CAST(year AS date) < DATE '2020-06-01'", values, HIVE)).toBe('true');
    expect(run("CAST('2020-01-05' AS date) = '2020-1-5'", values, HIVE)).toBe('true');
  });

  it('is undecided while a column it needs is still a deeper folder, and decides as soon as it can', () => {
    const p = parsePredicate("partition_0 = '2020' AND partition_2 = '15'", POSITIONAL);
    expect(evaluate(p, { partition_0: '2021' }, false)).toBe('false');
    expect(evaluate(p, { partition_0: '2020' }, false)).toBe('unknown');
    expect(evaluate(p, { partition_0: '2020', partition_1: '01', partition_2: '15' }, false)).toBe('true');
    const q = parsePredicate("partition_0 = '2020' OR partition_3 IS NULL", POSITIONAL);
    expect(evaluate(q, { partition_0: '2020' }, false)).toBe('true');
    expect(evaluate(q, { partition_0: '2019' }, false)).toBe('unknown');
    // A file above the partition_3 level has no partition_3: NULL, not undecided.
    expect(evaluate(q, { partition_0: '2019' }, true)).toBe('true');
  });

  it('reports the columns it reads', () => {
    expect(parsePredicate("year = '2020' and (Month = '1' or MONTH = '2')", HIVE).columns).toEqual(['year', 'month']);
  });
});

describe('push_down_predicate errors', () => {
  it.each([
    ["(partiton_0 == '2020')", 'unknown column `partiton_0` at 2; columns are partition_0, partition_1'],
    ["partition_0 == '2020", 'unterminated string starting at 16'],
    ["(partition_0 == '2020'", 'expected AND, OR or `)` at 23, found end of input'],
    ['partition_0', 'expected a comparison (=, !=, <, <=, >, >=, IN, BETWEEN, LIKE or IS NULL) after `partition_0` at 12, found end of input'],
    ["partition_0 = '1' partition_1 = '2'", 'expected AND, OR or the end of the predicate at 19, found `partition_1`'],
    ["partition_0 in ('1', )", 'expected a column, a quoted string, a number, CAST or `(` at 22, found `)`'],
    ["partition_0 in ('1' '2'", 'expected a comma or `)` at 24, found end of input'],
    ["partition_0 between '1' or '2'", 'expected AND at 25, found `or`'],
    ['partition_0 IS 3', 'expected NULL at 16, found `3`'],
    ['CAST(partition_0 AS varchar) = 1', 'unknown type `varchar` at 21; expected int, bigint, double, string, date or boolean'],
    ["partition_0 = '1';", 'unexpected character `;` at 18'],
    ['', "the predicate is empty; expected a condition such as partition_0 = '2020'"],
    ["DATE '2020-13-01' = partition_0", "invalid date literal '2020-13-01' at 6; expected yyyy-mm-dd"],
    ['and = 1', 'expected a column, a quoted string, a number, CAST or `(` at 1, found `and`'],
  ])('%s', (source, message) => {
    expect(error(source)).toBe(message);
  });

  it('names the lack of partition columns', () => {
    expect(error("year = '2020'", [])).toBe('unknown column `year` at 1; the table has no partition columns');
  });

  it('carries the position', () => {
    expect(() => parsePredicate("partition_0 = '2020' and partiton_1 = '1'", POSITIONAL)).toThrow(
      expect.objectContaining({ position: 26 }),
    );
  });
});
