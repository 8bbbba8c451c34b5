/**
 * Background work of the visits, run periodically by the server (safe to run in several
 * processes at once): withdrawn slots, reminders, document purge; and the start-up checks
 * (slot capacities from content, slots with bookings that content no longer has).
 */
import { inTransaction } from '../../db/transaction.ts';
import type { Deps } from '../deps.ts';
import { iso } from '../shared/clock.ts';
import { syncCapacities, visitCapacityId } from '../capacity/capacity.repository.ts';
import { enqueueEmail } from '../notifications/outbox.repository.ts';
import { bookingEmail } from './visits.emails.ts';
import { reminderDue } from './slots.ts';
import {
  claimReminder,
  findBooking,
  listSlotBookings,
  listUnremindedBookings,
  liveSlotIds,
  purgeDueDocuments,
} from './visits.repository.ts';
import { cancelLocked, lockedBooking } from './visit-booking.steps.ts';

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
