/**
 * Email confirmation of new bookings, against squatting a slot's places with invented
 * visitors: an unconfirmed booking holds the places it got until a link from its mailbox is
 * opened (signIn, identity/sign-in.service.ts) by confirm_by. After that the sweep lets it
 * lapse: places back to the slot's waiting list, documents deleted, the person emailed.
 */
import type { BookingTable } from '../../db/schema.ts';
import { inTransaction, type Trx } from '../../db/transaction.ts';
import type { Deps } from '../deps.ts';
import { iso } from '../shared/clock.ts';
import { holdsSeats, releaseSeats } from '../capacity/capacity.repository.ts';
import { enqueueEmail } from '../notifications/outbox.repository.ts';
import { bookingEmail } from './visits.emails.ts';
import { listBookingsOfPerson, listUnconfirmedBookingsPastDeadline, transitionBooking } from './visits.repository.ts';
import { lockedBooking, promoteSlotWaitlist } from './visit-booking.steps.ts';

const inTime = (booking: BookingTable, stamp: string) => booking.confirm_by !== null && booking.confirm_by > stamp;

/** Confirm one locked booking: with its places it is booked, without them it waits in its original place. */
async function confirmLocked(trx: Trx, deps: Deps, booking: BookingTable, now: Date): Promise<boolean> {
  const stamp = iso(now);
  if (booking.status !== 'unconfirmed' || !inTime(booking, stamp)) return false;
  const status = (await holdsSeats(trx, booking.id)) ? 'confirmed' : 'waitlisted';
  if (!(await transitionBooking(trx, booking.id, ['unconfirmed'], { status, updated_at: stamp }))) return false;
  await enqueueEmail(
    trx,
    bookingEmail(deps, { ...booking, status }, status === 'confirmed' ? 'booking-confirmed' : 'booking-waitlisted'),
    now,
  );
  if (status === 'waitlisted') await promoteSlotWaitlist(trx, deps, booking.slot_id);
  return true;
}

/** The person opened a link from their mailbox: their unconfirmed bookings still in time are confirmed. Returns how many. */
export async function confirmBookingsOf(deps: Deps, personId: string): Promise<number> {
  const now = deps.clock.now();
  const pending = (await listBookingsOfPerson(deps.db, deps.catalog.edition, personId)).filter(
    (b) => b.status === 'unconfirmed' && inTime(b, iso(now)),
  );
  let confirmed = 0;
  for (const { id } of pending) {
    const done = await inTransaction(deps.db, async (trx) => confirmLocked(trx, deps, await lockedBooking(trx, deps, personId, id), now));
    if (done) confirmed += 1;
  }
  return confirmed;
}

/** Not confirmed in time: places back to the waiting list, document numbers deleted, the person told. */
async function lapseLocked(trx: Trx, deps: Deps, booking: BookingTable, now: Date): Promise<boolean> {
  const stamp = iso(now);
  const moved = await transitionBooking(trx, booking.id, ['unconfirmed'], {
    status: 'lapsed',
    updated_at: stamp,
    id_documents_enc: null,
    id_purged_at: booking.id_documents_enc ? stamp : booking.id_purged_at,
  });
  if (!moved) return false;
  await releaseSeats(trx, booking.id, stamp);
  await enqueueEmail(trx, bookingEmail(deps, { ...booking, status: 'lapsed' }, 'booking-lapsed'), now);
  await promoteSlotWaitlist(trx, deps, booking.slot_id);
  return true;
}

/**
 * Sweep unconfirmed bookings past their confirm_by. Each one is locked with its slot and moved
 * on by a conditional UPDATE whose row count decides, so running this twice, or on two
 * instances at once, lapses it (and emails the person) once.
 */
export async function lapseUnconfirmedBookings(deps: Deps): Promise<number> {
  const now = deps.clock.now();
  let lapsed = 0;
  for (const { id } of await listUnconfirmedBookingsPastDeadline(deps.db, deps.catalog.edition, iso(now))) {
    const done = await inTransaction(deps.db, async (trx) => lapseLocked(trx, deps, await lockedBooking(trx, deps, null, id), now));
    if (done) lapsed += 1;
  }
  return lapsed;
}
