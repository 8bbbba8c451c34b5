/**
 * The waiting list: seats that come free go to it, oldest entry first. A free ticket is
 * confirmed; a paid one gets a time-limited offer to pay. The transitions that free or retake
 * seats (cancel, hold expiry, late payment) run inside the caller's transaction, so the seats,
 * the promotion and the emails reporting them commit together.
 */
import type { PaymentTable, RegistrationTable } from '../../db/schema.ts';
import type { Trx } from '../../db/transaction.ts';
import type { Deps } from '../deps.ts';
import { addMinutes, iso } from '../shared/clock.ts';
import { DomainError } from '../shared/domain-error.ts';
import { lockCapacityRows, releaseSeats, seatsLeft, sessionCapacityId, takeSeats, type SeatWant } from '../capacity/capacity.repository.ts';
import { revokeLinksOf } from '../identity/identity.repository.ts';
import { findLiveRegistration, findRegistration, liveStatuses, listWaitlisted, transition } from './registration.repository.ts';
import { enqueueRegistrationEmail } from './registration.emails.ts';
import { formatWithSymbol, issueReceipt } from './receipts.ts';
import { seatedStatus, seatsFor, ticketOf } from './registration.rules.ts';
import { promoteChoices } from './session-choices.service.ts';
import { unseatChoices } from './session-choice.repository.ts';

/**
 * Lock every session's capacity row, in id order: the first statement of every transaction
 * that takes, frees or promotes registration seats (register when a seat is missing, change of
 * session, cancel, hold expiry, payment). Such transactions then run one after the other, and
 * each reads the registrations it changes only once it holds the locks, so it acts on their
 * latest state. Seats, then the registration, then the waiting list: the lock order of
 * src/db/transaction.ts. On SQLite nothing to do: every transaction begins IMMEDIATE, holding
 * the database's one write lock already.
 */
export async function lockSessionSeats(trx: Trx, deps: Pick<Deps, 'catalog' | 'dialect'>): Promise<void> {
  if (deps.dialect === 'sqlite') return;
  await lockCapacityRows(
    trx,
    deps.catalog.sessions.map((s) => sessionCapacityId(s.id)),
  );
}

/** The wants that cannot be met now; their capacities are remembered as full for this run. */
async function blockedWants(trx: Trx, wants: SeatWant[], full: Set<string>): Promise<boolean> {
  if (wants.some((w) => full.has(w.capacityId))) return true;
  const left = await seatsLeft(
    trx,
    wants.map((w) => w.capacityId),
  );
  const blocked = wants.filter((w) => (left.get(w.capacityId)?.left ?? 0) < w.seats);
  blocked.forEach((w) => full.add(w.capacityId));
  return blocked.length > 0;
}

/**
 * Give seats that were freed to the waiting list, oldest first. A free ticket is confirmed;
 * a paid one gets a time-limited offer to pay; the promoted registration's session choices
 * then try their seats. Then each session's free seats go to its waiting choices
 * (promoteChoices). Runs inside the transaction that freed them, which locked the session
 * seats first (lockSessionSeats).
 */
export async function promoteWaitlist(trx: Trx, deps: Deps): Promise<string[]> {
  const now = deps.clock.now();
  const stamp = iso(now);
  const promoted: RegistrationTable[] = [];
  const full = new Set<string>();
  for (const reg of await listWaitlisted(trx, deps.catalog.edition)) {
    const wants = seatsFor(deps);
    if (await blockedWants(trx, wants, full)) continue;
    if (!(await takeSeats(trx, reg.id, wants, stamp))) continue;
    const ticket = ticketOf(deps, reg.ticket_id);
    const status = ticket ? seatedStatus(ticket) : 'confirmed';
    const patch = { status, hold_expires_at: status === 'pending_payment' ? iso(addMinutes(now, deps.config.offerHours * 60)) : null };
    await transition(trx, reg.id, ['waitlisted'], { ...patch, confirmed_at: status === 'confirmed' ? stamp : null, updated_at: stamp });
    promoted.push({ ...reg, ...patch });
  }
  // Waiting choices (the promoted registrations' among them, in their order) take free session
  // seats; a promoted registration's email then lists its choices as they ended up.
  await promoteChoices(trx, deps, new Set(promoted.map((r) => r.id)));
  for (const reg of promoted) await enqueueRegistrationEmail(trx, deps, reg, 'registration-promoted');
  return promoted.map((r) => r.id);
}

