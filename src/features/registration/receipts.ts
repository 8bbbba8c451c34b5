/**
 * Receipts for paid registrations, numbered per edition: "<year>-<6 digits>" (2024-000123).
 * A number is taken in the transaction that applies the payment, from a counter row per
 * edition incremented with UPDATE … RETURNING (the row lock makes concurrent payments wait in
 * turn); the receipt table's unique number and (edition, seq) back it up.
 */
import type { PaymentTable, ReceiptTable, RegistrationTable } from '../../db/schema.ts';
import type { Executor, Trx } from '../../db/transaction.ts';
import { str, type Locale } from '../../i18n/locale.ts';
import type { Deps } from '../deps.ts';
import { iso } from '../shared/clock.ts';

export const receiptNumber = (year: string, seq: number) => `${year}-${String(seq).padStart(6, '0')}`;

async function nextSeq(trx: Trx, edition: string): Promise<number> {
  await trx
    .insertInto('receipt_counter')
    .values({ edition, last: 0 })
    .onConflict((oc) => oc.column('edition').doNothing())
    .execute();
  const row = await trx
    .updateTable('receipt_counter')
    .set((eb) => ({ last: eb('last', '+', 1) }))
    .where('edition', '=', edition)
    .returning('last')
    .executeTakeFirstOrThrow();
  return Number(row.last);
}

/** The receipt of this payment, issued now (once per payment: a second call returns the first). */
export async function issueReceipt(trx: Trx, deps: Deps, reg: RegistrationTable, payment: PaymentTable): Promise<ReceiptTable> {
  const existing = await trx.selectFrom('receipt').selectAll().where('payment_id', '=', payment.id).executeTakeFirst();
  if (existing) return existing;
  const seq = await nextSeq(trx, deps.catalog.edition);
  const locale: Locale = reg.locale === 'zh' ? 'zh' : 'en';
  const ticket = deps.catalog.tickets.find((t) => t.id === reg.ticket_id);
  const row: ReceiptTable = {
    number: receiptNumber(deps.catalog.event.startDate.slice(0, 4), seq),
    edition: deps.catalog.edition,
    seq,
    registration_id: reg.id,
    payment_id: payment.id,
    payer: reg.name,
    item: ticket ? str(ticket.name, locale) : reg.ticket_id,
    amount_cents: payment.amount_cents,
    currency: payment.currency,
    method: payment.provider,
    issued_at: iso(deps.clock.now()),
  };
  await trx.insertInto('receipt').values(row).execute();
  return row;
}

/** The latest receipt of a registration, if it was paid. */
export async function findReceipt(db: Executor, registrationId: string): Promise<ReceiptTable | undefined> {
  return db.selectFrom('receipt').selectAll().where('registration_id', '=', registrationId).orderBy('seq', 'desc').executeTakeFirst();
}

/** An amount with the currency's symbol in the reader's language: "¥1,200.00". */
export function formatWithSymbol(cents: number, currency: string, locale: Locale): string {
  return new Intl.NumberFormat(locale === 'zh' ? 'zh-CN' : 'en-US', {
    style: 'currency',
    currency,
    currencyDisplay: 'narrowSymbol',
  }).format(cents / 100);
}
