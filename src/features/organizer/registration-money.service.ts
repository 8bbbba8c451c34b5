/**
 * Money on a registration, by staff: cancel it with or without a refund (the refund goes
 * through the payment provider first, as the attendee's own cancel does; an offline payment is
 * marked refunded, the money going back by bank), and record a bank transfer, which confirms a
 * registration waiting for payment exactly as a paid checkout would (receipt and email).
 */
import type { PaymentTable } from '../../db/schema.ts';
import { inTransaction } from '../../db/transaction.ts';
import { storedLocale } from '../../i18n/locale.ts';
import { formatMoney } from '../../lib/money.ts';
import type { Deps } from '../deps.ts';
import { iso } from '../shared/clock.ts';
import { DomainError } from '../shared/domain-error.ts';
import { newId } from '../shared/secrets.ts';
import { audit, type Actor } from '../staff/audit.ts';
import { closeCheckout, refundPayment } from '../payments/payment.service.ts';
import { insertPayment, latestPayment, paymentTransition } from '../payments/payment.repository.ts';
import { findRegistration } from '../registration/registration.repository.ts';
import { cancelInTransaction, confirmPaid, lockSessionSeats } from '../registration/waitlist.service.ts';
import type { OfflinePaymentInput } from './registration-admin.schema.ts';
import type { StaffOutcome } from './registration-decisions.service.ts';

const subject = (id: string) => ({ type: 'registration', id });

/** Pay back the registration's paid payment (provider refund, or marked refunded when offline); the formatted amount. */
async function refundLatest(deps: Deps, payment: PaymentTable, locale: string): Promise<string> {
  if (payment.provider === 'offline' || !payment.payment_intent) {
    await paymentTransition(deps.db, payment.id, ['paid'], {
      status: 'refunded',
      refund_reason: 'cancelled',
      updated_at: iso(deps.clock.now()),
    });
  } else {
    await refundPayment(deps, payment, payment.payment_intent, 'cancelled');
  }
  return formatMoney(payment.amount_cents, payment.currency, storedLocale(locale));
}

/**
 * Cancel a live registration. With `refund` its paid payment is refunded first (a failed refund
 * changes nothing: try again); an open checkout is closed at the provider (one paid at that
 * moment is then refunded too, or kept without `refund`).
 */
export async function cancelByStaff(deps: Deps, actor: Actor, registrationId: string, refund: boolean): Promise<StaffOutcome> {
  const reg = await findRegistration(deps.db, registrationId);
  if (!reg) throw new DomainError('NotFound');
  if (reg.status === 'cancelled') return 'already';
  let payment = await latestPayment(deps.db, reg.id);
  if (payment?.status === 'open' && payment.provider !== 'offline') {
    await closeCheckout(deps, payment);
    payment = await latestPayment(deps.db, reg.id);
  }
  const refunded = refund && payment?.status === 'paid' ? await refundLatest(deps, payment, reg.locale) : undefined;
  const done = await inTransaction(deps.db, async (trx) => {
    await lockSessionSeats(trx, deps);
    const fresh = await findRegistration(trx, reg.id);
    if (!fresh || !(await cancelInTransaction(trx, deps, fresh, refunded))) return false;
    const detail = { from: fresh.status, refund, refunded: refunded !== undefined };
    await audit({ db: trx, clock: deps.clock }, actor, refund ? 'registration.refund' : 'registration.cancel', subject(reg.id), detail);
    return true;
  });
  if (!done) throw new DomainError('NotCancellable');
  return 'done';
}

/**
 * Record a bank transfer for a registration waiting for payment: a paid 'offline' payment, then
 * the same confirmation as a paid checkout (seats kept or taken again, receipt, email). The same
 * reference recorded again on the confirmed registration answers 'already'.
 */
export async function recordOfflinePayment(
  deps: Deps,
  actor: Actor,
  registrationId: string,
  input: OfflinePaymentInput,
): Promise<StaffOutcome> {
  const before = await latestPayment(deps.db, registrationId);
  if (before?.status === 'open' && before.provider !== 'offline' && (await closeCheckout(deps, before)) === 'paid') {
    throw new DomainError('NotPayable');
  }
  const now = iso(deps.clock.now());
  return inTransaction(deps.db, async (trx) => {
    await lockSessionSeats(trx, deps);
    const reg = await findRegistration(trx, registrationId);
    if (!reg) throw new DomainError('NotFound');
    const same = await trx
      .selectFrom('payment')
      .select('id')
      .where('registration_id', '=', reg.id)
      .where('provider', '=', 'offline')
      .where('offline_reference', '=', input.reference)
      .executeTakeFirst();
    if (same && reg.status === 'confirmed') return 'already';
    if (reg.status !== 'pending_payment' && reg.status !== 'expired') throw new DomainError('NotPayable');
    const payment: PaymentTable = {
      id: newId(),
      registration_id: reg.id,
      provider: 'offline',
      checkout_id: null,
      checkout_url: null,
      status: 'paid',
      amount_cents: input.amountCents,
      currency: reg.currency,
      payment_intent: null,
      refund_id: null,
      refund_reason: null,
      offline_reference: input.reference,
      paid_on: input.paidOn,
      expires_at: now,
      created_at: now,
      updated_at: now,
    };
    await insertPayment(trx, payment);
    if ((await confirmPaid(trx, deps, reg.id, payment)) !== 'confirmed') throw new DomainError('NotPayable');
    const detail = { payment: payment.id, amountCents: input.amountCents, paidOn: input.paidOn };
    await audit({ db: trx, clock: deps.clock }, actor, 'registration.offline-payment', subject(reg.id), detail);
    return 'done';
  });
}
