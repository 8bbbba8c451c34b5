/**
 * Guided visits of the service center. A booking takes `party size` seats of its slot
 * atomically, or waits for them:
 *   waitlisted → confirmed → cancelled   (waitlisted → cancelled too)
 * Every change and the email reporting it are written in one transaction, and every
 * transaction that changes a slot's bookings locks that slot first (visit-booking.steps.ts).
 * Changing a booking: visit-booking-change.service.ts.
 */
import type { BookingTable } from '../../db/schema.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { inTransaction, type Trx } from '../../db/transaction.ts';
import type { Deps } from '../deps.ts';
import { iso } from '../shared/clock.ts';
import { DomainError } from '../shared/domain-error.ts';
import { newId } from '../shared/secrets.ts';
import { takeSeats } from '../capacity/capacity.repository.ts';
import { checkRateLimit, issueAccessToken, normalizeEmail } from '../identity/access.service.ts';
import { findPersonById, upsertPerson } from '../identity/identity.repository.ts';
import { enqueueEmail } from '../notifications/outbox.repository.ts';
import { bookingEmail } from './visits.emails.ts';
import { documentColumns, visitorsJson } from './booking-visitors.ts';
import { findSlot, slotStarted } from './slots.ts';
import type { BookingInput } from './visits.schema.ts';
import { findLiveBooking, insertBooking } from './visits.repository.ts';
import { alreadyBooked, bookableSlot, cancelLocked, lockedBooking, lockSlots, seatsOf } from './visit-booking.steps.ts';
import type { BookResult, VisitSlot } from './visits.types.ts';

/**
 * Count one booking attempt of this client (every form sent, valid or not, before it is
 * read): RateLimited beyond the forms allowed per client per 10 minutes.
 */
export async function checkBookingRateLimit(deps: Deps, clientKey: string): Promise<void> {
  await checkRateLimit(deps, 'book', clientKey, deps.config.formsPerClientPer10Min, 10);
}

/**
 * Book a visit (the booking form, parsed by parseBooking). A logged-in attendee (personId,
 * from "my registration") books as themselves: their address gets the emails, whatever was
 * typed. When the slot has too few seats for the party, the booking joins the slot's waiting
 * list.
 */
export async function bookVisit(deps: Deps, input: BookingInput, personId?: string): Promise<BookResult> {
  const slot = bookableSlot(deps, input.slot, input.guideLanguage, input.partySize);
  try {
    return await insertWithSeats(deps, input, slot, personId);
  } catch (error) {
    // The same person twice at once: the partial unique index lets one through.
    if (isUniqueViolation(error)) throw alreadyBooked();
    throw error;
  }
}

/** Who books: the logged-in person (with their own address), or the person of the typed email. */
async function bookingPerson(trx: Trx, input: BookingInput, givenPersonId: string | undefined, stamp: string) {
  if (givenPersonId) {
    const person = await findPersonById(trx, givenPersonId);
    if (!person) throw new DomainError('NotFound');
    return { personId: person.id, email: person.email };
  }
  const email = normalizeEmail(input.email);
  return { personId: await upsertPerson(trx, email, newId(), stamp), email };
}

type BookingKeys = Pick<BookingTable, 'id' | 'person_id' | 'email' | 'status'>;

function bookingRow(deps: Deps, input: BookingInput, slot: VisitSlot, keys: BookingKeys, stamp: string): BookingTable {
  return {
    ...keys,
    edition: deps.catalog.edition,
    slot_id: slot.id,
    party_size: input.partySize,
    contact_name: input.contactName,
    organization: input.organization,
    phone: input.phone,
    guide_language: input.guideLanguage,
    accessibility: input.accessibility,
    locale: input.locale,
    visitors: visitorsJson(input.visitors),
    ...documentColumns(deps, input.visitors, slot),
    consent_at: stamp,
    reminder_sent_at: null,
    cancelled_at: null,
    created_at: stamp,
    updated_at: stamp,
  };
}

async function insertWithSeats(deps: Deps, input: BookingInput, slot: VisitSlot, givenPersonId?: string): Promise<BookResult> {
  const now = deps.clock.now();
  const stamp = iso(now);
  const id = newId();
  return inTransaction(deps.db, async (trx) => {
    await lockSlots(trx, [slot.id], stamp);
    const { personId, email } = await bookingPerson(trx, input, givenPersonId, stamp);
    if (await findLiveBooking(trx, deps.catalog.edition, personId, slot.id)) throw alreadyBooked();
    const seated = await takeSeats(trx, id, seatsOf(slot.id, input.partySize), stamp);
    const keys: BookingKeys = { id, person_id: personId, email, status: seated ? 'confirmed' : 'waitlisted' };
    const row = bookingRow(deps, input, slot, keys, stamp);
    await insertBooking(trx, row);
    await enqueueEmail(trx, bookingEmail(deps, row, seated ? 'booking-confirmed' : 'booking-waitlisted'), now);
    const token = await issueAccessToken(deps, personId, trx);
    return { bookingId: id, personId, token, status: row.status };
  });
}

/** Cancel one's own booking before the visit starts; NotCancellable when it is too late or already cancelled. */
export async function cancelBooking(deps: Deps, personId: string, bookingId: string): Promise<void> {
  const done = await inTransaction(deps.db, async (trx) => {
    const booking = await lockedBooking(trx, deps, personId, bookingId);
    const slot = findSlot(deps, booking.slot_id);
    if (slot && slotStarted(deps, slot, deps.clock.now())) return false;
    return cancelLocked(trx, deps, booking, 'booking-cancelled');
  });
  if (!done) throw new DomainError('NotCancellable');
}
