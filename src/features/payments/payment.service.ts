/**
 * Payments: payment state pending → paid → (refunded | cancelled), driven only by what the
 * provider reports (webhook or sweep re-fetching the checkout), never by a browser redirect.
 * Every provider call carries an idempotency key derived from our own ids.
 */
import type { PaymentTable, RefundReason, RegistrationTable } from '../../db/schema.ts';
import { inTransaction, type Trx } from '../../db/transaction.ts';
import { storedLocale, str, type Locale } from '../../i18n/locale.ts';
import { formatMoney } from '../../lib/money.ts';
import { absolute, routes } from '../../lib/routes.ts';
import type { Deps } from '../deps.ts';
import { addMinutes, iso } from '../shared/clock.ts';
import { DomainError } from '../shared/domain-error.ts';
import { newId } from '../shared/secrets.ts';
import { PaymentProviderError, type CheckoutRequest, type CheckoutSession } from './gateway.ts';
import {
  findPaymentByCheckout,
  firstPaymentAt,
  insertPayment,
  latestPayment,
  paymentTransition,
  updatePayment,
} from './payment.repository.ts';
import { enqueueEmail } from '../notifications/outbox.repository.ts';
import { extendHold, findRegistration, listExpiredHolds } from '../registration/registration.repository.ts';
import { liveRegistrationOf } from '../registration/registration.service.ts';
import { cancelInTransaction, confirmPaid, expireHold, lockSessionSeats } from '../registration/waitlist.service.ts';

/** Stripe accepts expiries from 30 minutes ahead; keep a minute of margin. */
const MIN_CHECKOUT_MINUTES = 31;

/** A registration's hold never grows past this many HOLD_MINUTES from its first checkout. */
export const HOLD_LIMIT_FACTOR = 2;

/** Simulated payments are for trying the site out: in production none is created, shown, paid or applied. */
function refuseSimulatedInProduction(deps: Deps): void {
  if (deps.config.production && deps.payments.provider === 'simulated') throw new DomainError('PaymentsUnavailable');
}

/**
 * The checkout page for a registration waiting for payment: the open one if there is one,
 * else a new one. A new checkout first expires the previous one at the provider, so only one
 * can be paid (one paid in the meantime confirms the registration instead). A new checkout
 * may extend the hold, but never past HOLD_LIMIT_FACTOR × HOLD_MINUTES from the first
 * checkout; with no time left before that limit, the hold ends at once: the seats go back to
 * the waiting list, the registration expires, and the attendee may register again. Retrying
 * after a provider failure reuses the same payment id, hence the same idempotency key.
 */
export async function startCheckout(deps: Deps, personId: string, locale: Locale): Promise<string> {
  const reg = await liveRegistrationOf(deps, personId);
  if (reg.status !== 'pending_payment' || reg.amount_cents <= 0) throw new DomainError('NotPayable');
  refuseSimulatedInProduction(deps);
  const now = deps.clock.now();
  if (!reg.hold_expires_at || reg.hold_expires_at <= iso(now)) throw new DomainError('HoldExpired');

  const latest = await latestPayment(deps.db, reg.id);
  const open = latest?.status === 'open' && latest.provider === deps.payments.provider ? latest : undefined;
  if (open?.checkout_url && open.expires_at > iso(addMinutes(now, 1))) return open.checkout_url;

  const expiresAt = await newHoldEnd(deps, reg.id, reg.hold_expires_at, now);
  if (expiresAt <= iso(addMinutes(now, 1))) {
    // No time left to pay within the limit: the seats go back now.
    if ((await endHold(deps, reg.id)) === 'confirmed') return routes.my(locale, 'paid');
    throw new DomainError('HoldExpired');
  }
  if (open?.checkout_id && (await closeCheckout(deps, open)) === 'paid') return routes.my(locale, 'paid');
  const payment = await paymentAttempt(deps, reg, expiresAt, latest, now);
  const session = await deps.payments.createCheckout(checkoutRequest(deps, reg, payment, locale));
  if (!session.url) throw new PaymentProviderError('checkout has no url');
  await updatePayment(deps.db, payment.id, { checkout_id: session.id, checkout_url: session.url, updated_at: iso(deps.clock.now()) });
  return session.url;
}

