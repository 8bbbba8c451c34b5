import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seatsLeft, sessionCapacityId } from '../../src/features/capacity/capacity.repository.ts';
import { createTestDb, dialects, type TestDb } from '../support/databases.ts';
import { registrationSeatViolations } from '../support/choice-invariants.ts';
import { makeCatalog } from '../support/deps.ts';

function runWorker(data: object): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('../support/register-worker.ts', import.meta.url), { workerData: data });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

// Several connections registering at once (as several server processes would), per database.
describe.each(dialects)('registrations from 4 concurrent connections on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(dialect);
  });
  afterAll(() => t.drop());

  it('test_500_registrations_from_4_connections_fill_100_seats_exactly', async () => {
    const results = (
      await Promise.all([0, 1, 2, 3].map((index) => runWorker({ url: t.url, count: 125, index, parallelSeats: 100 })))
    ).flat();
    expect(results.filter((r) => r.startsWith('error'))).toEqual([]);
    expect(results.filter((r) => r === 'confirmed')).toHaveLength(100);
    expect(results.filter((r) => r === 'waitlisted')).toHaveLength(400);
    const left = await seatsLeft(t.db, [sessionCapacityId('p1')]);
    expect(left.get(sessionCapacityId('p1'))).toEqual({ limit: 100, taken: 100, left: 0 });
    const holds = await t.db.selectFrom('seat_hold').select('owner_id').where('capacity_id', '=', sessionCapacityId('p1')).execute();
    expect(holds).toHaveLength(100);
  }, 120_000);

  it('test_1000_registrations_choosing_random_sessions_in_both_blocks_never_oversell_and_wait_only_for_full_sessions', async () => {
    const own = await createTestDb(dialect);
    try {
      const setup = { parallelSeats: 100, mainSeats: 10_000, randomChoices: true };
      const results = (await Promise.all([0, 1, 2, 3].map((index) => runWorker({ url: own.url, count: 250, index, ...setup })))).flat();
      expect(results.filter((r) => r.startsWith('error'))).toEqual([]);
      expect(results.filter((r) => r === 'confirmed')).toHaveLength(1000);
      const capacities = await own.db.selectFrom('capacity').selectAll().execute();
      const holds = await own.db.selectFrom('seat_hold').selectAll().execute();
      for (const c of capacities) {
        expect(c.taken, c.id).toBeLessThanOrEqual(c.seat_limit);
        expect(c.taken, c.id).toBe(holds.filter((h) => h.capacity_id === c.id).reduce((n, h) => n + h.seats, 0));
      }
      const holdsOf = (owner: string) =>
        holds
          .filter((h) => h.owner_id === owner)
          .map((h) => `${h.capacity_id}=${h.seats}`)
          .sort()
          .join(',');
      const left = new Map(capacities.map((c) => [c.id, c.seat_limit - c.taken]));
      const catalog = makeCatalog({ parallelSeats: setup.parallelSeats, mainSeats: setup.mainSeats });
      expect((await registrationSeatViolations(own, catalog, holdsOf, left)).problems).toEqual([]);
      // Random choices across both blocks filled every session; some choices wait.
      const waiting = await own.db.selectFrom('session_choice').select('session_id').where('status', '=', 'waiting').execute();
      expect(waiting.length).toBeGreaterThan(0);
      for (const id of ['p1', 'p2', 'p3', 'p4']) expect(left.get(sessionCapacityId(id)), id).toBe(0);
    } finally {
      await own.drop();
    }
  }, 300_000);
});
