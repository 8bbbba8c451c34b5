import type { Kysely } from 'kysely';

/*
 * Check-ins at the door: one row per ticket (a registration or a visit booking) and check-in
 * point; the earliest scan is kept when devices that were offline sync later.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are frozen in time: no app types */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('check_in')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('edition', 'text', (c) => c.notNull())
    .addColumn('point_id', 'text', (c) => c.notNull())
    .addColumn('subject_kind', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('people', 'integer', (c) => c.notNull())
    .addColumn('scanned_at', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('client_ref', 'text', (c) => c.notNull())
    .addColumn('staff_id', 'text')
    .addColumn('duplicates', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('check_in_once_per_point', ['point_id', 'subject_id'])
    .execute();
  await db.schema.createIndex('check_in_counts').on('check_in').columns(['edition', 'point_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('check_in').execute();
}
