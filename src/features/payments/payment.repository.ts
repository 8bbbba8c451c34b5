import type { Updateable } from 'kysely';
import type { PaymentStatus, PaymentTable } from '../../db/schema.ts';
import type { Executor } from '../../db/transaction.ts';

export async function insertPayment(db: Executor, row: PaymentTable) {
  await db.insertInto('payment').values(row).execute();
}

export async function findPaymentByCheckout(db: Executor, checkoutId: string) {
  return db.selectFrom('payment').selectAll().where('checkout_id', '=', checkoutId).executeTakeFirst();
}

/** The registration's most recent payment attempt. */
export async function latestPayment(db: Executor, registrationId: string) {
  return db
    .selectFrom('payment')
    .selectAll()
    .where('registration_id', '=', registrationId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

/** When the registration's first payment attempt (its first checkout) was made; undefined before any. */
export async function firstPaymentAt(db: Executor, registrationId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('payment')
    .select('created_at')
    .where('registration_id', '=', registrationId)
    .orderBy('created_at')
    .executeTakeFirst();
  return row?.created_at;
}

export async function paymentTransition(
  db: Executor,
  id: string,
  from: PaymentStatus[],
  patch: Updateable<PaymentTable>,
): Promise<boolean> {
  const result = await db.updateTable('payment').set(patch).where('id', '=', id).where('status', 'in', from).executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export async function updatePayment(db: Executor, id: string, patch: Updateable<PaymentTable>) {
  await db.updateTable('payment').set(patch).where('id', '=', id).execute();
}

/** Record a Stripe event id once; false when it was already there. */
export async function recordStripeEvent(db: Executor, id: string, type: string, now: string): Promise<boolean> {
  const result = await db
    .insertInto('stripe_event')
    .values({ id, type, received_at: now })
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}

export async function stripeEventSeen(db: Executor, id: string): Promise<boolean> {
  return (await db.selectFrom('stripe_event').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}
