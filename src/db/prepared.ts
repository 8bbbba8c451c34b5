/**
 * Queries built and compiled once, then run with new values. Kysely builds an operation tree
 * and compiles it to SQL on every call: for the statements every registration runs (the new
 * registration row of some forty columns, its email, the person, the rate-limit counts) that
 * cost more CPU than SQLite spent running them. Here the query is built once per database
 * with placeholders in place of the values, compiled, and each call binds its own values in
 * the placeholders' positions.
 *
 * Only plain values may be placeholders: never a list (`in`), an identifier or anything
 * whose value changes the SQL Kysely writes. A database with Kysely plugins runs the query
 * built as usual each time.
 */
import type { Compilable, CompiledQuery, QueryResult, RawBuilder } from 'kysely';
import type { Database } from './schema.ts';
import type { Executor } from './transaction.ts';

/** Stands for the value named `name` while the query is built. */
class Placeholder {
  readonly name: string;
  constructor(name: string) {
    this.name = name;
  }
}

interface Prepared {
  compiled: CompiledQuery<unknown>;
  /** per parameter of the compiled query: the value it takes, or undefined for a constant */
  names: (string | undefined)[];
}

/**
 * Keyed by the dialect adapter (one per database handle, shared by its transactions), so SQLite
 * and PostgreSQL in one process each have their own SQL. `getExecutor()` is marked internal in
 * Kysely's types; it is the one way to reach the adapter of a transaction.
 */
const cache = new WeakMap<object, Map<string, Prepared>>();

/**
 * The SQL of every prepared query, with its name: on PostgreSQL these run as named statements
 * (database.ts), which the server parses and plans once per connection instead of each time.
 * A process has a few dozen of them (one per key and dialect).
 */
const names = new Map<string, string>();

/** The name the prepared query with this SQL runs under, if it is one. */
export function statementName(sql: string): string | undefined {
  return names.get(sql);
}

function prepare<V extends object>(adapter: object, key: string, values: V, build: (values: V) => Compilable<unknown>): Prepared {
  let byKey = cache.get(adapter);
  if (!byKey) cache.set(adapter, (byKey = new Map<string, Prepared>()));
  let prepared = byKey.get(key);
  if (!prepared) {
    const placeholders = Object.fromEntries(Object.keys(values).map((name) => [name, new Placeholder(name)])) as unknown as V;
    const compiled = build(placeholders).compile();
    const bound = compiled.parameters.map((p) => (p instanceof Placeholder ? p.name : undefined));
    const missing = Object.keys(values).filter((name) => !bound.includes(name));
    // A value the query never bound was meant to change it: that is not a prepared query.
    if (missing.length > 0) throw new Error(`prepared query ${key}: ${missing.join(', ')} not bound`);
    prepared = { compiled, names: bound };
    byKey.set(key, prepared);
    if (!names.has(compiled.sql)) names.set(compiled.sql, `forum_${names.size + 1}`);
  }
  return prepared;
}

/**
 * Run the query `build` makes from `values` (given placeholders instead), compiled once per
 * database under `key`: one key, one shape of query.
 */
export async function runPrepared<V extends object, R>(
  db: Executor,
  key: string,
  values: V,
  build: (values: V) => Compilable<R>,
): Promise<QueryResult<R>> {
  // A plugin may rewrite each query it is given (the statement counter of the tests does).
  const executor = db.getExecutor();
  if (executor.plugins.length > 0) return db.executeQuery(build(values));
  const { compiled, names } = prepare(executor.adapter, key, values, build);
  const parameters = names.map((name, i) => (name === undefined ? compiled.parameters[i] : (values as Record<string, unknown>)[name]));
  return db.executeQuery<R>({ ...compiled, parameters });
}

/** runPrepared for a raw statement (`sql\`…\``: the CALL of a procedure), which compiles against its executor. */
export async function runPreparedRaw<V extends object, R>(
  db: Executor,
  key: string,
  values: V,
  build: (values: V) => RawBuilder<R>,
): Promise<QueryResult<R>> {
  return runPrepared(db, key, values, (v) => ({ compile: () => build(v).compile(db) }));
}

/**
 * `insertInto(table).values(row)`, compiled once per table and set of columns. Columns whose
 * value is undefined are left out, as Kysely leaves them out (the column's default applies).
 */
export async function insertRow<T extends keyof Database>(db: Executor, table: T, row: Database[T]): Promise<void> {
  // Every registration inserts rows of some forty columns: one pass over them, a copy only when one is left out.
  let key = `insert ${table} (`;
  let leftOut = false;
  for (const column in row) {
    if (row[column] === undefined) leftOut = true;
    else key += `${column},`;
  }
  const present = leftOut ? (Object.fromEntries(Object.entries(row).filter(([, value]) => value !== undefined)) as Database[T]) : row;
  await runPrepared(db, `${key})`, present, (values) => db.insertInto(table).values(values as never));
}

/**
 * Rows of one table in one statement, compiled once per table, set of columns and number of
 * rows. Every row must give the same columns a value (undefined ones are left out, as in insertRow).
 */
export async function insertRows<T extends keyof Database>(db: Executor, table: T, rows: Database[T][]): Promise<void> {
  if (rows.length === 0) return;
  const defined = (row: Database[T]) => Object.entries(row as object).filter(([, value]) => value !== undefined);
  const columns = defined(rows[0]).map(([column]) => column);
  const values: Record<string, unknown> = {};
  rows.forEach((row, i) => {
    const entries = defined(row);
    if (entries.map(([column]) => column).join(',') !== columns.join(','))
      throw new Error(`insertRows ${table}: rows with different columns`);
    for (const [column, value] of entries) values[`${i}:${column}`] = value;
  });
  await runPrepared(db, `insert ${table} (${columns.join(',')}) ×${rows.length}`, values, (v) =>
    db.insertInto(table).values(rows.map((_, i) => Object.fromEntries(columns.map((column) => [column, v[`${i}:${column}`]]))) as never),
  );
}
