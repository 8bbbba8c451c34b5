/**
 * Guided visits of the service center. A booking takes `party size` seats of its slot
 * atomically, or waits for them:
 *   unconfirmed → (confirmed | waitlisted) | lapsed   (visit-confirmation.service.ts)
 *   waitlisted → confirmed → cancelled   (waitlisted → cancelled too)
 * Every change and the email reporting it are written in one transaction, and every
 * transaction that changes a slot's bookings locks that slot first (visit-booking.steps.ts).
 * Changing a booking: visit-booking-change.service.ts.
 */
import type { BookingTable } from '../../db/schema.ts';
import { storedLocale } from '../../i18n/locale.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { inTransaction, type Trx } from '../../db/transaction.ts';
import type { Deps } from '../deps.ts';
import { deadline, iso } from '../shared/clock.ts';
import { DomainError } from '../shared/domain-error.ts';
import { newId } from '../shared/secrets.ts';
import { takeSeats } from '../capacity/capacity.repository.ts';
import { emailLinkToOwner, normalizeEmail } from '../identity/access.service.ts';
import { countSubmissionForEmail } from '../identity/rate-limits.ts';
import { findPersonByEmail, findPersonById, revokeLinksOf, upsertPerson } from '../identity/identity.repository.ts';
import { enqueueEmail } from '../notifications/outbox.repository.ts';
import { bookingEmail } from './visits.emails.ts';
import { documentColumns, visitorsJson } from './booking-visitors.ts';
import { findSlot, slotStarted } from './slots.ts';
import type { BookingInput } from './visits.schema.ts';
import { countLiveBookingsOf, findBooking, findLiveBooking, insertBooking } from './visits.repository.ts';
import { alreadyBooked, bookableSlot, cancelLocked, lockedBooking, lockSlots, seatsOf } from './visit-booking.steps.ts';
import type { BookResult, VisitSlot } from './visits.types.ts';

/**
 * Book a visit (the booking form, parsed by parseBooking). A signed-in person (personId, from
 * a link opened from their mailbox) books as themselves, confirmed at once: their address gets
 * the emails, whatever was typed. Anyone else's booking is unconfirmed until a link in its
 * email is opened (content: visits.confirmWithin; its seats are held meanwhile). When the slot
 * has too few seats for the party, the booking waits for them.
 *
 * An address that already has a live booking of the slot gets an email with its link, and the
 * caller gets the same kind of answer as for a new address (no error that would reveal it).
 * The form counts first against the rate limits of the client that sent it and of the address.
 */
export async function bookVisit(deps: Deps, input: BookingInput, clientKey: string, personId?: string): Promise<BookResult> {
  const person = personId ? await findPersonById(deps.db, personId) : undefined;
  // The client and the address it books for, in one statement (a form that could not be read counted its client alone).
  await countSubmissionForEmail(deps, 'book', clientKey, person?.email ?? normalizeEmail(input.email));
  const slot = bookableSlot(deps, input.slot, input.guideLanguage, input.partySize);
  const now = deps.clock.now();
  const confirmBy = personId ? null : deadline(now, deps.catalog.visits.settings.confirmWithin);
  let result: BookResult;
  try {
    result = await insertWithSeats(deps, input, slot, { personId, confirmBy, now });
  } catch (error) {
    // The same person twice at once: the partial unique index lets one through.
    if (!isUniqueViolation(error)) throw error;
    if (personId) throw alreadyBooked();
    const person = await findPersonByEmail(deps.db, normalizeEmail(input.email));
    const existing = person ? await findLiveBooking(deps.db, deps.catalog.edition, person.id, slot.id) : undefined;
    if (!existing) throw error;
    result = { created: false, bookingId: existing.id, personId: existing.person_id, status: existing.status, confirmBy };
  }
  if (!result.created) {
    const existing = await findBooking(deps.db, result.bookingId);
    if (existing) {
      const locale = storedLocale(existing.locale);
      const notice = { personId: existing.person_id, recipient: existing.email, locale, name: existing.contact_name } as const;
      await emailLinkToOwner(deps, { ...notice, reason: 'booked' });
    }
  }
  return result;
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

function bookingRow(
  deps: Deps,
  input: BookingInput,
  slot: VisitSlot,
  keys: BookingKeys,
  { stamp, confirmBy }: { stamp: string; confirmBy: string | null },
): BookingTable {
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
    confirm_by: keys.status === 'unconfirmed' ? confirmBy : null,
    reminder_sent_at: null,
    cancelled_at: null,
    created_at: stamp,
    updated_at: stamp,
  };
}

/** The email a new booking gets at once (an unconfirmed one's carries the link that confirms it). */
const firstEmail = { unconfirmed: 'booking-confirm', confirmed: 'booking-confirmed', waitlisted: 'booking-waitlisted' } as const;

async function insertWithSeats(
  deps: Deps,
  input: BookingInput,
  slot: VisitSlot,
  { personId: givenPersonId, confirmBy, now }: { personId: string | undefined; confirmBy: string | null; now: Date },
): Promise<BookResult> {
  const stamp = iso(now);
  const id = newId();
  return inTransaction(deps.db, async (trx) => {
    await lockSlots(trx, [slot.id], stamp);
    const { personId, email } = await bookingPerson(trx, input, givenPersonId, stamp);
    const existing = await findLiveBooking(trx, deps.catalog.edition, personId, slot.id);
    // Signed in, the person sees their own bookings anyway: a plain "already booked" is fine.
    if (existing && givenPersonId) throw alreadyBooked();
    if (existing) return { created: false, bookingId: existing.id, personId, status: existing.status, confirmBy };
    const seated = await takeSeats(trx, id, seatsOf(slot.id, input.partySize), stamp);
    const status = confirmBy ? 'unconfirmed' : seated ? 'confirmed' : 'waitlisted';
    const row = bookingRow(deps, input, slot, { id, person_id: personId, email, status }, { stamp, confirmBy });
    await insertBooking(trx, row);
    await enqueueEmail(trx, bookingEmail(deps, row, firstEmail[status]), now);
    return { created: true, bookingId: id, personId, status, confirmBy };
  });
}

/**
 * Cancel one's own booking before the visit starts; NotCancellable when it is too late or
 * already cancelled. Cancelling the person's last live booking makes their links stop working,
 * so none of them opens a booking made later with the address.
 */
export async function cancelBooking(deps: Deps, personId: string, bookingId: string): Promise<void> {
  const done = await inTransaction(deps.db, async (trx) => {
    const booking = await lockedBooking(trx, deps, personId, bookingId);
    const slot = findSlot(deps, booking.slot_id);
    if (slot && slotStarted(deps, slot, deps.clock.now())) return false;
    if (!(await cancelLocked(trx, deps, booking, 'booking-cancelled'))) return false;
    if ((await countLiveBookingsOf(trx, deps.catalog.edition, personId)) === 0) await revokeLinksOf(trx, personId, iso(deps.clock.now()));
    return true;
  });
  if (!done) throw new DomainError('NotCancellable');
}
