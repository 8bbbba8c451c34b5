/**
 * Email confirmation of new registrations, against seat squatting with invented addresses: an
 * unconfirmed registration holds the seats it got until a link from its mailbox is opened
 * (signIn, identity/sign-in.service.ts) by confirm_by. Then it moves on as a new registration
 * would have (a paid ticket's payment hold starts now); after confirm_by the sweep lets it
 * lapse, its seats go to the waiting list, and the person is told by email.
 */
import type { RegistrationStatus } from '../../db/schema.ts';
import { inTransaction, type Trx } from '../../db/transaction.ts';
import type { Deps } from '../deps.ts';
import { addMinutes, iso } from '../shared/clock.ts';
import { holdsSeats, releaseSeats } from '../capacity/capacity.repository.ts';
import type { EmailKind } from '../notifications/email.types.ts';
import { findLiveRegistration, findRegistration, listUnconfirmedPastDeadline, transition } from './registration.repository.ts';
import { enqueueRegistrationEmail } from './registration.emails.ts';
import { unseatChoices } from './session-choice.repository.ts';
import { seatedStatus, ticketOf } from './registration.rules.ts';
import { lockSessionSeats, promoteWaitlist } from './waitlist.service.ts';

/** The email once confirmed; a payment's comes with the payment (the person is on "my registration", with its Pay button). */
const confirmedEmail: Partial<Record<RegistrationStatus, EmailKind>> = {
  confirmed: 'registration-confirmed',
  waitlisted: 'registration-waitlisted',
  awaiting_approval: 'registration-pending-approval',
};

/**
 * The person opened a link from their mailbox: their unconfirmed registration, if still in
 * time, is confirmed. With seats it gets its ticket's status (a paid one's hold starts now);
 * without, it joins the waiting list in its original place. True when one was confirmed.
 */
export async function confirmRegistrationOf(deps: Deps, personId: string): Promise<boolean> {
  const now = deps.clock.now();
  const stamp = iso(now);
  return inTransaction(deps.db, async (trx) => {
    // Seat rows first, then the registration (the lock order in src/db/transaction.ts).
    await lockSessionSeats(trx, deps);
    const reg = await findLiveRegistration(trx, deps.catalog.edition, personId);
    if (reg?.status !== 'unconfirmed' || !reg.confirm_by || reg.confirm_by <= stamp) return false;
    const ticket = ticketOf(deps, reg.ticket_id);
    const status = (await holdsSeats(trx, reg.id)) ? (ticket ? seatedStatus(ticket) : 'confirmed') : 'waitlisted';
    const holdUntil = status === 'pending_payment' ? iso(addMinutes(now, deps.config.holdMinutes)) : null;
    const patch = { status, hold_expires_at: holdUntil, confirmed_at: status === 'confirmed' ? stamp : null, updated_at: stamp };
    if (!(await transition(trx, reg.id, ['unconfirmed'], patch))) return false;
    const kind = confirmedEmail[status];
    if (kind) await enqueueRegistrationEmail(trx, deps, { ...reg, ...patch }, kind);
    // Waiting choices of a seated registration now count; a waitlisted one's place is kept.
    await promoteWaitlist(trx, deps);
    return true;
  });
}

/** Not confirmed in time: seats released (to the waiting list), personal documents dropped, the person told. */
async function lapse(trx: Trx, deps: Deps, registrationId: string, now: Date): Promise<boolean> {
  const stamp = iso(now);
  await lockSessionSeats(trx, deps);
  const reg = await findRegistration(trx, registrationId);
  if (!reg) return false;
  const moved = await transition(trx, reg.id, ['unconfirmed'], { status: 'lapsed', passport_number_enc: null, updated_at: stamp });
  if (!moved) return false;
  await releaseSeats(trx, reg.id, stamp);
  await unseatChoices(trx, reg.id, stamp);
  await enqueueRegistrationEmail(trx, deps, { ...reg, status: 'lapsed' }, 'registration-lapsed');
  await promoteWaitlist(trx, deps);
  return true;
}

/**
 * Sweep unconfirmed registrations past their confirm_by. Each one moves on with a conditional
 * UPDATE whose row count decides, so running this twice, or on two instances at once, lapses
 * it (and emails the person) once.
 */
export async function lapseUnconfirmedRegistrations(deps: Deps): Promise<number> {
  const now = deps.clock.now();
  let lapsed = 0;
  for (const { id } of await listUnconfirmedPastDeadline(deps.db, iso(now))) {
    if (await inTransaction(deps.db, (trx) => lapse(trx, deps, id, now))) lapsed += 1;
  }
  return lapsed;
}
