import pg from 'pg';

/**
 * A string as a PostgreSQL literal in SQL text, for a statement that goes without bound
 * parameters (several statements in one message: node-postgres's simple query protocol).
 * node-postgres's own escaping: quotes doubled, an E'' literal when there is a backslash.
 */
export function pgLiteral(value: string): string {
  // Most values have neither: the literal is then the value quoted (escapeLiteral copies it a character at a time).
  if (!/['\\]/.test(value)) return `'${value}'`;
  return pg.escapeLiteral(value);
}
