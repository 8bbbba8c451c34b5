import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seatsLeft, sessionCapacityId } from '../../src/features/capacity/capacity.repository.ts';
import { createTestDb, dialects, type TestDb } from '../support/databases.ts';

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
});
