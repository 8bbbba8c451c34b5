import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncSlotCapacities } from '../../src/features/visits/visit-jobs.service.ts';
import { createTestDb, dialects, type TestDb } from '../support/databases.ts';
import { makeCatalog, makeDeps } from '../support/deps.ts';
import { slotSeats } from '../support/visits.ts';

function runWorker(data: object): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('../support/book-worker.ts', import.meta.url), { workerData: data });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

// Several connections booking one slot at once (as several server processes would), per database.
describe.each(dialects)('visit bookings from 4 concurrent connections on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(dialect);
  });
  afterAll(() => t.drop());

  it('test_300_bookings_from_4_connections_never_oversell_a_30_seat_slot', async () => {
    await syncSlotCapacities(await makeDeps(t, { catalog: makeCatalog({ slotSeats: 30 }) }));
    const results = (await Promise.all([0, 1, 2, 3].map((index) => runWorker({ url: t.url, count: 75, index, slotSeats: 30 })))).flat();
    expect(results.filter((r) => r.startsWith('error'))).toEqual([]);
    expect(results).toHaveLength(300);
    const confirmedSeats = results.filter((r) => r.startsWith('confirmed:')).reduce((n, r) => n + Number(r.split(':')[1]), 0);
    const seats = await slotSeats(t, 'slot-a');
    expect(seats.taken).toBeLessThanOrEqual(30);
    expect(seats.taken).toBe(confirmedSeats);
    expect(seats.held).toBe(confirmedSeats);
    expect(seats.confirmedSeats).toBe(confirmedSeats);
    // Nothing left unused that a waiting party would have fitted into.
    const waiting = results.filter((r) => r.startsWith('waitlisted:')).map((r) => Number(r.split(':')[1]));
    expect(Math.min(...waiting)).toBeGreaterThan(30 - seats.taken);
  }, 120_000);
});
