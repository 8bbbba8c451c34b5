import pg from 'pg';

/**
 * A string as a PostgreSQL literal in SQL text, for the rare statement that must go without
 * bound parameters (several statements in one message: node-postgres's simple query protocol).
 * node-postgres's own escaping: quotes doubled, an E'' literal when there is a backslash.
 */
export function pgLiteral(value: string): string {
  return pg.escapeLiteral(value);
}
