/**
 * Two transactions that lock the same rows in opposite order deadlock on PostgreSQL; the
 * database aborts one. inTransaction runs the aborted one again, so both complete.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/db/transaction.ts';
import { createTestDb, type TestDb } from '../support/databases.ts';

describe('transactions on postgres', () => {
  let t: TestDb;
  afterEach(async () => t?.drop());

  async function crossedUpdates(run: typeof inTransaction) {
    const now = new Date().toISOString();
    await t.db
      .insertInto('capacity')
      .values([
        { id: 'a', seat_limit: 10, taken: 0, updated_at: now },
        { id: 'b', seat_limit: 10, taken: 0, updated_at: now },
      ])
      .execute();
    // Both hold their first row when they ask for the second: a certain deadlock.
    let arrived = 0;
    let release!: () => void;
    const bothHoldOneRow = new Promise<void>((resolve) => (release = resolve));
    const lockInOrder = (first: string, second: string) =>
      run(t.db, async (trx) => {
        await trx
          .updateTable('capacity')
          .set({ taken: sql`taken + 1` })
          .where('id', '=', first)
          .execute();
        if (++arrived === 2) release();
        await bothHoldOneRow;
        await trx
          .updateTable('capacity')
          .set({ taken: sql`taken + 1` })
          .where('id', '=', second)
          .execute();
      });
    return Promise.allSettled([lockInOrder('a', 'b'), lockInOrder('b', 'a')]);
  }

  it('test_a_deadlocked_transaction_is_run_again_and_both_complete', async () => {
    t = await createTestDb('postgres');
    const outcomes = await crossedUpdates(inTransaction);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled']);
    const rows = await t.db.selectFrom('capacity').select(['id', 'taken']).orderBy('id').execute();
    expect(rows).toEqual([
      { id: 'a', taken: 2 },
      { id: 'b', taken: 2 },
    ]);
  });

  it('test_without_the_retry_the_same_crossing_fails_with_a_deadlock', async () => {
    t = await createTestDb('postgres');
    const once: typeof inTransaction = (db, work) => db.transaction().execute(work);
    const outcomes = await crossedUpdates(once);
    const failures = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(failures.map((f) => (f.reason as { code?: string }).code)).toEqual(['40P01']);
  });
});
