/** What the workspace's visits pages show: slots with fill, one slot's manifest. */
import { slotAvailability, slotManifest } from '../../features/visits/visit-views.service.ts';
import type { SlotAvailability, SlotManifest, VisitSlot } from '../../features/visits/visits.types.ts';
import { findBooking } from '../../features/visits/visits.repository.ts';
import { services } from '../services.ts';
import { revealDocuments } from '../admin-exports.ts';
import type { StaffUser } from '../staff.ts';

export interface VisitsPageView {
  slots: (VisitSlot & { fill: SlotAvailability })[];
}

export async function visitsPageView(): Promise<VisitsPageView> {
  const { deps } = await services();
  const fill = await slotAvailability(deps);
  const empty = (slot: VisitSlot): SlotAvailability => ({ capacity: slot.capacity, taken: 0, left: slot.capacity, waitlisted: 0 });
  return { slots: deps.catalog.visits.slots.map((slot) => ({ ...slot, fill: fill.get(slot.id) ?? empty(slot) })) };
}

export interface ManifestPageView {
  slot: VisitSlot;
  manifest: SlotManifest;
  /** booking id → whether its document numbers were deleted after the visit */
  purged: Map<string, boolean>;
}

/** The slot's manifest, or undefined for a slot not in content. */
export async function manifestPageView(slotId: string): Promise<ManifestPageView | undefined> {
  const { deps } = await services();
  const slot = deps.catalog.visits.slots.find((s) => s.id === slotId);
  if (!slot) return undefined;
  const manifest = await slotManifest(deps, slotId);
  const purged = new Map<string, boolean>();
  for (const b of manifest.bookings) purged.set(b.id, Boolean((await findBooking(deps.db, b.id))?.id_purged_at));
  return { slot, manifest, purged };
}

/** An admin's explicit "show document numbers" on a booking: audited; null once purged; undefined if not allowed. */
export async function revealView(staff: StaffUser, bookingId: string) {
  const { deps } = await services();
  return revealDocuments(deps, staff, bookingId);
}
