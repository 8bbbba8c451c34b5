/**
 * The clearly labelled stand-in for Stripe Checkout when no keys are configured. Sessions live
 * in `simulated_checkout`; the simulated payment page completes or cancels them.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { iso, systemClock, type Clock } from '../shared/clock.ts';
import { sha256Hex } from '../shared/secrets.ts';
import { UnknownCheckout, type CheckoutRequest, type CheckoutSession, type PaymentGateway } from './gateway.ts';
import { locales, type Locale } from '../../i18n/locale.ts';
import { absolute, routes } from '../../lib/routes.ts';
import {
  expireSimulatedCheckout,
  findPaidSimulatedCheckout,
  findSimulatedCheckout,
  insertSimulatedCheckout,
  markSimulatedRefunded,
  paySimulatedCheckoutRow,
  type SimulatedCheckoutRow as Row,
} from './simulated-checkout.repository.ts';

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
      await insertSimulatedCheckout(db, newRow(id, request, clock.now()));
      const row = await findSimulatedCheckout(db, id);
      if (!row) throw new Error(`simulated checkout ${id} vanished after insert`);
      return { ...toSession(row, clock), url: checkoutUrl(siteUrl, request.locale, id) };
    },

    async retrieveCheckout(id: string): Promise<CheckoutSession> {
      const row = await findSimulatedCheckout(db, id);
      if (!row) throw new UnknownCheckout(`no simulated checkout ${id}`);
      const session = toSession(row, clock);
      return { ...session, url: session.status === 'open' ? checkoutUrl(siteUrl, localeOf(row, siteUrl), id) : null };
    },

    async expireCheckout(id: string): Promise<void> {
      await expireSimulatedCheckout(db, id);
    },

    async refund(paymentIntent: string, amountCents: number, idempotencyKey: string) {
      const row = await findPaidSimulatedCheckout(db, paymentIntent);
      if (!row) throw new Error(`simulated payment ${paymentIntent} is not paid`);
      if (amountCents <= 0 || amountCents > row.amount_cents) {
        throw new Error(`refund of ${amountCents} exceeds the payment of ${row.amount_cents}`);
      }
      await markSimulatedRefunded(db, row.id);
      return { id: `sim_re_${sha256Hex(`refund:${idempotencyKey}`).slice(0, 32)}`, status: 'succeeded' };
    },
  };
}

export async function getSimulatedCheckout(
  db: Kysely<Database>,
  id: string,
  clock: Clock = systemClock,
): Promise<SimulatedCheckout | null> {
  const row = await findSimulatedCheckout(db, id);
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
  await paySimulatedCheckoutRow(db, id, `sim_pi_${randomBytes(12).toString('hex')}`, iso(clock.now()));
  return getSimulatedCheckout(db, id, clock);
}

/** A new open session for the request. */
function newRow(id: string, request: CheckoutRequest, now: Date): Row {
  return {
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
  };
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
  return locales.find((l) => row.success_url.startsWith(absolute(siteUrl, routes.home(l)))) ?? 'en';
}
