/**
 * Values written into SQL text (src/db/pg-client.ts, src/db/literal.ts) must read exactly as
 * node-postgres's own escaping and its parameters would: checked here against node-postgres's
 * escapeLiteral and a plain substitution of every `$n`, on values that need escaping and on
 * SQL that must not be inlined.
 */
import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { inlined } from '../../src/db/pg-client.ts';
import { pgLiteral } from '../../src/db/literal.ts';

const strings = [
  '',
  'plain text',
  "O'Brien",
  "''",
  'C:\\path\\to',
  "back\\slash and 'quote'",
  '北京市 12345 热线',
  'emoji 🎉 and $1 and $$',
  '{"name":"Attendee","choices":[{"session":"P2 · Opening plenary"}]}',
  '\\',
  "'",
];

/** What node-postgres would make of it: its escaping of each value, every `$n` replaced once. */
function reference(text: string, values: (string | number | boolean | bigint | null)[]): string {
  const literal = (v: string | number | boolean | bigint | null) =>
    v === null ? 'null' : typeof v === 'string' ? pg.escapeLiteral(v) : `'${String(v)}'`;
  return text.replace(/\$(\d+)/g, (_, n: string) => (Number(n) <= values.length ? literal(values[Number(n) - 1]) : `$${n}`));
}

describe('pgLiteral', () => {
  it('test_writes_every_string_as_node_postgres_escapes_it', () => {
    for (const s of strings) expect(pgLiteral(s), s).toBe(pg.escapeLiteral(s));
  });
});

describe('inlined', () => {
  it('test_writes_each_parameter_as_its_literal_once_whatever_the_values_hold', () => {
    const text =
      'insert into "t" ("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k") values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)';
    for (const s of strings) {
      const values = [s, null, 7, true, 12n, s.toUpperCase(), 0, -1.5, 'x', `${s}10`, s];
      expect(inlined(text, values)).toBe(reference(text, values));
      // the same SQL again (its cut is kept) with other values
      const others = values.map((v) => (typeof v === 'string' ? `${v}'` : v));
      expect(inlined(text, others)).toBe(reference(text, others));
    }
  });

  it('test_keeps_parameters_beyond_the_values_and_repeated_ones', () => {
    expect(inlined('select $1, $2, $1, $3', ['a', 'b'])).toBe("select 'a', 'b', 'a', $3");
    expect(inlined('call p($1)', [])).toBe('call p($1)');
    expect(inlined('select 1', [])).toBe('select 1');
  });

  it('test_refuses_sql_with_quotes_of_its_own_and_values_that_are_not_text', () => {
    expect(inlined("select $1 where x = 'a'", ['b'])).toBeUndefined();
    expect(inlined('select $$a$$, $1', ['b'])).toBeUndefined();
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, { a: 1 }, ['a'], new Date(0), undefined]) {
      expect(inlined('select $1', [value]), JSON.stringify(value) ?? 'undefined').toBeUndefined();
    }
  });
});
