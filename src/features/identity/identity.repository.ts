import { PostgresAdapter, sql } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Executor, Trx } from '../../db/transaction.ts';
import { insertRow, runPrepared, runPreparedRaw } from '../../db/prepared.ts';

export async function findPersonByEmail(db: Executor, email: string) {
  return db.selectFrom('person').selectAll().where('email', '=', email).executeTakeFirst();
}

/** The person a logged-in visitor is (their address receives the booking emails). */
export async function findPersonById(db: Executor, id: string) {
  return db.selectFrom('person').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * The person with this email, created on first use (one identity across registration and
 * visits). `created`: the row is new in this transaction, so nothing can refer to it yet.
 * A new address costs one statement; a known one a second (the insert returns no row).
 */
export async function ensurePerson(db: Executor, email: string, id: string, now: string): Promise<{ id: string; created: boolean }> {
  const { rows } = await runPrepared(db, 'ensurePerson', { id, email, now }, (v) =>
    db
      .insertInto('person')
      .values({ id: v.id, email: v.email, created_at: v.now })
      .onConflict((oc) => oc.column('email').doNothing())
      .returning('id'),
  );
  const inserted = rows[0];
  if (inserted) return { id: inserted.id, created: true };
  const row = await db.selectFrom('person').select('id').where('email', '=', email).executeTakeFirstOrThrow();
  return { id: row.id, created: false };
}

/** A new person; an address that has one already breaks the unique email (isUniqueViolation). */
export async function insertPerson(db: Executor, row: Database['person']): Promise<void> {
  await insertRow(db, 'person', row);
}

/** The id of the person with this email, created on first use. */
export async function upsertPerson(db: Executor, email: string, id: string, now: string): Promise<string> {
  return (await ensurePerson(db, email, id, now)).id;
}

export async function insertAccessToken(db: Executor, row: Database['access_token']) {
  await db.insertInto('access_token').values(row).execute();
}

export async function findAccessToken(db: Executor, tokenHash: string) {
  return db.selectFrom('access_token').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** Every link of the person stops working (sign out everywhere, cancellation). */
export async function revokeLinksOf(db: Executor, personId: string, now: string) {
  await db.updateTable('access_token').set({ revoked_at: now }).where('person_id', '=', personId).where('revoked_at', 'is', null).execute();
}

export async function insertSession(db: Executor, row: Database['access_session']) {
  await db.insertInto('access_session').values(row).execute();
}

export async function findSession(db: Executor, tokenHash: string) {
  return db.selectFrom('access_session').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

export async function revokeSession(db: Executor, tokenHash: string, now: string) {
  await db
    .updateTable('access_session')
    .set({ revoked_at: now })
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .execute();
}

export async function revokeSessionsOf(db: Executor, personId: string, now: string) {
  await db
    .updateTable('access_session')
    .set({ revoked_at: now })
    .where('person_id', '=', personId)
    .where('revoked_at', 'is', null)
    .execute();
}

/** A rate-limit window to count a hit in. */
export interface RateLimitHit {
  key: string;
  expiresAt: string;
}

/**
 * Count one hit for each key in its window; returns the hits so far per key, in the order
 * given (an expired window starts over). One statement, whatever the number of keys: it runs
 * on every public form post (a registration counts its client and its address together).
 */
export async function hitRateLimits(db: Executor, hits: RateLimitHit[], now: string): Promise<number[]> {
  const values: Record<string, string> = { now };
  hits.forEach((hit, i) => {
    values[`key${i}`] = hit.key;
    values[`expiresAt${i}`] = hit.expiresAt;
  });
  const { rows } = await runPrepared(db, `hitRateLimits×${hits.length}`, values, (v) =>
    db
      .insertInto('rate_limit')
      .values(hits.map((_, i) => ({ key: v[`key${i}`], hits: 1, expires_at: v[`expiresAt${i}`] })))
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          hits: sql<number>`case when ${sql.ref('rate_limit.expires_at')} < ${v.now} then 1 else ${sql.ref('rate_limit.hits')} + 1 end`,
          expires_at: (eb) => eb.ref('excluded.expires_at'),
        }),
      )
      .returning(['key', 'hits']),
  );
  const counted = new Map(rows.map((row) => [row.key, Number(row.hits)]));
  return hits.map((hit) => {
    const count = counted.get(hit.key);
    if (count === undefined) throw new Error('rate limit: the upsert returned no row for a key');
    return count;
  });
}

/** A window counted inside a transaction, with the hits it allows. */
export interface LimitedHit extends RateLimitHit {
  limit: number;
}

/**
 * PostgreSQL: count one hit for each key in its window inside the open transaction, each the
 * CALL of count_hit (migration 2026-12-07T1300), which raises SQLSTATE LIMIT (limitPassed in
 * db/errors.ts: its detail is the window's index) past a limit, so the transaction is rolled
 * back with its counts. A CALL returns nothing: after sendWritesLater it travels with the
 * transaction's next message, so counting costs no round trip of its own.
 */
export async function hitRateLimitsWithin(trx: Trx, hits: LimitedHit[], now: string): Promise<void> {
  if (!(trx.getExecutor().adapter instanceof PostgresAdapter)) throw new Error('hitRateLimitsWithin: PostgreSQL only');
  for (const [which, hit] of hits.entries()) {
    const values = { key: hit.key, expiresAt: hit.expiresAt, limit: hit.limit, now, which };
    await runPreparedRaw(trx, 'countHit', values, (v) => sql`call count_hit(${v.key}, ${v.expiresAt}, ${v.limit}, ${v.now}, ${v.which})`);
  }
}

/** Count one hit for key in its window; returns the hits so far (hitRateLimits with one key). */
export async function hitRateLimit(db: Executor, key: string, expiresAt: string, now: string): Promise<number> {
  const [hits] = await hitRateLimits(db, [{ key, expiresAt }], now);
  return hits;
}

/** Take back one hit of key (an attempt that turned out to be legitimate). */
export async function unhitRateLimit(db: Executor, key: string): Promise<void> {
  await db
    .updateTable('rate_limit')
    .set((eb) => ({ hits: eb('hits', '-', 1) }))
    .where('key', '=', key)
    .where('hits', '>', 0)
    .execute();
}

export async function purgeExpiredRateLimits(db: Executor, now: string) {
  await db.deleteFrom('rate_limit').where('expires_at', '<', now).execute();
}
