/**
 * What the pages show of the visits: a person's bookings, seats per slot, and the organizer's
 * manifest of a slot (document numbers only on their own, via bookingDocumentNumbers).
 */
import type { BookingTable } from '../../db/schema.ts';
import type { Deps } from '../deps.ts';
import { DomainError } from '../shared/domain-error.ts';
import { seatsLeft, visitCapacityId } from '../capacity/capacity.repository.ts';
import { openDocuments, storedVisitors } from './booking-visitors.ts';
import { countWaitlistedBySlot, findBooking, listBookingsOfPerson, listSlotBookings, slotWaitlistPosition } from './visits.repository.ts';
import type { BookingStatus, BookingView, SlotAvailability, SlotManifest, VisitorDocument } from './visits.types.ts';

function toView(row: BookingTable, waitlistPosition?: number): BookingView {
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
    visitors: storedVisitors(row).map((v) => ({ ...v, hasDocument: row.id_documents_enc !== null && Boolean(v.documentType) })),
    waitlistPosition,
    confirmBy: row.status === 'unconfirmed' ? (row.confirm_by ?? undefined) : undefined,
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
export async function bookingDocumentNumbers(deps: Deps, bookingId: string): Promise<VisitorDocument[] | null> {
  const row = await findBooking(deps.db, bookingId);
  if (!row) throw new DomainError('NotFound');
  if (!row.id_documents_enc) return null;
  const numbers = openDocuments(deps, row);
  return storedVisitors(row).map((v, i) => ({ name: v.name, documentType: v.documentType, documentNumber: numbers[i] ?? null }));
}
