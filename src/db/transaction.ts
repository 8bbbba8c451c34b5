/**
 * The one transaction convention. Repositories take an `Executor` (the database or an open
 * transaction) as their first argument; services open a transaction with `inTransaction`
 * and pass the `Trx` down, so every change and the outbox row reporting it commit together.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.ts';

/** The database or an open transaction: what a repository function runs its queries on. */
export type Executor = Kysely<Database> | Transaction<Database>;
/** An open transaction. */
export type Trx = Transaction<Database>;

/** Run `work` in one transaction: committed when it resolves, rolled back when it throws. */
export function inTransaction<T>(db: Kysely<Database>, work: (trx: Trx) => Promise<T>): Promise<T> {
  return db.transaction().execute(work);
}
