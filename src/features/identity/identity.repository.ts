import { sql } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Executor } from '../../db/transaction.ts';
import { runPrepared } from '../../db/prepared.ts';

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

/**
 * Count one hit for key in its window; returns the hits so far (an expired window starts over).
 * One statement: it runs on every public form post.
 */
export async function hitRateLimit(db: Executor, key: string, expiresAt: string, now: string): Promise<number> {
  const { rows } = await runPrepared(db, 'hitRateLimit', { key, expiresAt, now }, (v) =>
    db
      .insertInto('rate_limit')
      .values({ key: v.key, hits: 1, expires_at: v.expiresAt })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          hits: sql<number>`case when ${sql.ref('rate_limit.expires_at')} < ${v.now} then 1 else ${sql.ref('rate_limit.hits')} + 1 end`,
          expires_at: (eb) => eb.ref('excluded.expires_at'),
        }),
      )
      .returning('hits'),
  );
  if (!rows[0]) throw new Error('rate limit: the upsert returned no row');
  return Number(rows[0].hits);
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
