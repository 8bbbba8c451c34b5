/**
 * Payments: payment state pending → paid → (refunded | cancelled), driven only by what the
 * provider reports (webhook or sweep re-fetching the checkout), never by a browser redirect.
 * Every provider call carries an idempotency key derived from our own ids.
 */
import type { PaymentTable, RegistrationTable } from '../../db/schema.ts';
import { inTransaction, type Trx } from '../../db/transaction.ts';
import { str, type Locale } from '../../i18n/locale.ts';
import { formatMoney } from '../../lib/money.ts';
import { absolute, routes } from '../../lib/routes.ts';
import type { Deps } from '../deps.ts';
import { addMinutes, iso } from '../shared/clock.ts';
import { DomainError } from '../shared/domain-error.ts';
import { newId } from '../shared/secrets.ts';
import { PaymentProviderError, type CheckoutRequest, type CheckoutSession } from './gateway.ts';
import {
  findPaymentByCheckout,
  insertPayment,
  latestPayment,
  paymentTransition,
  recordStripeEvent,
  stripeEventSeen,
  updatePayment,
} from './payment.repository.ts';
import { completeSimulatedCheckout } from './simulated-gateway.ts';
import { extendHold, findRegistration, listExpiredHolds } from '../registration/registration.repository.ts';
import { liveRegistrationOf } from '../registration/registration.service.ts';
import { cancelInTransaction, confirmPaid, expireHold, lockSessionSeats } from '../registration/waitlist.service.ts';

/** Stripe accepts expiries from 30 minutes ahead; keep a minute of margin. */
const MIN_CHECKOUT_MINUTES = 31;

/**
 * The checkout page for a registration waiting for payment: the open one if there is one,
 * else a new one. Retrying after a provider failure reuses the same payment id, hence the
 * same idempotency key, so at most one checkout exists per attempt.
 */
export async function startCheckout(deps: Deps, personId: string, locale: Locale): Promise<string> {
  const reg = await liveRegistrationOf(deps, personId);
  if (reg.status !== 'pending_payment' || reg.amount_cents <= 0) throw new DomainError('NotPayable');
  const now = deps.clock.now();
  if (!reg.hold_expires_at || reg.hold_expires_at <= iso(now)) throw new DomainError('HoldExpired');

  const latest = await latestPayment(deps.db, reg.id);
  if (latest?.status === 'open' && latest.checkout_url && latest.expires_at > iso(addMinutes(now, 1))) {
    return latest.checkout_url;
  }
  const payment = await paymentAttempt(deps, reg, reg.hold_expires_at, latest, now);
  const session = await deps.payments.createCheckout(checkoutRequest(deps, reg, payment, locale));
  if (!session.url) throw new PaymentProviderError('checkout has no url');
  await updatePayment(deps.db, payment.id, { checkout_id: session.id, checkout_url: session.url, updated_at: iso(deps.clock.now()) });
  return session.url;
}

/**
 * The attempt to send to the provider. A retry reuses an attempt that never reached the
 * provider (same idempotency key), as long as its expiry is still acceptable to Stripe;
 * otherwise a fresh attempt starts and the hold is extended to cover it.
 */
async function paymentAttempt(
  deps: Deps,
  reg: RegistrationTable,
  holdExpiresAt: string,
  latest: PaymentTable | undefined,
  now: Date,
): Promise<PaymentTable> {
  const minimum = addMinutes(now, MIN_CHECKOUT_MINUTES);
  if (latest?.status === 'open' && !latest.checkout_id && latest.expires_at >= iso(minimum)) return latest;
  if (latest?.status === 'open') await paymentTransition(deps.db, latest.id, ['open'], { status: 'expired', updated_at: iso(now) });
  // The hold must last as long as the checkout can be paid.
  const expiresAt = new Date(Math.max(Date.parse(holdExpiresAt), minimum.getTime()));
  const row: PaymentTable = {
    id: newId(),
    registration_id: reg.id,
    provider: deps.payments.provider,
    checkout_id: null,
    checkout_url: null,
    status: 'open',
    amount_cents: reg.amount_cents,
    currency: reg.currency,
    payment_intent: null,
    refund_id: null,
    expires_at: iso(expiresAt),
    created_at: iso(now),
    updated_at: iso(now),
  };
  await inTransaction(deps.db, async (trx) => {
    await insertPayment(trx, row);
    await extendHold(trx, reg.id, row.expires_at, iso(now));
  });
  return row;
}

function checkoutRequest(deps: Deps, reg: RegistrationTable, payment: PaymentTable, locale: Locale): CheckoutRequest {
  const ticket = deps.catalog.tickets.find((t) => t.id === reg.ticket_id);
  return {
    registrationId: reg.id,
    amountCents: payment.amount_cents,
    currency: payment.currency,
    customerEmail: reg.email,
    locale,
    description: `${ticket ? str(ticket.name, locale) : reg.ticket_id} · ${str(deps.catalog.event.name, locale)}`,
    successUrl: absolute(deps.config.siteUrl, routes.my(locale, 'paid')),
    cancelUrl: absolute(deps.config.siteUrl, routes.my(locale)),
    expiresAt: new Date(payment.expires_at),
    idempotencyKey: `checkout-${payment.id}`,
  };
}

