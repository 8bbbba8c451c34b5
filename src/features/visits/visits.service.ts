/**
 * Guided visits of the service center. A booking takes `party size` seats of its slot
 * atomically, or waits for them:
 *   waitlisted → confirmed → cancelled   (waitlisted → cancelled too)
 * Every change and the email reporting it are written in one transaction, and every
 * transaction that changes a slot's bookings locks that slot first (lockCapacities).
 */
import type { Locale } from '../../i18n/locale.ts';
import type { BookingTable } from '../../db/schema.ts';
import { inTransaction, type Trx } from '../../db/transaction.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import type { Deps } from '../deps.ts';
import { iso } from '../shared/clock.ts';
import { DomainError } from '../shared/domain-error.ts';
import { newId, open, seal } from '../shared/secrets.ts';
import {
  lockCapacities,
  releaseSeats,
  releaseSeatsAt,
  resizeSeats,
  seatsLeft,
  seatsLeftAt,
  syncCapacities,
  takeSeats,
  visitCapacityId,
} from '../capacity/capacity.repository.ts';
import { checkRateLimit, issueAccessToken, normalizeEmail } from '../identity/access.service.ts';
import { findPersonById, upsertPerson } from '../identity/identity.repository.ts';
import { enqueueEmail } from '../notifications/outbox.repository.ts';
import type { BookingEmailKind } from '../notifications/email.types.ts';
import { bookingEmail } from './visits.emails.ts';
import { documentsPurgeAfter, findSlot, reminderDue, slotBookable, slotStarted } from './slots.ts';
import {
  bookingFieldErrors,
  bookingFormToRecord,
  bookingSchema,
  partySizeSchema,
  visitorsSchema,
  type BookingInput,
} from './visits.schema.ts';
import {
  claimReminder,
  countWaitlistedBySlot,
  findBooking,
  findLiveBooking,
  insertBooking,
  listBookingsOfPerson,
  listSlotBookings,
  listUnremindedBookings,
  liveBookingStatuses,
  liveSlotIds,
  purgeDueDocuments,
  slotWaitlistPosition,
  transitionBooking,
  updateBooking,
} from './visits.repository.ts';
import type { BookingStatus, BookingView, VisitSlot, VisitorInput } from './visits.types.ts';

export interface BookResult {
  bookingId: string;
  personId: string;
  /** raw access token for the session cookie right after booking */
  token: string;
  status: BookingStatus;
}

export interface BookingChange {
  slotId?: string | undefined;
  partySize?: number | undefined;
  /** the whole new list of visitors, one row per visitor */
  visitors?: VisitorInput[] | undefined;
  /**
   * Or, when the party grows from "my registration": only the visitors who join; the ones
   * already booked keep their names and documents. A smaller party keeps the first ones.
   */
  addVisitors?: VisitorInput[] | undefined;
}

export interface SlotAvailability {
  capacity: number;
  taken: number;
  left: number;
  /** parties (bookings) on the waiting list */
  waitlisted: number;
}

export interface SlotManifest {
  slotId: string;
  confirmedVisitors: number;
  waitlistedVisitors: number;
  /** live bookings, first come first served; document numbers only via bookingDocumentNumbers */
  bookings: BookingView[];
}

const alreadyBooked = () => new DomainError('InvalidInput', { slot: 'form.error.alreadyBooked' });
const seatsOf = (slotId: string, partySize: number) => [{ capacityId: visitCapacityId(slotId), seats: partySize }];

/** Stored visitors: names and document types, never the numbers. */
function visitorsJson(visitors: VisitorInput[]): string {
  return JSON.stringify(
    visitors.map((v) => ({ name: v.name, organization: v.organization, ...(v.documentType ? { documentType: v.documentType } : {}) })),
  );
}

/** The numbers, one per visitor in the same order, sealed together; null when none were asked. */
function sealDocuments(deps: Deps, visitors: VisitorInput[]): string | null {
  if (!visitors.some((v) => v.documentNumber)) return null;
  return seal(deps.keys.encryption, JSON.stringify(visitors.map((v) => v.documentNumber ?? null)));
}

function documentColumns(deps: Deps, visitors: VisitorInput[], slot: VisitSlot) {
  const sealed = sealDocuments(deps, visitors);
  return { id_documents_enc: sealed, id_purge_after: sealed ? documentsPurgeAfter(deps, slot) : null, id_purged_at: null };
}

