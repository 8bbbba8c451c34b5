import { sql, type Kysely } from 'kysely';

/*
 * Access by email only. Magic links can be revoked; signing in with one stores a separate
 * session (its own random token, hashed, with its own expiry) instead of the link itself.
 * New registrations and bookings hold their seats unconfirmed until a link from their
 * mailbox is opened (confirm_by), and lapse after it; a lapsed row is no longer live.
 *
 * Links issued before this migration cannot be told apart from the ones the registration and
 * booking forms handed to whoever typed an address, so every one of them is revoked: people
 * ask for a new link (any later email carries one).
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are frozen in time: no app types */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('access_token').addColumn('revoked_at', 'text').execute();
  await sql`update access_token set revoked_at = ${new Date().toISOString()} where revoked_at is null`.execute(db);
  await db.schema.createIndex('access_token_person').on('access_token').column('person_id').execute();

  await db.schema
    .createTable('access_session')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('person.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('access_session_person').on('access_session').column('person_id').execute();

  await db.schema.alterTable('registration').addColumn('confirm_by', 'text').execute();
  await db.schema.alterTable('booking').addColumn('confirm_by', 'text').execute();
  await db.schema.createIndex('registration_confirm_by').on('registration').columns(['status', 'confirm_by']).execute();
  await db.schema.createIndex('booking_confirm_by').on('booking').columns(['status', 'confirm_by']).execute();

  // A lapsed registration or booking no longer blocks the address from trying again.
  await db.schema.dropIndex('registration_one_live_per_person').execute();
  await db.schema
    .createIndex('registration_one_live_per_person')
    .on('registration')
    .columns(['edition', 'person_id'])
    .unique()
    .where(sql.ref('status'), 'not in', sql`('cancelled', 'expired', 'lapsed')`)
    .execute();
  await db.schema.dropIndex('booking_one_live_per_person_slot').execute();
  await db.schema
    .createIndex('booking_one_live_per_person_slot')
    .on('booking')
    .columns(['edition', 'person_id', 'slot_id'])
    .unique()
    .where(sql.ref('status'), 'not in', sql`('cancelled', 'lapsed')`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('booking_one_live_per_person_slot').execute();
  await db.schema
    .createIndex('booking_one_live_per_person_slot')
    .on('booking')
    .columns(['edition', 'person_id', 'slot_id'])
    .unique()
    .where(sql.ref('status'), '<>', 'cancelled')
    .execute();
  await db.schema.dropIndex('registration_one_live_per_person').execute();
  await db.schema
    .createIndex('registration_one_live_per_person')
    .on('registration')
    .columns(['edition', 'person_id'])
    .unique()
    .where(sql.ref('status'), 'not in', sql`('cancelled', 'expired')`)
    .execute();
  await db.schema.dropIndex('booking_confirm_by').execute();
  await db.schema.dropIndex('registration_confirm_by').execute();
  await db.schema.alterTable('booking').dropColumn('confirm_by').execute();
  await db.schema.alterTable('registration').dropColumn('confirm_by').execute();
  await db.schema.dropTable('access_session').execute();
  await db.schema.dropIndex('access_token_person').execute();
  await db.schema.alterTable('access_token').dropColumn('revoked_at').execute();
}
