/** When a visit slot takes place and can be booked: pure rules over content. */
import type { Catalog } from '../registration/catalog.ts';
import { addDays, zonedToUtc } from '../../lib/zoned-time.ts';
import type { VisitSlot } from './visits.types.ts';

type HasCatalog = { catalog: Catalog };

export function findSlot(deps: HasCatalog, slotId: string): VisitSlot | undefined {
  return deps.catalog.visits.slots.find((s) => s.id === slotId);
}

/** The instant the visit starts (content gives wall-clock time in the event timezone). */
export function slotStart(deps: HasCatalog, slot: VisitSlot): Date {
  return zonedToUtc(slot.date, slot.start, deps.catalog.event.timezone);
}

export function slotStarted(deps: HasCatalog, slot: VisitSlot, now: Date): boolean {
  return now.getTime() >= slotStart(deps, slot).getTime();
}

/** Open between bookingOpens and bookingCloses, and never once the visit has started. */
export function slotBookable(deps: HasCatalog, slot: VisitSlot, now: Date): boolean {
  if (slot.cancelled || slotStarted(deps, slot, now)) return false;
  const t = now.getTime();
  // Content instants may carry an offset ("…+08:00"): compare instants, not text.
  if (slot.bookingOpens && t < Date.parse(slot.bookingOpens)) return false;
  if (slot.bookingCloses && t > Date.parse(slot.bookingCloses)) return false;
  return true;
}

/** The day before: from 24 hours before the start until the start. */
export function reminderDue(deps: HasCatalog, slot: VisitSlot, now: Date): boolean {
  const start = slotStart(deps, slot).getTime();
  return !slot.cancelled && now.getTime() >= start - 86_400_000 && now.getTime() < start;
}

/** Document numbers are kept until the end of (visit date + purgeDaysAfterVisit), UTC. */
export function documentsPurgeAfter(deps: HasCatalog, slot: VisitSlot): string {
  return `${addDays(slot.date, deps.catalog.visits.settings.purgeDaysAfterVisit)}T23:59:59.999Z`;
}

/** "HH:MM" when the slot ends (wall clock, same day). */
export function slotEnd(slot: Pick<VisitSlot, 'start' | 'durationMinutes'>): string {
  const [h, m] = slot.start.split(':').map(Number);
  const total = h * 60 + m + slot.durationMinutes;
  return `${String(Math.floor(total / 60) % 24).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}
