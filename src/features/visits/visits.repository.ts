import type { Updateable } from 'kysely';
import type { BookingStatus, BookingTable } from '../../db/schema.ts';
import type { Executor } from '../../db/transaction.ts';

export const liveBookingStatuses: BookingStatus[] = ['unconfirmed', 'confirmed', 'waitlisted'];

export async function insertBooking(db: Executor, row: BookingTable) {
  await db.insertInto('booking').values(row).execute();
}

export async function findBooking(db: Executor, id: string) {
  return db.selectFrom('booking').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The booking's slot (the email renderer attaches the visit's QR code and calendar entry). */
export function findBookingSlot(db: Executor, bookingId: string): Promise<{ id: string; slot_id: string } | undefined> {
  return db.selectFrom('booking').select(['id', 'slot_id']).where('id', '=', bookingId).executeTakeFirst();
}

export async function findLiveBooking(db: Executor, edition: string, personId: string, slotId: string) {
  return db
    .selectFrom('booking')
    .selectAll()
    .where('edition', '=', edition)
    .where('person_id', '=', personId)
    .where('slot_id', '=', slotId)
    .where('status', 'in', liveBookingStatuses)
    .executeTakeFirst();
}

export async function countLiveBookingsOf(db: Executor, edition: string, personId: string): Promise<number> {
  const row = await db
    .selectFrom('booking')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('edition', '=', edition)
    .where('person_id', '=', personId)
    .where('status', 'in', liveBookingStatuses)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Unconfirmed bookings whose time to open the email link ran out. */
export async function listUnconfirmedBookingsPastDeadline(db: Executor, edition: string, now: string, limit = 100) {
  return db
    .selectFrom('booking')
    .select(['id'])
    .where('edition', '=', edition)
    .where('status', '=', 'unconfirmed')
    .where('confirm_by', '<', now)
    .orderBy('confirm_by')
    .limit(limit)
    .execute();
}

/** The person's bookings, newest first (cancelled ones too, for the history). */
export async function listBookingsOfPerson(db: Executor, edition: string, personId: string) {
  return db
    .selectFrom('booking')
    .selectAll()
    .where('edition', '=', edition)
    .where('person_id', '=', personId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/** Move a booking on only from the expected states: the row count says who won a race. */
export async function transitionBooking(
  db: Executor,
  id: string,
  from: BookingStatus[],
  patch: Updateable<BookingTable>,
): Promise<boolean> {
  const result = await db.updateTable('booking').set(patch).where('id', '=', id).where('status', 'in', from).executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export async function updateBooking(db: Executor, id: string, patch: Updateable<BookingTable>) {
  await db.updateTable('booking').set(patch).where('id', '=', id).execute();
}

/** Live (or only some statuses of) bookings of a slot, first come first served. */
export async function listSlotBookings(db: Executor, edition: string, slotId: string, statuses: BookingStatus[] = liveBookingStatuses) {
  return db
    .selectFrom('booking')
    .selectAll()
    .where('edition', '=', edition)
    .where('slot_id', '=', slotId)
    .where('status', 'in', statuses)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function slotWaitlistPosition(db: Executor, slotId: string, createdAt: string, id: string): Promise<number> {
  const row = await db
    .selectFrom('booking')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('slot_id', '=', slotId)
    .where('status', '=', 'waitlisted')
    .where((eb) => eb.or([eb('created_at', '<', createdAt), eb.and([eb('created_at', '=', createdAt), eb('id', '<=', id)])]))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Waiting parties per slot. */
export async function countWaitlistedBySlot(db: Executor, edition: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('booking')
    .select(['slot_id', (eb) => eb.fn.countAll<string | number>().as('n')])
    .where('edition', '=', edition)
    .where('status', '=', 'waitlisted')
    .groupBy('slot_id')
    .execute();
  return new Map(rows.map((r) => [r.slot_id, Number(r.n)]));
}

export async function liveSlotIds(db: Executor, edition: string): Promise<string[]> {
  const rows = await db
    .selectFrom('booking')
    .select('slot_id')
    .distinct()
    .where('edition', '=', edition)
    .where('status', 'in', liveBookingStatuses)
    .orderBy('slot_id')
    .execute();
  return rows.map((r) => r.slot_id);
}

/** Confirmed bookings of these slots that have not been reminded yet. */
export async function listUnremindedBookings(db: Executor, edition: string, slotIds: string[]) {
  if (slotIds.length === 0) return [];
  return db
    .selectFrom('booking')
    .selectAll()
    .where('edition', '=', edition)
    .where('slot_id', 'in', slotIds)
    .where('status', '=', 'confirmed')
    .where('reminder_sent_at', 'is', null)
    .orderBy('created_at')
    .execute();
}

/**
 * Claim the reminder of one booking: only one UPDATE can match (row count 1), however many
 * instances run the reminder job at once.
 */
export async function claimReminder(db: Executor, id: string, slotId: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('booking')
    .set({ reminder_sent_at: now })
    .where('id', '=', id)
    .where('slot_id', '=', slotId)
    .where('status', '=', 'confirmed')
    .where('reminder_sent_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** Delete the sealed document numbers whose keeping period is over; returns how many. */
export async function purgeDueDocuments(db: Executor, now: string): Promise<number> {
  const result = await db
    .updateTable('booking')
    .set({ id_documents_enc: null, id_purged_at: now, updated_at: now })
    .where('status', 'in', ['unconfirmed', 'confirmed', 'waitlisted', 'cancelled', 'lapsed'])
    .where('id_purge_after', '<', now)
    .where('id_documents_enc', 'is not', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