export type CheckoutOutcome = 'confirmed' | 'already' | 'expired' | 'refund-needed' | 'pending' | 'unknown';

/**
 * Apply what the provider says about a checkout (re-fetched, never taken from a payload).
 * Idempotent: a second delivery finds the payment already moved on and changes nothing.
 */
export async function applyCheckout(deps: Deps, session: CheckoutSession): Promise<CheckoutOutcome> {
  const now = iso(deps.clock.now());
  const outcome = await inTransaction(deps.db, (trx) => applyCheckoutIn(trx, deps, session, now));
  if (outcome === 'refund-needed') await refundUnseated(deps, session);
  return outcome;
}

/** applyCheckout's database part, inside the caller's transaction. */
async function applyCheckoutIn(trx: Trx, deps: Deps, session: CheckoutSession, now: string): Promise<CheckoutOutcome> {
  await lockSessionSeats(trx, deps);
  const payment = await findPaymentByCheckout(trx, session.id);
  if (!payment) return 'unknown';
  if (session.status === 'complete' && session.paymentStatus === 'paid') {
    const paid = { status: 'paid' as const, payment_intent: session.paymentIntent, updated_at: now };
    if (!(await paymentTransition(trx, payment.id, ['open', 'expired'], paid))) return 'already';
    const result = await confirmPaid(trx, deps, payment.registration_id);
    return result === 'no-seat' ? 'refund-needed' : result;
  }
  if (session.status === 'expired') {
    await paymentTransition(trx, payment.id, ['open'], { status: 'expired', updated_at: now });
    return (await expireHold(trx, deps, payment.registration_id)) ? 'expired' : 'already';
  }
  return 'pending';
}

/** Paid after the seat was given away (hold ran out, session now full): pay it back. */
async function refundUnseated(deps: Deps, session: CheckoutSession): Promise<void> {
  const payment = await findPaymentByCheckout(deps.db, session.id);
  if (!payment?.payment_intent || payment.status !== 'paid') return;
  await refundPayment(deps, payment, payment.payment_intent);
}

/** Pay a payment back in full (idempotency key per payment) and record the refund. */
async function refundPayment(deps: Deps, payment: PaymentTable, paymentIntent: string): Promise<void> {
  const refund = await deps.payments.refund(paymentIntent, payment.amount_cents, `refund-${payment.id}`);
  await paymentTransition(deps.db, payment.id, ['paid'], { status: 'refunded', refund_id: refund.id, updated_at: iso(deps.clock.now()) });
}

/** A failed asynchronous payment (e.g. a bank transfer that bounced) ends the hold; inside the caller's transaction. */
async function failCheckoutIn(trx: Trx, deps: Deps, checkoutId: string, now: string): Promise<void> {
  await lockSessionSeats(trx, deps);
  const payment = await findPaymentByCheckout(trx, checkoutId);
  if (!payment) return;
  if (await paymentTransition(trx, payment.id, ['open'], { status: 'failed', updated_at: now })) {
    await expireHold(trx, deps, payment.registration_id);
  }
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
 * A verified Stripe event. The checkout is re-fetched first: when Stripe is unreachable we
 * answer 500, nothing is recorded, and Stripe's retry completes the work. The event id is
 * then recorded in the same transaction as its effect, so an event is applied exactly once:
 * a concurrent delivery of the same event waits for that transaction and finds the id taken.
 * A refund owed because the seat was gone is asked of the provider after that commit.
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
  const outcome = await inTransaction(deps.db, async (trx): Promise<CheckoutOutcome | 'failed' | 'duplicate'> => {
    if (!(await recordStripeEvent(trx, event.id, event.type, now))) return 'duplicate';
    if (event.type !== 'checkout.session.async_payment_failed') return applyCheckoutIn(trx, deps, session, now);
    await failCheckoutIn(trx, deps, checkoutId, now);
    return 'failed';
  });
  if (outcome === 'refund-needed') await refundUnseated(deps, session);
  return outcome === 'duplicate' ? 'duplicate' : 'handled';
}

/** The simulated checkout's "Pay" button: the same confirmation path as a Stripe webhook. */
export async function paySimulatedCheckout(deps: Deps, checkoutId: string): Promise<void> {
  if (deps.payments.provider !== 'simulated') throw new DomainError('NotFound');
  const session = await completeSimulatedCheckout(deps.db, checkoutId, deps.clock);
  if (!session) throw new DomainError('NotFound');
  if (session.status !== 'complete') throw new DomainError('HoldExpired');
  await applyCheckout(deps, session);
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
    await refundPayment(deps, payment, payment.payment_intent);
    refunded = formatMoney(payment.amount_cents, payment.currency, reg.locale === 'zh' ? 'zh' : 'en');
  } else if (payment?.status === 'open' && payment.checkout_id) {
    await deps.payments.expireCheckout(payment.checkout_id, `expire-${payment.id}`);
    await paymentTransition(deps.db, payment.id, ['open'], { status: 'expired', updated_at: iso(deps.clock.now()) });
  }
  const done = await inTransaction(deps.db, async (trx) => {
    await lockSessionSeats(trx, deps);
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
    const done = await inTransaction(deps.db, async (trx) => {
      await lockSessionSeats(trx, deps);
      return expireHold(trx, deps, id);
    });
    if (done) expired++;
  }
  return { expired, confirmed };
}
