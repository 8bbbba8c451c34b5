/** Whether a visit slot can be booked now (components/visits/SlotBooking.astro, a server island). */
import { findSlot, slotBookable } from '../../features/visits/slots.ts';
import type { Locale } from '../../i18n/locale.ts';
import { routes } from '../../lib/routes.ts';
import { services } from '../services.ts';

export interface SlotBookingView {
  /** open for booking at request time: not cancelled, not started, inside its booking window */
  bookable: boolean;
  /** the booking form with this slot chosen */
  bookHref: string;
}

/** undefined for a slot the catalog does not know. */
export async function slotBookingView(slotId: string, locale: Locale): Promise<SlotBookingView | undefined> {
  const { deps } = await services();
  const slot = findSlot(deps, slotId);
  if (!slot) return undefined;
  return {
    bookable: slotBookable(deps, slot, deps.clock.now()),
    bookHref: `${routes.bookVisit(locale)}?slot=${encodeURIComponent(slot.id)}`,
  };
}
