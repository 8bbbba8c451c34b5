import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { releaseSeats, resizeSeats, seatsLeft, syncCapacities, takeSeats } from '../../src/features/capacity/capacity.repository.ts';
import { inTransaction } from '../../src/db/transaction.ts';
import { createTestDb, dialects, type TestDb } from '../support/databases.ts';

const now = '2024-12-01T00:00:00.000Z';

describe.each(dialects)('capacity on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(dialect, { poolSize: 20 });
  });
  afterAll(() => t.drop());

  it('test_concurrent_takes_never_exceed_the_limit', async () => {
    await syncCapacities(
      t.db,
      [
        { id: 'session:a', limit: 100 },
        { id: 'session:main', limit: 1000 },
      ],
      now,
    );
    const results = await Promise.all(
      Array.from({ length: 500 }, (_, i) =>
        inTransaction(t.db, (trx) =>
          takeSeats(
            trx,
            `owner-${i}`,
            [
              { capacityId: 'session:main', seats: 1 },
              { capacityId: 'session:a', seats: 1 },
            ],
            now,
          ),
        ),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(100);
    const left = await seatsLeft(t.db, ['session:a', 'session:main']);
    expect(left.get('session:a')).toEqual({ limit: 100, taken: 100, left: 0 });
    // The 400 refused owners gave back their main-forum seat.
    expect(left.get('session:main')?.taken).toBe(100);
    const holds = await t.db
      .selectFrom('seat_hold')
      .where('owner_id', 'like', 'owner-%')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(holds.n)).toBe(200);
  });

  it('test_release_and_resize_keep_counts_exact', async () => {
    await syncCapacities(t.db, [{ id: 'visit:x', limit: 10 }], now);
    await inTransaction(t.db, (trx) => takeSeats(trx, 'b1', [{ capacityId: 'visit:x', seats: 4 }], now));
    expect(await inTransaction(t.db, (trx) => resizeSeats(trx, 'b1', 'visit:x', 11, now))).toBe(false);
    expect(await inTransaction(t.db, (trx) => resizeSeats(trx, 'b1', 'visit:x', 10, now))).toBe(true);
    expect((await seatsLeft(t.db, ['visit:x'])).get('visit:x')?.left).toBe(0);
    expect(await inTransaction(t.db, (trx) => releaseSeats(trx, 'b1', now))).toEqual(['visit:x']);
    expect((await seatsLeft(t.db, ['visit:x'])).get('visit:x')?.left).toBe(10);
  });

  it('test_sync_keeps_taken_seats_and_applies_new_limits', async () => {
    await syncCapacities(t.db, [{ id: 'session:sync', limit: 5 }], now);
    for (const owner of ['s1', 's2', 's3']) {
      await inTransaction(t.db, (trx) => takeSeats(trx, owner, [{ capacityId: 'session:sync', seats: 1 }], now));
    }
    await syncCapacities(t.db, [{ id: 'session:sync', limit: 8 }], now);
    expect((await seatsLeft(t.db, ['session:sync'])).get('session:sync')).toEqual({ limit: 8, taken: 3, left: 5 });
    // A lower limit than the seats taken keeps every seat and leaves none.
    await syncCapacities(t.db, [{ id: 'session:sync', limit: 2 }], now);
    expect((await seatsLeft(t.db, ['session:sync'])).get('session:sync')).toEqual({ limit: 2, taken: 3, left: 0 });
  });
});
