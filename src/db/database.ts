/**
 * The one place that knows which database runs: SQLite (embedded default, one file) or
 * PostgreSQL (several instances). Everything else speaks Kysely.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type SqliteDatabase } from 'kysely';
import pg from 'pg';
import { errorCode } from './errors.ts';
import { ForumClient, PreparingClient } from './pg-client.ts';
import { checkpointInBackground } from './sqlite-checkpoints.ts';
import { GroupCommitSqliteAdapter, GroupCommitSqliteDriver } from './sqlite-commit-groups.ts';
import type { Database } from './schema.ts';

export type Dialect = 'sqlite' | 'postgres';

export interface Db {
  db: Kysely<Database>;
  dialect: Dialect;
  close(): Promise<void>;
}

/** SQLite with the driver that commits a turn's transactions together (sqlite-commit-groups.ts). */
class GroupCommitSqliteDialect extends SqliteDialect {
  readonly #database: SqliteDatabase;
  readonly #inTransaction: () => boolean;
  constructor(database: SqliteDatabase, inTransaction: () => boolean) {
    super({ database });
    this.#database = database;
    this.#inTransaction = inTransaction;
  }
  override createDriver() {
    return new GroupCommitSqliteDriver(this.#database, this.#inTransaction);
  }
  override createAdapter() {
    return new GroupCommitSqliteAdapter();
  }
}

/**
 * Switch the file to WAL (it stays so). Two processes opening a fresh file at the same
 * instant both hold a read lock while asking for the write lock the switch needs; SQLite
 * answers one of them SQLITE_BUSY at once (waiting could deadlock, so busy_timeout does not
 * apply). That one waits a moment and asks again: by then the file is in WAL mode.
 */
function useWal(sqlite: SQLite.Database): void {
  for (let attempt = 1; ; attempt++) {
    try {
      sqlite.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      if (errorCode(error) !== 'SQLITE_BUSY' || attempt >= 100) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5 + Math.random() * 20);
    }
  }
}

/** Compiled statements kept per SQLite connection (least recently used dropped first). */
const statementCacheSize = 256;

/**
 * better-sqlite3 compiles SQL on every prepare(), and Kysely prepares each query afresh: the
 * same few texts (parameters are bound separately) were compiled again on every request. Kept
 * here, a statement is compiled once. Safe: Kysely runs one query at a time on the connection,
 * and SQLite recompiles a kept statement itself after a schema change.
 */
export function reusingStatements(sqlite: SQLite.Database, size = statementCacheSize): SqliteDatabase {
  const kept = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let statement = kept.get(sql);
      if (statement) kept.delete(sql);
      else statement = sqlite.prepare(sql);
      kept.set(sql, statement);
      if (kept.size > size) kept.delete(kept.keys().next().value!);
      return statement;
    },
  };
}

export interface OpenOptions {
  /** PostgreSQL connections (default 10) */
  poolSize?: number;
  /**
   * PostgreSQL: run the prepared queries as named statements (default). Off for a connection
   * pooler that hands each transaction another server connection and does not carry named
   * statements over (PgBouncer in transaction mode before 1.21, or without max_prepared_statements).
   */
  namedStatements?: boolean;
}

/** `postgres://…` or `postgresql://…` → PostgreSQL; `sqlite:path` or a plain path → SQLite file. */
export function openDatabase(url: string, options: OpenOptions = {}): Db {
  if (/^postgres(ql)?:\/\//.test(url)) {
    const pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize ?? 10,
      Client: (options.namedStatements === false ? ForumClient : PreparingClient) as unknown as typeof pg.Client,
    });
    // An idle connection closed by the server (restart, failover) must not crash the process.
    pool.on('error', (error) => console.warn(`[db] idle PostgreSQL connection closed: ${error.message}`));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: 'postgres', close: () => db.destroy() };
  }
  const file = url.replace(/^sqlite:(\/\/)?/, '');
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('busy_timeout = 5000');
  useWal(sqlite);
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('synchronous = NORMAL');
  // The WAL is copied back by a worker thread (sqlite-checkpoints.ts). Should it fall behind,
  // SQLite checkpoints inside the commit that takes the WAL past 10,000 pages (40 MB), not the
  // default 1,000: a page that every registration touches (an index's last leaf, a seat
  // counter) is copied back once per checkpoint (13 % more registrations per second here).
  sqlite.pragma('wal_autocheckpoint = 10000');
  // Each transaction of a commit group is a savepoint (sqlite-commit-groups.ts), which keeps the
  // first copy of every page it changes; beyond 64 KB SQLite spilled these copies to a temporary
  // file: 85 KB written per registration, five times what reaches the WAL. In memory they cost
  // a copy (a group of 20 registrations: about 1.5 MB while it lasts, freed at its commit).
  // Temporary tables and indexes of a query live in memory too (none is large here).
  sqlite.pragma('temp_store = MEMORY');
  const dialect = new GroupCommitSqliteDialect(reusingStatements(sqlite), () => sqlite.inTransaction);
  const db = new Kysely<Database>({ dialect });
  const checkpoints = file === ':memory:' ? undefined : checkpointInBackground(file);
  const close = async () => {
    await checkpoints?.stop();
    await db.destroy();
  };
  return { db, dialect: 'sqlite', close };
}
