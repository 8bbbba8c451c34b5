import { sql, type Kysely } from 'kysely';

/*
 * The relay's queries stay cheap however many emails wait. With one index on (status,
 * next_attempt_at), SQLite (which has no statistics until ANALYZE) took it for every outbox
 * query that named `status = 'pending'`: picking the due rows meant sorting every pending row,
 * and the lease updates by id or by worker walked them all. With 9,000 emails queued by a
 * registration burst that was 15–20 ms per claim, with the process blocked (SQLite answers
 * synchronously). Now:
 *   - outbox_due: the pending rows only, in the order they fall due (the claim reads the first
 *     few and stops);
 *   - outbox_locked: the rows a relay holds (a lease), usually a batch;
 *   - outbox_batch: the pending rows of a provider batch request (after a crash).
 * A sent or failed row is in none of them (it holds no lease either); a waiting row nobody holds
 * is only in the first.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are frozen in time: no app types */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('outbox_due').execute();
  await db.schema
    .createIndex('outbox_due')
    .on('outbox')
    .columns(['next_attempt_at', 'created_at'])
    .where(sql.ref('status'), '=', 'pending')
    .execute();
  await db.schema
    .createIndex('outbox_locked')
    .on('outbox')
    .column('locked_by')
    .where((eb) => eb('locked_by', 'is not', null))
    .execute();
  await db.schema
    .createIndex('outbox_batch')
    .on('outbox')
    .column('provider_id')
    .where(sql<boolean>`status = 'pending' and provider_id is not null`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('outbox_batch').execute();
  await db.schema.dropIndex('outbox_locked').execute();
  await db.schema.dropIndex('outbox_due').execute();
  await db.schema.createIndex('outbox_due').on('outbox').columns(['status', 'next_attempt_at']).execute();
}