/**
 * Cancel: seats go back (and to the waiting list) in the same transaction, and the person's
 * links stop working, so none of them opens a registration made later with the address. A
 * paid registration is refunded first by the payment service, which then calls this.
 */
export async function cancelInTransaction(trx: Trx, deps: Deps, reg: RegistrationTable, refunded?: string): Promise<boolean> {
  const now = deps.clock.now();
  const stamp = iso(now);
  const moved = await transition(trx, reg.id, liveStatuses, {
    status: 'cancelled',
    cancelled_at: stamp,
    hold_expires_at: null,
    updated_at: stamp,
  });
  if (!moved) return false;
  await revokeLinksOf(trx, reg.person_id, stamp);
  await releaseSeats(trx, reg.id, stamp);
  await unseatChoices(trx, reg.id, stamp);
  await enqueueRegistrationEmail(trx, deps, { ...reg, status: 'cancelled' }, 'registration-cancelled', { refunded });
  await promoteWaitlist(trx, deps);
  return true;
}

/** A payment hold ran out (or the checkout expired): seats go to the waiting list. */
export async function expireHold(trx: Trx, deps: Deps, registrationId: string): Promise<boolean> {
  const stamp = iso(deps.clock.now());
  const moved = await transition(trx, registrationId, ['pending_payment'], { status: 'expired', hold_expires_at: null, updated_at: stamp });
  if (!moved) return false;
  await releaseSeats(trx, registrationId, stamp);
  await unseatChoices(trx, registrationId, stamp);
  await promoteWaitlist(trx, deps);
  return true;
}

/**
 * Payment arrived. Normally the seats are still held; if the hold had already run out the
 * seats are taken again, and when none are left the caller refunds (returns 'no-seat').
 */
export async function confirmPaid(
  trx: Trx,
  deps: Deps,
  registrationId: string,
  payment?: PaymentTable,
): Promise<'confirmed' | 'already' | 'no-seat'> {
  const now = deps.clock.now();
  const stamp = iso(now);
  // Claim the row first: of two payments applied at once (two paid checkouts), the second
  // waits here on PostgreSQL and then finds the registration confirmed.
  const claimed = await transition(trx, registrationId, ['pending_payment', 'expired'], { updated_at: stamp });
  const reg = await findRegistration(trx, registrationId);
  if (!reg) throw new DomainError('NotFound');
  if (!claimed) return reg.status === 'confirmed' ? 'already' : 'no-seat';
  if (reg.status === 'expired') {
    const clash = await findLiveRegistration(trx, reg.edition, reg.person_id);
    if (clash || !(await takeSeats(trx, reg.id, seatsFor(deps), stamp))) return 'no-seat';
  } else if (reg.status !== 'pending_payment') {
    return 'no-seat';
  }
  await transition(trx, reg.id, ['pending_payment', 'expired'], {
    status: 'confirmed',
    confirmed_at: stamp,
    hold_expires_at: null,
    updated_at: stamp,
  });
  // Back from expired: its choices wait again for seats, in their order.
  if (reg.status === 'expired') await promoteChoices(trx, deps, new Set([reg.id]));
  // One email per payment: the confirmation, with the payment and its receipt.
  const receipt = payment ? await issueReceipt(trx, deps, reg, payment) : undefined;
  const paid = receipt && {
    number: receipt.number,
    amount: formatWithSymbol(receipt.amount_cents, receipt.currency, reg.locale === 'zh' ? 'zh' : 'en'),
  };
  await enqueueRegistrationEmail(trx, deps, { ...reg, status: 'confirmed' }, 'registration-confirmed', { receipt: paid });
  return 'confirmed';
}
