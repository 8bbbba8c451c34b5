/**
 * Changing a visit booking: its slot, its party size or its visitors. A confirmed booking
 * takes the seats it needs first and only then gives back what it no longer needs; the seats
 * freed go to the waiting list in the same transaction.
 */
import type { SourceLocale } from '../../i18n/locale.ts';
import type { BookingTable } from '../../db/schema.ts';
import { inTransaction, type Trx } from '../../db/transaction.ts';
import type { Deps } from '../deps.ts';
import { iso } from '../shared/clock.ts';
import { DomainError } from '../shared/domain-error.ts';
import { releaseSeatsAt, resizeSeats, seatsLeftAt, takeSeats, visitCapacityId } from '../capacity/capacity.repository.ts';
import { enqueueEmail } from '../notifications/outbox.repository.ts';
import { bookingEmail } from './visits.emails.ts';
import { bookedVisitors, documentColumns, visitorsJson } from './booking-visitors.ts';
import { documentsPurgeAfter, findSlot, slotStarted } from './slots.ts';
import { bookingFieldErrors, partySizeSchema, visitorsSchema } from './visits.schema.ts';
import { findLiveBooking, updateBooking } from './visits.repository.ts';
import { alreadyBooked, bookableSlot, lockedBooking, promoteSlotWaitlist, seatsOf } from './visit-booking.steps.ts';
import type { BookingChange, VisitSlot, VisitorInput } from './visits.types.ts';

/** The change as decided once the booking is locked: where, how many, who (when new). */
interface PlannedChange {
  slot: VisitSlot;
  size: number;
  moving: boolean;
  visitors: VisitorInput[] | undefined;
}

/** The party size and the full visitor list checked against the content's limits. */
function checkChange(deps: Deps, change: BookingChange) {
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
 * What the change amounts to, refused (nothing changed yet) when it cannot be made; undefined
 * when there is nothing to change.
 */
async function planChange(
  trx: Trx,
  deps: Deps,
  booking: BookingTable,
  current: VisitSlot,
  change: BookingChange & { personId: string },
): Promise<PlannedChange | undefined> {
  const size = change.partySize ?? booking.party_size;
  const sameSlot = change.slotId === undefined || change.slotId === booking.slot_id;
  if (booking.status === 'confirmed' && sameSlot && size > booking.party_size) {
    // Say "not enough places" before asking for the newcomers' details.
    const left = await seatsLeftAt(trx, visitCapacityId(booking.slot_id));
    if (left < size - booking.party_size) throw new DomainError('PartyTooLarge');
  }
  let { visitors } = change;
  if (!visitors && size !== booking.party_size) visitors = resizedVisitors(deps, booking, size, change.addVisitors);
  if (visitors && visitors.length !== size) throw new DomainError('InvalidInput', { visitors: 'form.error.partySize' });
  const moving = change.slotId !== undefined && change.slotId !== booking.slot_id;
  if (!moving && size === booking.party_size && !visitors) return undefined;
  const slot = moving ? bookableSlot(deps, change.slotId!, booking.guide_language as SourceLocale, size) : current;
  if (!moving && size > slot.capacity) throw new DomainError('PartyTooLarge');
  if (moving && (await findLiveBooking(trx, deps.catalog.edition, change.personId, slot.id))) throw alreadyBooked();
  return { slot, size, moving, visitors };
}

/** Seats first (SlotFull / PartyTooLarge when missing), then the row, the email and the waiting lists. */
async function applyChange(trx: Trx, deps: Deps, booking: BookingTable, plan: PlannedChange, now: Date): Promise<void> {
  const stamp = iso(now);
  const { slot, size, moving, visitors } = plan;
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
}

/**
 * Change the slot, the party size or the visitors. A confirmed booking takes the seats it
 * needs first (new slot, or more seats) and only then gives back what it no longer needs;
 * when they are not there nothing changes: PartyTooLarge for a bigger party, SlotFull for
 * another slot. A waiting booking is just updated (and may then fit).
 */
export async function changeBooking(deps: Deps, personId: string, bookingId: string, change: BookingChange): Promise<void> {
  const checked = checkChange(deps, change);
  const now = deps.clock.now();
  await inTransaction(deps.db, async (trx) => {
    const booking = await lockedBooking(trx, deps, personId, bookingId, change.slotId);
    const current = findSlot(deps, booking.slot_id);
    const changeable = booking.status === 'confirmed' || booking.status === 'waitlisted';
    if (!changeable || !current || slotStarted(deps, current, now)) throw new DomainError('NotChangeable');
    const plan = await planChange(trx, deps, booking, current, { ...change, ...checked, personId });
    if (plan) await applyChange(trx, deps, booking, plan, now);
  });
}
