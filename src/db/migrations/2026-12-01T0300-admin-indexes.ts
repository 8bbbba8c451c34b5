import type { Kysely } from 'kysely';

/*
 * The organizers' registration list: an index for the default listing (edition, newest first),
 * one for the outbox rows of a registration (by recipient), and staff notes on registrations.
 * Payments recorded by staff (bank transfers) use the provider value 'offline', with the bank's
 * reference and the day the money arrived.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are frozen in time: no app types */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('payment').addColumn('offline_reference', 'text').execute();
  await db.schema.alterTable('payment').addColumn('paid_on', 'text').execute();
  await db.schema.createIndex('registration_admin_list').on('registration').columns(['edition', 'created_at']).execute();
  await db.schema.createIndex('outbox_recipient').on('outbox').columns(['recipient', 'created_at']).execute();
  await db.schema.createIndex('audit_log_subject').on('audit_log').columns(['subject_id', 'at']).execute();
  await db.schema
    .createTable('registration_note')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('registration_id', 'text', (c) => c.notNull())
    .addColumn('author_user_id', 'text')
    .addColumn('author_email', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('registration_note_of').on('registration_note').columns(['registration_id', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('registration_note').execute();
  await db.schema.dropIndex('audit_log_subject').execute();
  await db.schema.dropIndex('outbox_recipient').execute();
  await db.schema.dropIndex('registration_admin_list').execute();
  await db.schema.alterTable('payment').dropColumn('paid_on').execute();
  await db.schema.alterTable('payment').dropColumn('offline_reference').execute();
}
