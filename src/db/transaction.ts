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

/** How often a transaction the database aborted to break a deadlock is run again. */
const maxAttempts = 5;

/**
 * PostgreSQL aborts one of two transactions that wait on each other (40P01) or that it
 * cannot serialise (40001); running it again is the documented remedy. SQLite transactions
 * begin IMMEDIATE and queue instead, so they never deadlock.
 */
export function isRetryableConflict(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '40P01' || code === '40001';
}

/**
 * Run `work` in one transaction: committed when it resolves, rolled back when it throws.
 * A transaction aborted by a deadlock or serialisation conflict is run again (a few times,
 * after a short random pause), so `work` must do database work only: no email, no calls
 * to a payment provider (those go through the outbox or happen after the commit).
 */
export async function inTransaction<T>(db: Kysely<Database>, work: (trx: Trx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(work);
    } catch (error) {
      if (!isRetryableConflict(error) || attempt >= maxAttempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}
