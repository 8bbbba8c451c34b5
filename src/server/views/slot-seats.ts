/** The live places-left badge of one visit slot (components/visits/SlotSeats.astro). */
import { slotAvailability } from '../../features/visits/visit-views.service.ts';
import { services } from '../services.ts';

export interface SlotSeatsView {
  /** places left (0 = full, new bookings go on the waiting list) */
  left: number;
}

/**
 * Places left in the slot; undefined for a slot the catalog does not know. The badge is a server
 * island inside the static visits page, rendered on its own request: this reads the services itself.
 */
export async function slotSeatsView(slotId: string): Promise<SlotSeatsView | undefined> {
  const { deps } = await services();
  const seats = (await slotAvailability(deps)).get(slotId);
  return seats ? { left: seats.left } : undefined;
}
