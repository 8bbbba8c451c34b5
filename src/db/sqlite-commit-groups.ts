/**
 * SQLite: the transactions of one event-loop turn commit together (group commit).
 *
 * A registration touches about twenty pages (its row, its six indexes, the person, the email,
 * the seat counter, the rate-limit rows) and every commit writes each of them to the WAL again,
 * even the ones the registration before it wrote a moment ago (the last leaf of an index, the
 * seat counter). Registrations arrive together when registration opens, and better-sqlite3
 * runs each one to its end in one go, so the transactions of one turn of the event loop are
 * wrapped in one outer transaction: each is a savepoint in it (its rollback undoes only its own
 * work), and the outer one commits at the end of the turn (setImmediate), writing each page once.
 *
 * Nobody is told "done" before the data is committed: every use of the connection that wrote
 * during an open group (a transaction or a single statement) resolves only once the group has
 * committed, and fails with the group's error if the commit fails. The connection lock is
 * released before that wait, so the next request's transaction joins the group instead of
 * queueing behind it. A read does not wait: a transaction may await a read started before it
 * (waiting for the group, which waits for that transaction, would never end).
 *
 * The lock replaces Kysely's own for SQLite (its adapter then says it allows several
 * connections: it is this driver that keeps them to one at a time).
 */
import { CompiledQuery, SqliteAdapter, SqliteDriver, type DatabaseConnection, type SqliteDatabase } from 'kysely';

/** The outer transaction the current turn's work runs in. */
interface Group {
  committed: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
}

function newGroup(): Group {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const committed = new Promise<void>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  // a group nobody waits for (its last user failed first) must not end the process
  committed.catch(() => undefined);
  return { committed, resolve, reject };
}

/** One holder at a time, served in the order they asked. */
class Lock {
  #held = false;
  readonly #waiting: (() => void)[] = [];
  async take(): Promise<void> {
    if (!this.#held) {
      this.#held = true;
      return;
    }
    await new Promise<void>((resolve) => this.#waiting.push(resolve));
  }
  give(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#held = false;
  }
}

const raw = (text: string) => CompiledQuery.raw(text);
const SAVEPOINT = 'forum_member';

/** Why a group failed when SQLite rolled it back itself (disk full, I/O error): its members lost their work. */
export class GroupRolledBackError extends Error {
  constructor() {
    super('SQLite rolled back the transaction (disk full or I/O error): nothing of this turn was saved');
  }
}

export class GroupCommitSqliteDriver extends SqliteDriver {
  readonly #lock = new Lock();
  readonly #inTransaction: () => boolean;
  /** whether the current holder of the connection ran a statement that writes */
  readonly #use: { wrote: boolean };
  #group: Group | undefined;
  #connection: DatabaseConnection | undefined;

  /**
   * `database`: better-sqlite3 (its statements say whether they write: `readonly`).
   * `inTransaction`: whether SQLite still has the outer transaction open (it rolls back by itself on some errors).
   */
  constructor(database: SqliteDatabase, inTransaction: () => boolean) {
    const use = { wrote: false };
    super({
      database: {
        close: () => database.close(),
        prepare(sql) {
          const statement = database.prepare(sql);
          if (!(statement as { readonly?: boolean }).readonly) use.wrote = true;
          return statement;
        },
      },
    });
    this.#use = use;
    this.#inTransaction = inTransaction;
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    await this.#lock.take();
    this.#use.wrote = false;
    this.#connection ??= await super.acquireConnection();
    return this.#connection;
  }

  override async releaseConnection(): Promise<void> {
    const group = this.#group;
    const wrote = this.#use.wrote;
    this.#dropGroupSqliteRolledBack();
    this.#lock.give();
    if (group && wrote) await group.committed;
  }

  /**
   * BEGIN IMMEDIATE for the group's first transaction: the write lock is taken up front, so two
   * processes never deadlock upgrading a read lock (busy_timeout then queues them).
   */
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    this.#dropGroupSqliteRolledBack();
    if (!this.#group) {
      await connection.executeQuery(raw('begin immediate'));
      this.#group = newGroup();
      setImmediate(() => void this.#commit());
    }
    await connection.executeQuery(raw(`savepoint ${SAVEPOINT}`));
  }

  override async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(raw(`release ${SAVEPOINT}`));
  }

  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    // SQLite may have rolled back the whole group already (the error that brought us here):
    // releaseConnection then fails the group.
    if (!this.#inTransaction()) return;
    await connection.executeQuery(raw(`rollback to ${SAVEPOINT}`));
    await connection.executeQuery(raw(`release ${SAVEPOINT}`));
  }

  override async destroy(): Promise<void> {
    await this.#commit();
    await super.destroy();
  }

  /** Commits the open group once nobody is in the middle of a transaction (they hold the lock). */
  async #commit(): Promise<void> {
    if (!this.#group) return;
    await this.#lock.take();
    // another call may have committed it (destroy() and the end of the turn) or dropped it meanwhile
    const group = this.#group;
    this.#group = undefined;
    try {
      if (!group) return;
      if (!this.#inTransaction()) throw new GroupRolledBackError();
      await this.#connection!.executeQuery(raw('commit'));
      group.resolve();
    } catch (error) {
      if (this.#inTransaction()) await this.#connection!.executeQuery(raw('rollback')).catch(() => undefined);
      group?.reject(error);
    } finally {
      this.#lock.give();
    }
  }

  /** A group SQLite rolled back by itself (disk full, I/O error) fails its members and is dropped. */
  #dropGroupSqliteRolledBack(): void {
    if (!this.#group || this.#inTransaction()) return;
    this.#group.reject(new GroupRolledBackError());
    this.#group = undefined;
  }
}

/**
 * SQLite's adapter for the driver above. It says SQLite runs DDL inside transactions (true;
 * Kysely's adapter says no, so its migrator would run without any lock and two processes
 * starting on a fresh file both created the tables: in a transaction, BEGIN IMMEDIATE makes it a
 * lock across processes), and that several connections are fine: the driver keeps them to one.
 */
export class GroupCommitSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
  override get supportsMultipleConnections(): boolean {
    return true;
  }
}
