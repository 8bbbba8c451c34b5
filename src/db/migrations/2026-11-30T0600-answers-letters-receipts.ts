import type { Kysely } from 'kysely';

/*
 * Answers to the custom questions of content, invitation letters as a request (state, decision,
 * the extra passport details, sealed), invoice details for paid registrations, and receipts
 * numbered per edition.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are frozen in time: no app types */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('registration_answer')
    .addColumn('registration_id', 'text', (c) => c.notNull())
    .addColumn('question_id', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('registration_answer_pk', ['registration_id', 'question_id'])
    .execute();
  await db.schema
    .alterTable('registration')
    .addColumn('letter_state', 'text', (c) => c.notNull().defaultTo('none'))
    .execute();
  for (const column of ['letter_decided_at', 'letter_note', 'birth_date_enc', 'passport_expiry_enc', 'invoice_title', 'tax_number']) {
    await db.schema.alterTable('registration').addColumn(column, 'text').execute();
  }
  // Letters asked for before this change were handed out at once: they count as approved.
  await db.updateTable('registration').set({ letter_state: 'approved' }).where('letter_requested', '=', 1).execute();
  await db.schema
    .createTable('receipt_counter')
    .addColumn('edition', 'text', (c) => c.primaryKey())
    .addColumn('last', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('receipt')
    .addColumn('number', 'text', (c) => c.primaryKey())
    .addColumn('edition', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('registration_id', 'text', (c) => c.notNull())
    .addColumn('payment_id', 'text', (c) => c.notNull().unique())
    .addColumn('payer', 'text', (c) => c.notNull())
    .addColumn('item', 'text', (c) => c.notNull())
    .addColumn('amount_cents', 'integer', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('receipt_edition_seq', ['edition', 'seq'])
    .execute();
  await db.schema.createIndex('receipt_registration').on('receipt').column('registration_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('receipt').execute();
  await db.schema.dropTable('receipt_counter').execute();
  for (const column of [
    'tax_number',
    'invoice_title',
    'passport_expiry_enc',
    'birth_date_enc',
    'letter_note',
    'letter_decided_at',
    'letter_state',
  ]) {
    await db.schema.alterTable('registration').dropColumn(column).execute();
  }
  await db.schema.dropTable('registration_answer').execute();
}
