/** The simulated provider's own table, `simulated_checkout`: what Stripe would keep on its side. */
import type { Selectable } from 'kysely';
import type { SimulatedCheckoutTable } from '../../db/schema.ts';
import type { Executor } from '../../db/transaction.ts';

export type SimulatedCheckoutRow = Selectable<SimulatedCheckoutTable>;

/** A second insert with the same id (a retried create) changes nothing. */
export async function insertSimulatedCheckout(db: Executor, row: SimulatedCheckoutTable): Promise<void> {
  await db
    .insertInto('simulated_checkout')
    .values(row)
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

export function findSimulatedCheckout(db: Executor, id: string): Promise<SimulatedCheckoutRow | undefined> {
  return db.selectFrom('simulated_checkout').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findPaidSimulatedCheckout(db: Executor, paymentIntent: string): Promise<SimulatedCheckoutRow | undefined> {
  return db
    .selectFrom('simulated_checkout')
    .selectAll()
    .where('payment_intent', '=', paymentIntent)
    .where('payment_status', '=', 'paid')
    .executeTakeFirst();
}

export async function expireSimulatedCheckout(db: Executor, id: string): Promise<void> {
  await db.updateTable('simulated_checkout').set({ status: 'expired' }).where('id', '=', id).where('status', '=', 'open').execute();
}

export async function markSimulatedRefunded(db: Executor, id: string): Promise<void> {
  await db.updateTable('simulated_checkout').set({ refunded: 1 }).where('id', '=', id).execute();
}

/** One conditional update: two concurrent clicks cannot both pay, and an expired session cannot. */
export async function paySimulatedCheckoutRow(db: Executor, id: string, paymentIntent: string, now: string): Promise<void> {
  await db
    .updateTable('simulated_checkout')
    .set({ status: 'complete', payment_status: 'paid', payment_intent: paymentIntent })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .where('expires_at', '>', now)
    .execute();
}
