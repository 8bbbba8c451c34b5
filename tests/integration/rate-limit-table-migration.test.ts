/**
 * The migration that keeps SQLite's rate_limit rows in key order (WITHOUT ROWID): the counts
 * are carried over both ways, and counting goes on as before. PostgreSQL: nothing changes.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import * as withoutRowid from '../../src/db/migrations/2026-12-07T0500-rate-limit-without-rowid.ts';
import { hitRateLimit } from '../../src/features/identity/identity.repository.ts';
import { createTestDb, dialects, type TestDb } from '../support/databases.ts';

const later = '2030-01-01T00:00:00.000Z';
const now = '2026-12-07T05:00:00.000Z';

describe.each(dialects)('rate_limit table migration on %s', (dialect) => {
  const dbs: TestDb[] = [];
  afterAll(async () => {
    for (const t of dbs) await t.drop();
  });

  /** Whether SQLite stores the table by key (no rowid); null on PostgreSQL. */
  async function byKey(t: TestDb): Promise<boolean | null> {
    if (dialect !== 'sqlite') return null;
    const { rows } = await sql<{ wr: number }>`select wr from pragma_table_list where name = 'rate_limit'`.execute(t.db);
    return rows[0].wr === 1;
  }

  it('test_counts_survive_the_migration_down_and_up_and_counting_goes_on', async () => {
    const t = await createTestDb(dialect);
    dbs.push(t);
    const db = t.db as unknown as Kysely<any>;
    expect(await byKey(t)).toBe(dialect === 'sqlite' ? true : null);
    for (let i = 0; i < 3; i++) await hitRateLimit(t.db, 'register:client-a:1', later, now);
    await hitRateLimit(t.db, 'register-email:b:1', later, now);

    await withoutRowid.down(db);
    expect(await byKey(t)).toBe(dialect === 'sqlite' ? false : null);
    expect(await hitRateLimit(t.db, 'register:client-a:1', later, now)).toBe(4);

    await withoutRowid.up(db);
    expect(await byKey(t)).toBe(dialect === 'sqlite' ? true : null);
    expect(await hitRateLimit(t.db, 'register:client-a:1', later, now)).toBe(5);
    expect(await hitRateLimit(t.db, 'register-email:b:1', later, now)).toBe(2);
    expect(await hitRateLimit(t.db, 'register:client-c:1', later, now)).toBe(1);
  });
});