/**
 * Until when a new checkout holds the seats: as long as Stripe's shortest checkout (31
 * minutes from now), but never past HOLD_LIMIT_FACTOR × HOLD_MINUTES after the registration's
 * first checkout. A hold that already lasts longer (a waiting-list offer) is kept as it is.
 * Stripe's own expiry may be later than a capped hold: the sweep closes the checkout when the
 * hold ends.
 */
async function newHoldEnd(deps: Deps, registrationId: string, holdExpiresAt: string, now: Date): Promise<string> {
  const wanted = iso(addMinutes(now, MIN_CHECKOUT_MINUTES));
  if (wanted <= holdExpiresAt) return holdExpiresAt;
  const first = (await firstPaymentAt(deps.db, registrationId)) ?? iso(now);
  const limit = iso(addMinutes(new Date(first), HOLD_LIMIT_FACTOR * deps.config.holdMinutes));
  const capped = wanted < limit ? wanted : limit;
  return capped > holdExpiresAt ? capped : holdExpiresAt;
}

/**
 * Close a payment's open checkout at its provider (idempotency key `expire-<payment id>`) and
 * ask how it ended: 'paid' when it was paid before it closed (the payment is then applied),
 * 'closed' otherwise (the payment row is marked expired).
 */
export async function closeCheckout(deps: Deps, payment: PaymentTable): Promise<'paid' | 'closed'> {
  // A checkout of another provider (simulated, before Stripe keys were set) cannot be asked: it just ends.
  if (payment.checkout_id && payment.provider === deps.payments.provider) {
    await deps.payments.expireCheckout(payment.checkout_id, `expire-${payment.id}`);
    const session = await deps.payments.retrieveCheckout(payment.checkout_id);
    if (session.status === 'complete' && session.paymentStatus === 'paid') {
      const outcome = await applyCheckout(deps, session);
      if (outcome === 'confirmed' || outcome === 'already') return 'paid';
    }
  }
  await paymentTransition(deps.db, payment.id, ['open'], { status: 'expired', updated_at: iso(deps.clock.now()) });
  return 'closed';
}

/**
 * End a registration's hold now: its open checkout is closed first (one paid in time still
 * confirms), then the seats go back to the waiting list and the registration expires.
 */
async function endHold(deps: Deps, registrationId: string): Promise<'confirmed' | 'expired' | 'already'> {
  const payment = await latestPayment(deps.db, registrationId);
  if (payment?.status === 'open' && (await closeCheckout(deps, payment)) === 'paid') return 'confirmed';
  // Seat rows first, as every transaction that moves registration seats (src/db/transaction.ts).
  const expired = await inTransaction(deps.db, async (trx) => {
    await lockSessionSeats(trx, deps);
    return expireHold(trx, deps, registrationId);
  });
  return expired ? 'expired' : 'already';
}

/**
 * The attempt to send to the provider. A retry reuses an attempt that never reached the
 * provider (same idempotency key), as long as its expiry is still acceptable to Stripe;
 * otherwise a fresh attempt starts and the hold is extended to `expiresAt`.
 */
async function paymentAttempt(
  deps: Deps,
  reg: RegistrationTable,
  expiresAt: string,
  latest: PaymentTable | undefined,
  now: Date,
): Promise<PaymentTable> {
  const minimum = addMinutes(now, MIN_CHECKOUT_MINUTES);
  const unsent = latest?.status === 'open' && !latest.checkout_id && latest.provider === deps.payments.provider;
  if (unsent && latest.expires_at >= iso(minimum)) return latest;
  if (latest?.status === 'open') await paymentTransition(deps.db, latest.id, ['open'], { status: 'expired', updated_at: iso(now) });
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
    refund_reason: null,
    expires_at: expiresAt,
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
  if (outcome === 'refund-needed') await refundIfOwed(deps, session.id);
  return outcome;
}

/**
 * applyCheckout's database part, inside the caller's transaction. A payment that arrives when
 * the registration needs none is owed back: 'duplicate' when another checkout of it was paid
 * first (the organizers are told), 'no-seat' when the seat was gone.
 */
