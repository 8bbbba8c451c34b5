/**
 * Values written into SQL text (src/db/literal.ts: the statements that go without bound
 * parameters, several in one message) must read exactly as node-postgres's own escaping would.
 */
import { describe, expect, it } from 'vitest';
import pg from 'pg';
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

describe('pgLiteral', () => {
  it('test_writes_every_string_as_node_postgres_escapes_it', () => {
    for (const s of strings) expect(pgLiteral(s), s).toBe(pg.escapeLiteral(s));
  });
});
