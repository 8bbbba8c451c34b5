import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are frozen in time: no app types */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('booking')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('edition', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull().references('person.id'))
    .addColumn('slot_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('party_size', 'integer', (c) => c.notNull())
    .addColumn('contact_name', 'text', (c) => c.notNull())
    .addColumn('organization', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('guide_language', 'text', (c) => c.notNull())
    .addColumn('accessibility', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    // JSON [{name, organization, documentType?}]: document numbers never go here
    .addColumn('visitors', 'text', (c) => c.notNull())
    .addColumn('id_documents_enc', 'text')
    .addColumn('id_purge_after', 'text')
    .addColumn('id_purged_at', 'text')
    .addColumn('consent_at', 'text', (c) => c.notNull())
    .addColumn('reminder_sent_at', 'text')
    .addColumn('cancelled_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // One live booking per person and slot; a cancelled one may be booked again.
  await db.schema
    .createIndex('booking_one_live_per_person_slot')
    .on('booking')
    .columns(['edition', 'person_id', 'slot_id'])
    .unique()
    .where(sql.ref('status'), '<>', 'cancelled')
    .execute();
  await db.schema.createIndex('booking_slot_waitlist').on('booking').columns(['slot_id', 'status', 'created_at']).execute();
  await db.schema.createIndex('booking_id_purge').on('booking').columns(['status', 'id_purge_after']).execute();
  await db.schema.createIndex('booking_person').on('booking').column('person_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('booking').execute();
}