/** Content rules on top of the form: a known slot, open, with the guide language, big enough. */
function bookableSlot(deps: Deps, slotId: string, guideLanguage: Locale, partySize: number): VisitSlot {
  const slot = findSlot(deps, slotId);
  if (!slot) throw new DomainError('InvalidInput', { slot: 'form.error.choice' });
  if (!slotBookable(deps, slot, deps.clock.now())) throw new DomainError('SlotClosed');
  if (!slot.languages.includes(guideLanguage)) throw new DomainError('InvalidInput', { guideLanguage: 'form.error.guideLanguage' });
  // A party larger than the whole slot would wait for ever.
  if (partySize > slot.capacity) throw new DomainError('PartyTooLarge');
  return slot;
}

/**
 * Book a visit from the form. A logged-in attendee (personId, from "my registration") books
 * as themselves: their address gets the emails, whatever was typed. When the slot has too
 * few seats for the party, the booking joins the slot's waiting list.
 */
export async function bookVisit(
  deps: Deps,
  form: FormData | Record<string, unknown>,
  clientKey: string,
  personId?: string,
): Promise<BookResult> {
  await checkRateLimit(deps, 'book', clientKey, deps.config.formsPerClientPer10Min, 10);
  const parsed = bookingSchema(deps.catalog.visits.settings).safeParse(bookingFormToRecord(form));
  if (!parsed.success) throw new DomainError('InvalidInput', bookingFieldErrors(parsed.error));
  const input = parsed.data;
  const slot = bookableSlot(deps, input.slot, input.guideLanguage, input.partySize);
  try {
    return await insertWithSeats(deps, input, slot, personId);
  } catch (error) {
    // The same person twice at once: the partial unique index lets one through.
    if (isUniqueViolation(error)) throw alreadyBooked();
    throw error;
  }
}

