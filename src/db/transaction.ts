/**
 * The one transaction convention. Repositories take an `Executor` (the database or an open
 * transaction) as their first argument; services open a transaction with `inTransaction`
 * and pass the `Trx` down, so every change and the outbox row reporting it commit together.
 *
 * Lock order (PostgreSQL locks rows; two transactions that lock the same rows in opposite
 * orders deadlock). Every transaction takes its locks in this order:
 *   1. capacity rows, in id order, all the ones it may touch, as its first statements:
 *      every session's row for registration seats (`lockSessionSeats`: register, change of
 *      session, cancel, hold expiry, payment), the slot(s) of a booking (`lockSlots`: book,
 *      move, resize, cancel, withdrawn slot);
 *   2. then the person (created on first use), then the registration or booking it changes,
 *      read only now, so that it acts on the latest committed state;
 *   3. then the waiting registrations or bookings it promotes;
 *   4. new rows nobody else can hold yet (seat holds, outbox, access tokens).
 * A registration counts its form's rate limits in its own transaction, before any capacity row
 * (rate-limit rows are shared by the forms of one client or one address, nothing else locks them).
 * A transaction that locks one existing row and otherwise only inserts (approval, reminder
 * claim, payment attempt) needs no capacity lock: it never waits while holding a lock others want.
 * A new registration first tries the other way round (registration.service.ts): its new rows,
 * then its seats in id order and the invitation code's use as its last statements, so the
 * main-forum row every registration updates is locked only until the commit (on PostgreSQL the
 * seat takes travel in the COMMIT's own message: takeSeatsAtCommit). One that finds a seat
 * missing is, on PostgreSQL, written as waiting the same way round: its new rows, then the
 * wanted seats' rows locked FOR SHARE, checked still full, with the COMMIT (requireSeatsGoneAtCommit),
 * so waiting registrations share those locks instead of queueing. The one crossing
 * this allows: the same address sent twice at the same instant while a seat has run out (one
 * attempt then waits for its seats while the other, already holding them, waits for its new
 * row); PostgreSQL aborts one of the two and the retry below runs it again.
 * Reads take no locks. Proven by tests/integration/churn.test.ts (no deadlock detected).
 */
import { PostgresAdapter, sql, type Kysely, type Transaction } from 'kysely';
import { errorCode } from './errors.ts';
import type { Database } from './schema.ts';

/** The database or an open transaction: what a repository function runs its queries on. */
export type Executor = Kysely<Database> | Transaction<Database>;
/** An open transaction. */
export type Trx = Transaction<Database>;

/** How often a transaction the database aborted to break a deadlock is run again. */
const maxAttempts = 5;

/**
 * PostgreSQL aborts one of two transactions that wait on each other (40P01) or that it
 * cannot serialise (40001); running it again is the documented remedy. With the lock order
 * above neither should happen: the retry is a safety net, not the fix. SQLite transactions
 * begin IMMEDIATE and queue instead, so they never deadlock.
 */
export function isRetryableConflict(error: unknown): boolean {
  const code = errorCode(error);
  return code === '40P01' || code === '40001';
}

/**
 * Run `work` in one transaction: committed when it resolves, rolled back when it throws.
 * A transaction aborted by a deadlock or serialisation conflict is run again (a few times,
 * after a short random pause), so `work` must do database work only: no email, no calls
 * to a payment provider (those go through the outbox or happen after the commit). Its
 * queries run on `trx`; it must not await a write made on `db` (on SQLite that write resolves
 * when the turn's transactions commit, which waits for this one: sqlite-commit-groups.ts).
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

/** The statement `sendWritesLater` sends: answered by the client (pg-client.ts), never sent to the server. */
export const writesLaterSignal = '/* forum: writes later */';

/**
 * From here to the end of the transaction, on PostgreSQL, an INSERT that returns nothing travels
 * with the next statement instead of in a round trip of its own (pg-client.ts): for a
 * transaction that mostly writes new rows. Such an INSERT's error is raised by that next
 * statement (at the latest the COMMIT), and its result carries no row count. Nothing changes on
 * SQLite, which has no round trips.
 */
export async function sendWritesLater(trx: Trx): Promise<void> {
  // getExecutor() is marked internal in Kysely's types; it is how a transaction tells its dialect.
  if (trx.getExecutor().adapter instanceof PostgresAdapter) await sql.raw(writesLaterSignal).execute(trx);
}