export async function applyCheckoutIn(trx: Trx, deps: Deps, session: CheckoutSession, now: string): Promise<CheckoutOutcome> {
  await lockSessionSeats(trx, deps);
  const payment = await findPaymentByCheckout(trx, session.id);
  if (!payment) return 'unknown';
  // A simulated checkout, even one made before, never moves money in production.
  if (payment.provider === 'simulated' && deps.config.production) return 'unknown';
  if (session.status === 'complete' && session.paymentStatus === 'paid') {
    const paid = { status: 'paid' as const, payment_intent: session.paymentIntent, updated_at: now };
    if (!(await paymentTransition(trx, payment.id, ['open', 'expired'], paid))) return 'already';
    const result = await confirmPaid(trx, deps, payment.registration_id, payment);
    if (result === 'confirmed') return 'confirmed';
    const reason: RefundReason = result === 'already' ? 'duplicate' : 'no-seat';
    await updatePayment(trx, payment.id, { refund_reason: reason, updated_at: now });
    if (reason === 'duplicate' && deps.config.organizerEmail) {
      const amount = formatMoney(payment.amount_cents, payment.currency, 'en');
      const alert = { registrationId: payment.registration_id, paymentId: payment.id, amount };
      await enqueueEmail(
        trx,
        { kind: 'organizer-duplicate-payment', recipient: deps.config.organizerEmail, locale: 'en', payload: alert },
        new Date(now),
      );
    }
    return 'refund-needed';
  }
  if (session.status === 'expired') {
    await paymentTransition(trx, payment.id, ['open'], { status: 'expired', updated_at: now });
    return (await expireHold(trx, deps, payment.registration_id)) ? 'expired' : 'already';
  }
  return 'pending';
}

/**
 * Pay back the payment of this checkout when one is owed (paid, with a refund reason, not yet
 * refunded): after the commit that found it owed, and again on any later delivery of an event
 * for the checkout, so a refund the provider failed once is asked again. The idempotency key
 * makes it happen at most once.
 */
export async function refundIfOwed(deps: Deps, checkoutId: string): Promise<RefundReason | undefined> {
  const payment = await findPaymentByCheckout(deps.db, checkoutId);
  if (!payment?.payment_intent || payment.status !== 'paid' || !payment.refund_reason) return undefined;
  await refundPayment(deps, payment, payment.payment_intent, payment.refund_reason);
  return payment.refund_reason;
}

/** Pay a payment back in full (idempotency key per payment) and record the refund and why. */
export async function refundPayment(deps: Deps, payment: PaymentTable, paymentIntent: string, reason: RefundReason): Promise<void> {
  const refund = await deps.payments.refund(paymentIntent, payment.amount_cents, `refund-${payment.id}`);
  await paymentTransition(deps.db, payment.id, ['paid'], {
    status: 'refunded',
    refund_id: refund.id,
    refund_reason: reason,
    updated_at: iso(deps.clock.now()),
  });
}

/** A failed asynchronous payment (e.g. a bank transfer that bounced) ends the hold; inside the caller's transaction. */
export async function failCheckoutIn(trx: Trx, deps: Deps, checkoutId: string, now: string): Promise<void> {
  await lockSessionSeats(trx, deps);
  const payment = await findPaymentByCheckout(trx, checkoutId);
  if (!payment) return;
  if (await paymentTransition(trx, payment.id, ['open'], { status: 'failed', updated_at: now })) {
    await expireHold(trx, deps, payment.registration_id);
  }
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
    await refundPayment(deps, payment, payment.payment_intent, 'cancelled');
    refunded = formatMoney(payment.amount_cents, payment.currency, storedLocale(reg.locale));
  } else if (payment?.status === 'open' && (await closeCheckout(deps, payment)) === 'paid') {
    // Paid just before its checkout closed: now a paid registration, cancelled with a refund.
    return cancelRegistration(deps, personId);
  }
  const done = await inTransaction(deps.db, async (trx) => {
    await lockSessionSeats(trx, deps);
    const fresh = await findRegistration(trx, reg.id);
    return fresh ? cancelInTransaction(trx, deps, fresh, refunded) : false;
  });
  if (!done) throw new DomainError('NotCancellable');
}

/**
 * Sweep holds that ran out. The checkout is closed at the provider first: a payment whose
 * webhook was lost still confirms; otherwise the seats are released.
 */
export async function sweepExpiredHolds(deps: Deps): Promise<{ expired: number; confirmed: number }> {
  let expired = 0;
  let confirmed = 0;
  for (const { id } of await listExpiredHolds(deps.db, iso(deps.clock.now()))) {
    const outcome = await endHold(deps, id);
    if (outcome === 'confirmed') confirmed++;
    if (outcome === 'expired') expired++;
  }
  return { expired, confirmed };
}
