/**
 * Confirmations that come from the payment provider: a verified Stripe webhook event, or
 * the simulated checkout's "Pay" button (which takes the same path, never in production).
 */
import { inTransaction } from '../../db/transaction.ts';
import type { Deps } from '../deps.ts';
import { iso } from '../shared/clock.ts';
import { DomainError } from '../shared/domain-error.ts';
import { UnknownCheckout, type CheckoutSession } from './gateway.ts';
import { recordStripeEvent, stripeEventSeen } from './payment.repository.ts';
import { applyCheckout, applyCheckoutIn, failCheckoutIn, refundIfOwed, type CheckoutOutcome } from './payment.service.ts';
import { completeSimulatedCheckout } from './simulated-gateway.ts';

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
 * What a Stripe event did: handled, a redelivery (duplicate), not one we act on (ignored), about
 * a checkout that Stripe or we do not know (unknown), or a payment refunded as a duplicate.
 */
export type StripeEventOutcome = 'handled' | 'duplicate' | 'ignored' | 'unknown' | 'refunded-duplicate';

/**
 * A verified Stripe event. The checkout is re-fetched first: when Stripe is unreachable we
 * answer 500, nothing is recorded, and Stripe's retry completes the work. The event id is
 * then recorded in the same transaction as its effect, so an event is applied exactly once:
 * a concurrent delivery of the same event waits for that transaction and finds the id taken.
 * A refund owed (the seat was gone, or the registration was already paid) is asked of the
 * provider after that commit, and again on a redelivery until it went through. A checkout that
 * Stripe does not know, or that belongs to no registration, is recorded and changes nothing.
 */
export async function handleStripeEvent(deps: Deps, event: StripeEventLike): Promise<StripeEventOutcome> {
  const checkoutId = event.data.object.object === 'checkout.session' ? event.data.object.id : undefined;
  if (await stripeEventSeen(deps.db, event.id)) {
    if (checkoutId) await refundIfOwed(deps, checkoutId);
    return 'duplicate';
  }
  const now = iso(deps.clock.now());
  if (!checkoutEvents.has(event.type) || !checkoutId) {
    await recordStripeEvent(deps.db, event.id, event.type, now);
    return 'ignored';
  }
  let session: CheckoutSession;
  try {
    session = await deps.payments.retrieveCheckout(checkoutId);
  } catch (error) {
    if (!(error instanceof UnknownCheckout)) throw error;
    await recordStripeEvent(deps.db, event.id, event.type, now);
    return 'unknown';
  }
  const outcome = await inTransaction(deps.db, async (trx): Promise<CheckoutOutcome | 'failed' | 'duplicate'> => {
    if (!(await recordStripeEvent(trx, event.id, event.type, now))) return 'duplicate';
    if (event.type !== 'checkout.session.async_payment_failed') return applyCheckoutIn(trx, deps, session, now);
    await failCheckoutIn(trx, deps, checkoutId, now);
    return 'failed';
  });
  if (outcome === 'refund-needed') return (await refundIfOwed(deps, session.id)) === 'duplicate' ? 'refunded-duplicate' : 'handled';
  return outcome === 'duplicate' || outcome === 'unknown' ? outcome : 'handled';
}

/** The simulated checkout's "Pay" button: the same confirmation path as a Stripe webhook (never in production). */
export async function paySimulatedCheckout(deps: Deps, checkoutId: string): Promise<void> {
  if (deps.payments.provider !== 'simulated' || deps.config.production) throw new DomainError('NotFound');
  const session = await completeSimulatedCheckout(deps.db, checkoutId, deps.clock);
  if (!session) throw new DomainError('NotFound');
  if (session.status !== 'complete') throw new DomainError('HoldExpired');
  await applyCheckout(deps, session);
}
