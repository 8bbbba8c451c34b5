/**
 * Two instances (two pools, two threads) changing the same registrations and bookings at
 * once: cancels, session changes, re-registrations, slot moves, party-size changes, new
 * bookings, and the waiting-list promotions they set off. No visitor may see an error, and
 * the seats must add up exactly afterwards. On PostgreSQL no transaction may deadlock
 * either: every path takes its locks in one order (src/db/transaction.ts), the retry in
 * inTransaction is only a safety net.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, dialects, type TestDb } from '../support/databases.ts';
import { churnOps, churnSetup, deadlocksDetected, runInstances, seatViolations, seedCrowd } from '../support/churn.ts';

describe.each(dialects)('churn from two instances on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(dialect);
  });
  afterAll(() => t.drop());

  it('test_700_concurrent_changes_from_two_instances_give_no_error_and_exact_seats', async () => {
    const setup = churnSetup();
    const crowd = await seedCrowd(t, setup);
    const seed = Number(process.env.CHURN_SEED ?? Date.now() % 100_000);
    const ops = churnOps(crowd, 700, seed);
    const started = performance.now();
    const outcomes = await runInstances(t.url, setup, [ops.slice(0, 350), ops.slice(350)]);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const tally: Record<string, number> = {};
    for (const o of outcomes) tally[o.replace(/^error.*/, 'error')] = (tally[o.replace(/^error.*/, 'error')] ?? 0) + 1;
    console.log(`churn on ${dialect}, seed ${seed}: ${JSON.stringify(tally)} in ${seconds} s`);
    expect(outcomes).toHaveLength(700);
    expect(
      outcomes.filter((o) => o.startsWith('error')),
      `seed ${seed}`,
    ).toEqual([]);
    expect(outcomes.filter((o) => o === 'ok').length).toBeGreaterThan(200);
    expect(await seatViolations(t, setup), `seed ${seed}`).toEqual([]);
    if (dialect === 'postgres') expect(await deadlocksDetected(t), `seed ${seed}`).toBe(0);
  }, 180_000);
});
