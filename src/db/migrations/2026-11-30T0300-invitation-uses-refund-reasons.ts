import type { Kysely } from 'kysely';

/*
 * Uses of each invitation code (the limit itself is content: maxUses in the ticket file), and
 * why a payment was refunded (a duplicate payment, no seat left, a cancellation).
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are frozen in time: no app types */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('invitation_code_use')
    .addColumn('ticket_id', 'text', (c) => c.notNull())
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('uses', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('invitation_code_use_pk', ['ticket_id', 'code_hash'])
    .execute();
  await db.schema.alterTable('payment').addColumn('refund_reason', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('payment').dropColumn('refund_reason').execute();
  await db.schema.dropTable('invitation_code_use').execute();
}
