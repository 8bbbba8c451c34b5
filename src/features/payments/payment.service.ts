/**
 * Payments: payment state pending → paid → (refunded | cancelled), driven only by what the
 * provider reports (webhook or sweep re-fetching the checkout), never by a browser redirect.
 * Every provider call carries an idempotency key derived from our own ids.
 */
import { str } from '../../i18n/locale.ts';
import type { Deps } from '../deps.ts';
import { addMinutes, iso } from '../shared/clock.ts';
import { DomainError } from '../shared/domain-error.ts';
import { newId } from '../shared/secrets.ts';
import { formatMoney } from '../../lib/money.ts';
import type { CheckoutSession } from './gateway.ts';
import { PaymentProviderError } from './gateway.ts';
import {
  findPaymentByCheckout,
  insertPayment,
  latestPayment,
  paymentTransition,
  recordStripeEvent,
  stripeEventSeen,
  updatePayment,
} from './payment.repository.ts';
import { findRegistration, listExpiredHolds } from '../registration/registration.repository.ts';
import { cancelInTransaction, confirmPaid, expireHold, liveRegistrationOf } from '../registration/registration.service.ts';

/** Stripe accepts expiries from 30 minutes ahead; keep a minute of margin. */
const MIN_CHECKOUT_MINUTES = 31;

/**
 * The checkout page for a registration waiting for payment: the open one if there is one,
 * else a new one. Retrying after a provider failure reuses the same payment id, hence the
 * same idempotency key, so at most one checkout exists per attempt.
 */
export async function startCheckout(deps: Deps, personId: string, locale: 'en' | 'zh'): Promise<string> {
  const reg = await liveRegistrationOf(deps, personId);
  if (reg.status !== 'pending_payment' || reg.amount_cents <= 0) throw new DomainError('NotPayable');
  const now = deps.clock.now();
  if (!reg.hold_expires_at || reg.hold_expires_at <= iso(now)) throw new DomainError('HoldExpired');

  let payment = await latestPayment(deps.db, reg.id);
  if (payment?.status === 'open' && payment.checkout_url && payment.expires_at > iso(addMinutes(now, 1))) {
    return payment.checkout_url;
  }
  // A retry reuses an attempt that never reached the provider (same idempotency key), as
  // long as its expiry is still acceptable to Stripe; otherwise a fresh attempt starts.
  const minimum = addMinutes(now, MIN_CHECKOUT_MINUTES);
  const reusable = payment?.status === 'open' && !payment.checkout_id && payment.expires_at >= iso(minimum);
  if (!payment || !reusable) {
    if (payment?.status === 'open') await paymentTransition(deps.db, payment.id, ['open'], { status: 'expired', updated_at: iso(now) });
    // The hold must last as long as the checkout can be paid.
    const expiresAt = new Date(Math.max(Date.parse(reg.hold_expires_at), minimum.getTime()));
    const row = {
      id: newId(),
      registration_id: reg.id,
      provider: deps.payments.provider,
      checkout_id: null,
      checkout_url: null,
      status: 'open' as const,
      amount_cents: reg.amount_cents,
      currency: reg.currency,
      payment_intent: null,
      refund_id: null,
      expires_at: iso(expiresAt),
      created_at: iso(now),
      updated_at: iso(now),
    };
    await deps.db.transaction().execute(async (trx) => {
      await insertPayment(trx, row);
      await trx
        .updateTable('registration')
        .set({ hold_expires_at: row.expires_at, updated_at: iso(now) })
        .where('id', '=', reg.id)
        .execute();
    });
    payment = row;
  }
  const ticket = deps.catalog.tickets.find((t) => t.id === reg.ticket_id);
  const session = await deps.payments.createCheckout({
    registrationId: reg.id,
    amountCents: payment.amount_cents,
    currency: payment.currency,
    customerEmail: reg.email,
    locale,
    description: `${ticket ? str(ticket.name, locale) : reg.ticket_id} · ${str(deps.catalog.event.name, locale)}`,
    successUrl: `${deps.config.siteUrl}/${locale}/my/?paid=1`,
    cancelUrl: `${deps.config.siteUrl}/${locale}/my/`,
    expiresAt: new Date(payment.expires_at),
    idempotencyKey: `checkout-${payment.id}`,
  });
  if (!session.url) throw new PaymentProviderError('checkout has no url');
  await updatePayment(deps.db, payment.id, { checkout_id: session.id, checkout_url: session.url, updated_at: iso(deps.clock.now()) });
  return session.url;
}

export type CheckoutOutcome = 'confirmed' | 'already' | 'expired' | 'refund-needed' | 'pending' | 'unknown';

/**
 * Apply what the provider says about a checkout (re-fetched, never taken from a payload).
 * Idempotent: a second delivery finds the payment already moved on and changes nothing.
 */
export async function applyCheckout(deps: Deps, session: CheckoutSession): Promise<CheckoutOutcome> {
  const now = iso(deps.clock.now());
  const outcome = await deps.db.transaction().execute(async (trx): Promise<CheckoutOutcome> => {
    const payment = await findPaymentByCheckout(trx, session.id);
    if (!payment) return 'unknown';
    if (session.status === 'complete' && session.paymentStatus === 'paid') {
      if (
        !(await paymentTransition(trx, payment.id, ['open', 'expired'], {
          status: 'paid',
          payment_intent: session.paymentIntent,
          updated_at: now,
        }))
      ) {
        return 'already';
      }
      const result = await confirmPaid(trx, deps, payment.registration_id);
      return result === 'no-seat' ? 'refund-needed' : result;
    }
    if (session.status === 'expired') {
      await paymentTransition(trx, payment.id, ['open'], { status: 'expired', updated_at: now });
      return (await expireHold(trx, deps, payment.registration_id)) ? 'expired' : 'already';
    }
    return 'pending';
  });
  if (outcome === 'refund-needed') await refundUnseated(deps, session);
  return outcome;
}