async function insertWithSeats(deps: Deps, input: BookingInput, slot: VisitSlot, givenPersonId?: string): Promise<BookResult> {
  const now = deps.clock.now();
  const stamp = iso(now);
  const id = newId();
  return inTransaction(deps.db, async (trx) => {
    let personId: string;
    let email: string;
    if (givenPersonId) {
      const person = await findPersonById(trx, givenPersonId);
      if (!person) throw new DomainError('NotFound');
      [personId, email] = [person.id, person.email];
    } else {
      email = normalizeEmail(input.email);
      personId = await upsertPerson(trx, email, newId(), stamp);
    }
    await lockCapacities(trx, [visitCapacityId(slot.id)], stamp);
    if (await findLiveBooking(trx, deps.catalog.edition, personId, slot.id)) throw alreadyBooked();
    const seated = await takeSeats(trx, id, seatsOf(slot.id, input.partySize), stamp);
    const row: BookingTable = {
      id,
      edition: deps.catalog.edition,
      person_id: personId,
      slot_id: slot.id,
      status: seated ? 'confirmed' : 'waitlisted',
      party_size: input.partySize,
      contact_name: input.contactName,
      organization: input.organization,
      email,
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
    await insertBooking(trx, row);
    await enqueueEmail(trx, bookingEmail(deps, row, seated ? 'booking-confirmed' : 'booking-waitlisted'), now);
    const token = await issueAccessToken(deps, personId, trx);
    return { bookingId: id, personId, token, status: row.status };
  });
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
  await lockCapacities(trx, [capacityId], stamp);
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
 * a slot it has not locked.
 */
async function lockedBooking(trx: Trx, deps: Deps, personId: string | null, bookingId: string, alsoSlot?: string) {
  const seen = await findBooking(trx, bookingId);
  if (!seen || seen.edition !== deps.catalog.edition || (personId !== null && seen.person_id !== personId)) {
    throw new DomainError('NotFound');
  }
  const slots = [seen.slot_id, ...(alsoSlot ? [alsoSlot] : [])];
  await lockCapacities(trx, slots.map(visitCapacityId), iso(deps.clock.now()));
  const booking = await findBooking(trx, bookingId);
  if (!booking || booking.slot_id !== seen.slot_id) throw new DomainError('NotChangeable');
  return booking;
}

function parseChange(deps: Deps, change: BookingChange) {
  const settings = deps.catalog.visits.settings;
  let partySize: number | undefined;
  if (change.partySize !== undefined) {
    const size = partySizeSchema(settings).safeParse(change.partySize);
    if (!size.success) throw new DomainError('InvalidInput', { partySize: 'form.error.partySize' });
    partySize = size.data;
  }
  let visitors: VisitorInput[] | undefined;
  if (change.visitors !== undefined) {
    const parsed = visitorsSchema(settings).safeParse(change.visitors);
    if (!parsed.success) {
      const fields = bookingFieldErrors(parsed.error);
      throw new DomainError(
        'InvalidInput',
        Object.fromEntries(Object.entries(fields).map(([k, v]) => [k === 'form' ? 'visitors' : `visitors.${k}`, v])),
      );
    }
    visitors = parsed.data;
  }
  return { partySize, visitors };
}

/** The booked visitors with their (decrypted) documents. */
function bookedVisitors(deps: Deps, booking: BookingTable): VisitorInput[] {
  const rows = JSON.parse(booking.visitors) as { name: string; organization: string; documentType?: string }[];
  const numbers = booking.id_documents_enc ? (JSON.parse(open(deps.keys.encryption, booking.id_documents_enc)) as (string | null)[]) : [];
  return rows.map((row, i) => ({ ...row, documentNumber: numbers[i] ?? undefined }));
}

/** A new party size without a full list: keep the first visitors, add the newcomers (checked). */
function resizedVisitors(deps: Deps, booking: BookingTable, size: number, added: VisitorInput[] = []): VisitorInput[] {
  const kept = bookedVisitors(deps, booking).slice(0, size);
  if (kept.length === size) return kept;
  const newcomers = added.filter((v) => v.name || v.documentNumber).slice(0, size - kept.length);
  const parsed = visitorsSchema(deps.catalog.visits.settings).safeParse(newcomers);
  if (!parsed.success || newcomers.length !== size - kept.length) {
    const fields = parsed.success ? {} : bookingFieldErrors(parsed.error);
    const offset = (k: string) => k.replace(/^(\d+)/, (n) => String(Number(n) + kept.length));
    throw new DomainError('InvalidInput', {
      visitors: 'form.error.partySize',
      ...Object.fromEntries(
        Object.entries(fields)
          .filter(([k]) => k !== 'form')
          .map(([k, v]) => [`visitors.${offset(k)}`, v]),
      ),
    });
  }
  return [...kept, ...parsed.data];
}

/**
 * Change the slot, the party size or the visitors. A confirmed booking takes the seats it
 * needs first (new slot, or more seats) and only then gives back what it no longer needs;
 * when they are not there nothing changes: PartyTooLarge for a bigger party, SlotFull for
 * another slot. A waiting booking is just updated (and may then fit).
 */
export async function changeBooking(deps: Deps, personId: string, bookingId: string, change: BookingChange): Promise<void> {
  const parsedChange = parseChange(deps, change);
  const { partySize } = parsedChange;
  let { visitors } = parsedChange;
  const now = deps.clock.now();
  const stamp = iso(now);
  await inTransaction(deps.db, async (trx) => {
    const booking = await lockedBooking(trx, deps, personId, bookingId, change.slotId);
    const current = findSlot(deps, booking.slot_id);
    if (booking.status === 'cancelled' || !current || slotStarted(deps, current, now)) throw new DomainError('NotChangeable');
    const size = partySize ?? booking.party_size;
    const sameSlot = change.slotId === undefined || change.slotId === booking.slot_id;
    const growing = booking.status === 'confirmed' && sameSlot && size > booking.party_size;
    if (growing) {
      // Say "not enough places" before asking for the newcomers' details.
      const left = await seatsLeftAt(trx, visitCapacityId(booking.slot_id));
      if (left < size - booking.party_size) throw new DomainError('PartyTooLarge');
    }
    if (!visitors && size !== booking.party_size) visitors = resizedVisitors(deps, booking, size, change.addVisitors);
    if (visitors && visitors.length !== size) {
      throw new DomainError('InvalidInput', { visitors: 'form.error.partySize' });
    }
    const moving = change.slotId !== undefined && change.slotId !== booking.slot_id;
    if (!moving && size === booking.party_size && !visitors) return; // nothing to change
    const slot = moving ? bookableSlot(deps, change.slotId!, booking.guide_language as Locale, size) : current;
    if (!moving && size > slot.capacity) throw new DomainError('PartyTooLarge');
    if (moving && (await findLiveBooking(trx, deps.catalog.edition, personId, slot.id))) throw alreadyBooked();

    if (booking.status === 'confirmed' && moving) {
      if (!(await takeSeats(trx, booking.id, seatsOf(slot.id, size), stamp))) throw new DomainError('SlotFull');
      await releaseSeatsAt(trx, booking.id, visitCapacityId(booking.slot_id), stamp);
    } else if (booking.status === 'confirmed' && size !== booking.party_size) {
      if (!(await resizeSeats(trx, booking.id, visitCapacityId(slot.id), size, stamp))) throw new DomainError('PartyTooLarge');
    }

    const patch: Partial<BookingTable> = { slot_id: slot.id, party_size: size, updated_at: stamp };
    if (moving) patch.reminder_sent_at = null; // the new visit gets its own reminder
    if (visitors) Object.assign(patch, { visitors: visitorsJson(visitors) }, documentColumns(deps, visitors, slot));
    else if (moving && booking.id_documents_enc) patch.id_purge_after = documentsPurgeAfter(deps, slot);
    await updateBooking(trx, booking.id, patch);

    if (booking.status === 'confirmed') await enqueueEmail(trx, bookingEmail(deps, { ...booking, ...patch }, 'booking-confirmed'), now);
    // Seats freed (old slot, smaller party) go to the waiting list; a waiting booking may now fit.
    await promoteSlotWaitlist(trx, deps, booking.slot_id);
    if (moving) await promoteSlotWaitlist(trx, deps, slot.id);
  });
}

/**
 * Cancel a locked booking: seats back, documents deleted (no longer needed), the email, and
 * the freed seats to the waiting list. False when it was not live any more.
 */
async function cancelLocked(trx: Trx, deps: Deps, booking: BookingTable, kind: BookingEmailKind): Promise<boolean> {
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

export async function cancelBooking(deps: Deps, personId: string, bookingId: string): Promise<void> {
  const done = await inTransaction(deps.db, async (trx) => {
    const booking = await lockedBooking(trx, deps, personId, bookingId);
    const slot = findSlot(deps, booking.slot_id);
    if (slot && slotStarted(deps, slot, deps.clock.now())) return false;
    return cancelLocked(trx, deps, booking, 'booking-cancelled');
  });
  if (!done) throw new DomainError('NotCancellable');
}

/** Slots an organizer withdrew in content: cancel their live bookings, one email each. */
export async function cancelWithdrawnSlots(deps: Deps): Promise<number> {
  let cancelled = 0;
  for (const slot of deps.catalog.visits.slots.filter((s) => s.cancelled)) {
    for (const { id } of await listSlotBookings(deps.db, deps.catalog.edition, slot.id)) {
      const done = await inTransaction(deps.db, async (trx) => {
        const booking = await lockedBooking(trx, deps, null, id);
        return cancelLocked(trx, deps, booking, 'slot-cancelled');
      });
      if (done) cancelled += 1;
    }
  }
  return cancelled;
}

function toView(row: BookingTable, waitlistPosition?: number): BookingView {
  const visitors = JSON.parse(row.visitors) as { name: string; organization: string; documentType?: string }[];
  return {
    id: row.id,
    slotId: row.slot_id,
    status: row.status,
    partySize: row.party_size,
    guideLanguage: row.guide_language === 'zh' ? 'zh' : 'en',
    contactName: row.contact_name,
    organization: row.organization,
    email: row.email,
    phone: row.phone,
    accessibility: row.accessibility,
    visitors: visitors.map((v) => ({ ...v, hasDocument: row.id_documents_enc !== null && Boolean(v.documentType) })),
    waitlistPosition,
    createdAt: row.created_at,
  };
}

async function withPosition(deps: Deps, row: BookingTable): Promise<BookingView> {
  const position = row.status === 'waitlisted' ? await slotWaitlistPosition(deps.db, row.slot_id, row.created_at, row.id) : undefined;
  return toView(row, position);
}

/** The person's bookings, live and cancelled, newest first. */
export async function listBookingsOf(deps: Deps, personId: string): Promise<BookingView[]> {
  const rows = await listBookingsOfPerson(deps.db, deps.catalog.edition, personId);
  return Promise.all(rows.map((row) => withPosition(deps, row)));
}

/**
 * Reminders the day before (from 24 h before the start until the start). Each booking is
 * claimed with a conditional UPDATE and its email written in the same transaction, so
 * running this twice, or on two instances at once, sends one reminder.
 */
export async function sendReminders(deps: Deps): Promise<number> {
  const now = deps.clock.now();
  const due = deps.catalog.visits.slots.filter((s) => reminderDue(deps, s, now)).map((s) => s.id);
  let sent = 0;
  for (const booking of await listUnremindedBookings(deps.db, deps.catalog.edition, due)) {
    const claimed = await inTransaction(deps.db, async (trx) => {
      if (!(await claimReminder(trx, booking.id, booking.slot_id, iso(now)))) return false;
      const fresh = (await findBooking(trx, booking.id)) ?? booking;
      await enqueueEmail(trx, bookingEmail(deps, fresh, 'booking-reminder'), now);
      return true;
    });
    if (claimed) sent += 1;
  }
  return sent;
}

/** Delete document numbers whose keeping period (visit + purgeDaysAfterVisit) is over. */
export async function purgeIdDocuments(deps: Deps): Promise<number> {
  return purgeDueDocuments(deps.db, iso(deps.clock.now()));
}

/** Slots with live bookings that content no longer has: the server refuses to start on them. */
export async function orphanedSlots(deps: Deps): Promise<string[]> {
  const known = new Set(deps.catalog.visits.slots.map((s) => s.id));
  return (await liveSlotIds(deps.db, deps.catalog.edition)).filter((id) => !known.has(id));
}

/** Create the slots' capacities and apply limits from content; seats taken are kept. */
export async function syncSlotCapacities(deps: Deps): Promise<void> {
  const limits = deps.catalog.visits.slots.map((s) => ({ id: visitCapacityId(s.id), limit: s.capacity }));
  await syncCapacities(deps.db, limits, iso(deps.clock.now()));
}

/** Seats and waiting parties per slot, for the visits page. */
export async function slotAvailability(deps: Deps): Promise<Map<string, SlotAvailability>> {
  const slots = deps.catalog.visits.slots;
  const seats = await seatsLeft(
    deps.db,
    slots.map((s) => visitCapacityId(s.id)),
  );
  const waiting = await countWaitlistedBySlot(deps.db, deps.catalog.edition);
  return new Map(
    slots.map((slot) => {
      const row = seats.get(visitCapacityId(slot.id)) ?? { limit: slot.capacity, taken: 0, left: slot.capacity };
      return [slot.id, { capacity: row.limit, taken: row.taken, left: row.left, waitlisted: waiting.get(slot.id) ?? 0 }];
    }),
  );
}

/** Who comes to a slot (organizer side): live bookings, first come first served. */
export async function slotManifest(deps: Deps, slotId: string): Promise<SlotManifest> {
  const rows = await listSlotBookings(deps.db, deps.catalog.edition, slotId);
  const bookings = await Promise.all(rows.map((row) => withPosition(deps, row)));
  const sum = (status: BookingStatus) => rows.filter((r) => r.status === status).reduce((n, r) => n + r.party_size, 0);
  return { slotId, confirmedVisitors: sum('confirmed'), waitlistedVisitors: sum('waitlisted'), bookings };
}

/** The visitors' document numbers, decrypted (organizer side); null when none kept. */
export async function bookingDocumentNumbers(
  deps: Deps,
  bookingId: string,
): Promise<{ name: string; documentType?: string | undefined; documentNumber: string | null }[] | null> {
  const row = await findBooking(deps.db, bookingId);
  if (!row) throw new DomainError('NotFound');
  if (!row.id_documents_enc) return null;
  const numbers = JSON.parse(open(deps.keys.encryption, row.id_documents_enc)) as (string | null)[];
  const visitors = JSON.parse(row.visitors) as { name: string; documentType?: string }[];
  return visitors.map((v, i) => ({ name: v.name, documentType: v.documentType, documentNumber: numbers[i] ?? null }));
}
