/**
 * PostgreSQL only (SQLite takes its seats the ordinary way): takeSeatsAndCommit sends the seat
 * takes and the COMMIT in one message. A missing seat must raise SEAT0 and leave nothing of the
 * transaction behind, and the connection must go back to the pool ready for the next one.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { isSeatMissing } from '../../src/db/errors.ts';
import { inTransaction } from '../../src/db/transaction.ts';
import { seatsLeft, syncCapacities, takeSeatsAndCommit } from '../../src/features/capacity/capacity.repository.ts';
import { createTestDb, type TestDb } from '../support/databases.ts';

const now = '2024-12-01T00:00:00.000Z';

describe('seats taken with the commit on postgres', () => {
  let t: TestDb;
  afterEach(async () => t?.drop());

  /** A row written earlier in the same transaction: it commits with the seats or not at all. */
  const person = (trx: Parameters<Parameters<typeof inTransaction>[1]>[0], id: string) =>
    trx
      .insertInto('person')
      .values({ id, email: `${id}@example.org`, created_at: now })
      .execute();

  const holdsAt = async (capacityId: string) =>
    (await t.db.selectFrom('seat_hold').select('owner_id').where('capacity_id', '=', capacityId).execute()).map((h) => h.owner_id).sort();

  it('test_a_missing_seat_raises_seat0_commits_nothing_and_leaves_the_connection_clean', async () => {
    // One connection: the refused transaction's connection is the one the next transactions get.
    t = await createTestDb('postgres', { poolSize: 1 });
    await syncCapacities(
      t.db,
      [
        { id: 'session:x', limit: 2 },
        { id: 'session:y', limit: 5 },
      ],
      now,
    );
    const take = async (owner: string, seats: number) => {
      try {
        await inTransaction(t.db, async (trx) => {
          await person(trx, owner);
          await takeSeatsAndCommit(
            trx,
            owner,
            [
              { capacityId: 'session:y', seats: 1 },
              { capacityId: 'session:x', seats },
            ],
            now,
          );
        });
        return 'taken';
      } catch (error) {
        if (isSeatMissing(error)) return 'missing';
        throw error;
      }
    };

    expect(await take('a', 2)).toBe('taken');
    expect(await take('b', 1)).toBe('missing');
    expect(await take('c', 3)).toBe('missing');
    // Nothing of the refused ones: no person, no hold, and y's seat taken before x was refused given back.
    const people = await t.db.selectFrom('person').select('id').orderBy('id').execute();
    expect(people.map((p) => p.id)).toEqual(['a']);
    expect(await holdsAt('session:x')).toEqual(['a']);
    expect(await holdsAt('session:y')).toEqual(['a']);
    const left = await seatsLeft(t.db, ['session:x', 'session:y']);
    expect(left.get('session:x')).toEqual({ limit: 2, taken: 2, left: 0 });
    expect(left.get('session:y')).toEqual({ limit: 5, taken: 1, left: 4 });
    // The same connection runs an ordinary transaction next, outside any leftover one.
    await inTransaction(t.db, (trx) => person(trx, 'd'));
    expect(await t.db.selectFrom('person').select('id').where('id', '=', 'd').executeTakeFirst()).toEqual({ id: 'd' });
  });

  it('test_300_concurrent_takes_of_50_seats_sell_exactly_50_and_refuse_the_rest_with_seat0', async () => {
    t = await createTestDb('postgres', { poolSize: 20 });
    await syncCapacities(t.db, [{ id: 'session:main', limit: 50 }], now);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 300 }, (_, i) =>
        inTransaction(t.db, async (trx) => {
          await person(trx, `p${i}`);
          await takeSeatsAndCommit(trx, `p${i}`, [{ capacityId: 'session:main', seats: 1 }], now);
        }),
      ),
    );
    const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(refused.filter((o) => !isSeatMissing(o.reason))).toEqual([]);
    expect(refused).toHaveLength(250);
    expect((await seatsLeft(t.db, ['session:main'])).get('session:main')).toEqual({ limit: 50, taken: 50, left: 0 });
    // Exactly the owners that succeeded hold a seat and exist.
    const seated = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [`p${i}`] : [])).sort();
    expect(await holdsAt('session:main')).toEqual(seated);
    const people = await t.db.selectFrom('person').select('id').execute();
    expect(people.map((p) => p.id).sort()).toEqual(seated);
  }, 120_000);
});
