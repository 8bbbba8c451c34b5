/**
 * Steps shared by the visit booking services and jobs, each run inside the caller's
 * transaction. Every transaction that changes a slot's bookings locks that slot's capacity
 * row first (lockCapacities), so the steps below see the slot as nobody else changes it.
 */
import type { SourceLocale } from '../../i18n/locale.ts';
import type { BookingTable } from '../../db/schema.ts';
import type { Trx } from '../../db/transaction.ts';
import type { Deps } from '../deps.ts';
import { iso } from '../shared/clock.ts';
import { DomainError } from '../shared/domain-error.ts';
import { lockCapacities, releaseSeats, releaseSeatsAt, seatsLeftAt, takeSeats, visitCapacityId } from '../capacity/capacity.repository.ts';
import { enqueueEmail } from '../notifications/outbox.repository.ts';
import type { BookingEmailKind } from '../notifications/email.types.ts';
import { bookingEmail } from './visits.emails.ts';
import { findSlot, slotBookable, slotStarted } from './slots.ts';
import { findBooking, listSlotBookings, liveBookingStatuses, transitionBooking } from './visits.repository.ts';
import type { VisitSlot } from './visits.types.ts';

export const alreadyBooked = () => new DomainError('InvalidInput', { slot: 'form.error.alreadyBooked' });

/** The seats a party of partySize takes in a slot. */
export const seatsOf = (slotId: string, partySize: number) => [{ capacityId: visitCapacityId(slotId), seats: partySize }];

/** Content rules on top of the form: a known slot, open, with the guide language, big enough. */
export function bookableSlot(deps: Deps, slotId: string, guideLanguage: SourceLocale, partySize: number): VisitSlot {
  const slot = findSlot(deps, slotId);
  if (!slot) throw new DomainError('InvalidInput', { slot: 'form.error.choice' });
  if (!slotBookable(deps, slot, deps.clock.now())) throw new DomainError('SlotClosed');
  if (!slot.languages.includes(guideLanguage)) throw new DomainError('InvalidInput', { guideLanguage: 'form.error.guideLanguage' });
  // A party larger than the whole slot would wait for ever.
  if (partySize > slot.capacity) throw new DomainError('PartyTooLarge');
  return slot;
}

/** Lock these slots' capacity rows for the rest of the transaction. */
export function lockSlots(trx: Trx, slotIds: string[], stamp: string): Promise<void> {
  return lockCapacities(trx, slotIds.map(visitCapacityId), stamp);
}

/**
 * Give seats freed in a slot to its waiting list, oldest first. A party that does not fit is
 * skipped, not waited for: a smaller party behind it may use the seats (the bigger one keeps
 * its place for the next seats freed). Runs inside the transaction that freed them.
 */
export async function promoteSlotWaitlist(trx: Trx, deps: Deps, slotId: string): Promise<string[]> {
  const now = deps.clock.now();
  const stamp = iso(now);
  const slot = findSlot(deps, slotId);
  if (!slot || slot.cancelled || slotStarted(deps, slot, now)) return [];
  const capacityId = visitCapacityId(slotId);
  await lockSlots(trx, [slotId], stamp);
  let left = await seatsLeftAt(trx, capacityId);
  const promoted: string[] = [];
  for (const booking of await listSlotBookings(trx, deps.catalog.edition, slotId, ['waitlisted'])) {
    if (left === 0) break;
    if (booking.party_size > left) continue;
    if (!(await takeSeats(trx, booking.id, seatsOf(slotId, booking.party_size), stamp))) continue;
    if (!(await transitionBooking(trx, booking.id, ['waitlisted'], { status: 'confirmed', updated_at: stamp }))) {
      await releaseSeatsAt(trx, booking.id, capacityId, stamp);
      continue;
    }
    left -= booking.party_size;
    await enqueueEmail(trx, bookingEmail(deps, { ...booking, status: 'confirmed' }, 'booking-promoted'), now);
    promoted.push(booking.id);
  }
  return promoted;
}

/**
 * The booking as it is once its slot (and alsoSlot) are locked. It is read once to learn the
 * slot; if it moved to another slot in between, the caller is refused rather than acting on
 * a slot it has not locked. personId null: any person's booking (organizer side, jobs).
 */
export async function lockedBooking(trx: Trx, deps: Deps, personId: string | null, bookingId: string, alsoSlot?: string) {
  const seen = await findBooking(trx, bookingId);
  if (!seen || seen.edition !== deps.catalog.edition || (personId !== null && seen.person_id !== personId)) {
    throw new DomainError('NotFound');
  }
  await lockSlots(trx, [seen.slot_id, ...(alsoSlot ? [alsoSlot] : [])], iso(deps.clock.now()));
  const booking = await findBooking(trx, bookingId);
  if (!booking || booking.slot_id !== seen.slot_id) throw new DomainError('NotChangeable');
  return booking;
}

/**
 * Cancel a locked booking: seats back, documents deleted (no longer needed), the email, and
 * the freed seats to the waiting list. False when it was not live any more.
 */
export async function cancelLocked(trx: Trx, deps: Deps, booking: BookingTable, kind: BookingEmailKind): Promise<boolean> {
  const now = deps.clock.now();
  const stamp = iso(now);
  const moved = await transitionBooking(trx, booking.id, liveBookingStatuses, {
    status: 'cancelled',
    cancelled_at: stamp,
    updated_at: stamp,
    id_documents_enc: null,
    id_purged_at: booking.id_documents_enc ? stamp : booking.id_purged_at,
  });
  if (!moved) return false;
  await releaseSeats(trx, booking.id, stamp);
  await enqueueEmail(trx, bookingEmail(deps, { ...booking, status: 'cancelled' }, kind), now);
  await promoteSlotWaitlist(trx, deps, booking.slot_id);
  return true;
}