/** Paid after the seat was given away (hold ran out, session now full): pay it back. */
async function refundUnseated(deps: Deps, session: CheckoutSession): Promise<void> {
  const payment = await findPaymentByCheckout(deps.db, session.id);
  if (!payment?.payment_intent || payment.status !== 'paid') return;
  const refund = await deps.payments.refund(payment.payment_intent, payment.amount_cents, `refund-${payment.id}`);
  await paymentTransition(deps.db, payment.id, ['paid'], { status: 'refunded', refund_id: refund.id, updated_at: iso(deps.clock.now()) });
}

/** A failed asynchronous payment (e.g. a bank transfer that bounced) ends the hold. */
async function failCheckout(deps: Deps, checkoutId: string): Promise<void> {
  const now = iso(deps.clock.now());
  await deps.db.transaction().execute(async (trx) => {
    const payment = await findPaymentByCheckout(trx, checkoutId);
    if (!payment) return;
    if (await paymentTransition(trx, payment.id, ['open'], { status: 'failed', updated_at: now })) {
      await expireHold(trx, deps, payment.registration_id);
    }
  });
}

export interface StripeEventLike {
  id: string;
  type: string;
  data: { object: { id?: string; object?: string } };
}

const checkoutEvents = new Set([
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
  'checkout.session.async_payment_failed',
  'checkout.session.expired',
]);

/**
 * A verified Stripe event. The event id is recorded in the same transaction as its effect
 * only after the checkout was re-fetched: when Stripe is unreachable we answer 500, nothing
 * is recorded, and Stripe's retry completes the work.
 */
export async function handleStripeEvent(deps: Deps, event: StripeEventLike): Promise<'handled' | 'duplicate' | 'ignored'> {
  if (await stripeEventSeen(deps.db, event.id)) return 'duplicate';
  const now = iso(deps.clock.now());
  const checkoutId = event.data.object.object === 'checkout.session' ? event.data.object.id : undefined;
  if (!checkoutEvents.has(event.type) || !checkoutId) {
    await recordStripeEvent(deps.db, event.id, event.type, now);
    return 'ignored';
  }
  const session = await deps.payments.retrieveCheckout(checkoutId);
  if (event.type === 'checkout.session.async_payment_failed') await failCheckout(deps, checkoutId);
  else await applyCheckout(deps, session);
  const first = await recordStripeEvent(deps.db, event.id, event.type, now);
  return first ? 'handled' : 'duplicate';
}

/**
 * Cancel the person's registration. A paid one is refunded first (idempotent key per
 * payment): if the refund fails nothing changes and the attendee can try again.
 */
export async function cancelRegistration(deps: Deps, personId: string): Promise<void> {
  const reg = await liveRegistrationOf(deps, personId);
  const payment = await latestPayment(deps.db, reg.id);
  let refunded: string | undefined;
  if (payment?.status === 'paid' && payment.payment_intent) {
    const refund = await deps.payments.refund(payment.payment_intent, payment.amount_cents, `refund-${payment.id}`);
    await paymentTransition(deps.db, payment.id, ['paid'], { status: 'refunded', refund_id: refund.id, updated_at: iso(deps.clock.now()) });
    refunded = formatMoney(payment.amount_cents, payment.currency, reg.locale === 'zh' ? 'zh' : 'en');
  } else if (payment?.status === 'open' && payment.checkout_id) {
    await deps.payments.expireCheckout(payment.checkout_id, `expire-${payment.id}`);
    await paymentTransition(deps.db, payment.id, ['open'], { status: 'expired', updated_at: iso(deps.clock.now()) });
  }
  const done = await deps.db.transaction().execute(async (trx) => {
    const fresh = await findRegistration(trx, reg.id);
    return fresh ? cancelInTransaction(trx, deps, fresh, refunded) : false;
  });
  if (!done) throw new DomainError('NotCancellable');
}

/**
 * Sweep holds that ran out. The checkout is asked first: a payment whose webhook was lost
 * still confirms; otherwise the checkout is expired at the provider and the seats released.
 */
export async function sweepExpiredHolds(deps: Deps): Promise<{ expired: number; confirmed: number }> {
  let expired = 0;
  let confirmed = 0;
  for (const { id } of await listExpiredHolds(deps.db, iso(deps.clock.now()))) {
    const payment = await latestPayment(deps.db, id);
    if (payment?.checkout_id && payment.status === 'open') {
      const session = await deps.payments.retrieveCheckout(payment.checkout_id);
      if (session.status === 'complete' && session.paymentStatus === 'paid') {
        if ((await applyCheckout(deps, session)) === 'confirmed') confirmed++;
        continue;
      }
      if (session.status === 'open') await deps.payments.expireCheckout(payment.checkout_id, `expire-${payment.id}`);
      await paymentTransition(deps.db, payment.id, ['open'], { status: 'expired', updated_at: iso(deps.clock.now()) });
    }
    const done = await deps.db.transaction().execute((trx) => expireHold(trx, deps, id));
    if (done) expired++;
  }
  return { expired, confirmed };
}
