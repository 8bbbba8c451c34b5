/**
 * The clearly labelled stand-in for Stripe Checkout when no keys are configured. Sessions live
 * in `simulated_checkout`; the simulated payment page completes or cancels them.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Database, SimulatedCheckoutTable } from '../../db/schema.ts';
import { iso, systemClock, type Clock } from '../shared/clock.ts';
import { sha256Hex } from '../shared/secrets.ts';
import type { CheckoutRequest, CheckoutSession, PaymentGateway } from './gateway.ts';
import type { Locale } from '../../i18n/locale.ts';
import { absolute, routes } from '../../lib/routes.ts';

type Row = Selectable<SimulatedCheckoutTable>;

/** What the simulated payment page shows, besides the session itself. */
export interface SimulatedCheckout extends CheckoutSession {
  amountCents: number;
  successUrl: string;
  cancelUrl: string;
  expiresAt: Date;
  refunded: boolean;
}

export interface SimulatedGatewayOptions {
  siteUrl: string;
  clock?: Clock;
}

export function createSimulatedGateway(db: Kysely<Database>, options: SimulatedGatewayOptions): PaymentGateway {
  const clock = options.clock ?? systemClock;
  const siteUrl = options.siteUrl.replace(/\/+$/, '');

  return {
    provider: 'simulated',

    async createCheckout(request: CheckoutRequest): Promise<CheckoutSession> {
      // The id is derived from the idempotency key, so a retried create finds the first row.
      const id = `sim_cs_${sha256Hex(`checkout:${request.idempotencyKey}`).slice(0, 32)}`;
      await insertCheckout(db, id, request, clock.now());
      const row = await findRow(db, id);
      if (!row) throw new Error(`simulated checkout ${id} vanished after insert`);
      return { ...toSession(row, clock), url: checkoutUrl(siteUrl, request.locale, id) };
    },

    async retrieveCheckout(id: string): Promise<CheckoutSession> {
      const row = await findRow(db, id);
      if (!row) throw new Error(`no simulated checkout ${id}`);
      const session = toSession(row, clock);
      return { ...session, url: session.status === 'open' ? checkoutUrl(siteUrl, localeOf(row, siteUrl), id) : null };
    },

    async expireCheckout(id: string): Promise<void> {
      await db.updateTable('simulated_checkout').set({ status: 'expired' }).where('id', '=', id).where('status', '=', 'open').execute();
    },

    async refund(paymentIntent: string, amountCents: number, idempotencyKey: string) {
      const row = await db
        .selectFrom('simulated_checkout')
        .selectAll()
        .where('payment_intent', '=', paymentIntent)
        .where('payment_status', '=', 'paid')
        .executeTakeFirst();
      if (!row) throw new Error(`simulated payment ${paymentIntent} is not paid`);
      if (amountCents <= 0 || amountCents > row.amount_cents) {
        throw new Error(`refund of ${amountCents} exceeds the payment of ${row.amount_cents}`);
      }
      await db.updateTable('simulated_checkout').set({ refunded: 1 }).where('id', '=', row.id).execute();
      return { id: `sim_re_${sha256Hex(`refund:${idempotencyKey}`).slice(0, 32)}`, status: 'succeeded' };
    },
  };
}

export async function getSimulatedCheckout(
  db: Kysely<Database>,
  id: string,
  clock: Clock = systemClock,
): Promise<SimulatedCheckout | null> {
  const row = await findRow(db, id);
  if (!row) return null;
  return {
    ...toSession(row, clock),
    amountCents: row.amount_cents,
    successUrl: row.success_url,
    cancelUrl: row.cancel_url,
    expiresAt: new Date(row.expires_at),
    refunded: row.refunded === 1,
  };
}

/** "Pay": an open, unexpired session becomes complete and paid. Repeating it changes nothing. */
export async function completeSimulatedCheckout(
  db: Kysely<Database>,
  id: string,
  clock: Clock = systemClock,
): Promise<SimulatedCheckout | null> {
  // One conditional update: two concurrent clicks cannot both pay, and an expired one cannot.
  await db
    .updateTable('simulated_checkout')
    .set({ status: 'complete', payment_status: 'paid', payment_intent: `sim_pi_${randomBytes(12).toString('hex')}` })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .where('expires_at', '>', iso(clock.now()))
    .execute();
  return getSimulatedCheckout(db, id, clock);
}

/** A new open session; a second insert with the same id (a retried create) changes nothing. */
async function insertCheckout(db: Kysely<Database>, id: string, request: CheckoutRequest, now: Date): Promise<void> {
  await db
    .insertInto('simulated_checkout')
    .values({
      id,
      registration_id: request.registrationId,
      amount_cents: request.amountCents,
      currency: request.currency.toLowerCase(),
      status: 'open',
      payment_status: 'unpaid',
      payment_intent: null,
      refunded: 0,
      success_url: request.successUrl,
      cancel_url: request.cancelUrl,
      expires_at: iso(request.expiresAt),
      created_at: iso(now),
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

function findRow(db: Kysely<Database>, id: string): Promise<Row | undefined> {
  return db.selectFrom('simulated_checkout').selectAll().where('id', '=', id).executeTakeFirst();
}

function toSession(row: Row, clock: Clock): CheckoutSession {
  // Like Stripe, an unpaid session past its expiry reads as expired even before anyone expires it.
  const lapsed = row.status === 'open' && new Date(row.expires_at).getTime() <= clock.now().getTime();
  return {
    id: row.id,
    url: null,
    status: lapsed ? 'expired' : row.status,
    paymentStatus: row.payment_status,
    paymentIntent: row.payment_intent,
    amountTotal: row.amount_cents,
    currency: row.currency,
    registrationId: row.registration_id,
  };
}

function checkoutUrl(siteUrl: string, locale: Locale, id: string): string {
  return absolute(siteUrl, routes.simulatedCheckout(locale, id));
}

/** The table keeps no locale; the success URL (on our own site) starts with it. */
function localeOf(row: Row, siteUrl: string): Locale {
  return row.success_url.startsWith(absolute(siteUrl, routes.home('zh'))) ? 'zh' : 'en';
}
