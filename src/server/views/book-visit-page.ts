/** What the visit-booking form offers (pages/[locale]/visits/book/index.astro): open slots, party rows, the attendee's details. */
import type { Deps } from '../../features/deps.ts';
import { slotAvailability } from '../../features/visits/visit-views.service.ts';
import { slotBookable } from '../../features/visits/slots.ts';
import { findLiveRegistration } from '../../features/registration/registration.repository.ts';
import type { Locale, SourceLocale } from '../../i18n/locale.ts';
import { formatDay } from '../../lib/zoned-time.ts';
import { routes } from '../../lib/routes.ts';

export interface BookVisitPageView {
  /** slots open for booking now, with the places left in each */
  slots: { id: string; /** formatted day */ day: string; start: string; languages: SourceLocale[]; placesLeft: number }[];
  /** the most visitors one booking may bring */
  maxPartySize: number;
  /** every visitor gives an identity document of one of these types */
  requiresIdDocument: boolean;
  idDocumentTypes: string[];
  /** a registered attendee's contact details, to fill the form in */
  prefill?: { contactName: string; organization: string; email: string; phone: string } | undefined;
  privacyHref: string;
  /** the address asked for a slot (`?slot=`) that cannot be booked now (past, closed or cancelled) */
  requestedSlotClosed: boolean;
}

/**
 * personId: the person of this browser session, if any (their live registration fills the form in).
 * Only slots open for booking now are offered (slotBookable); requestedSlot: the `?slot=` asked for.
 */
export async function bookVisitPageView(
  deps: Deps,
  personId: string | undefined,
  locale: Locale,
  requestedSlot?: string | null,
): Promise<BookVisitPageView> {
  const { visits, event } = deps.catalog;
  const now = deps.clock.now();
  const open = visits.slots.filter((s) => slotBookable(deps, s, now));
  const seats = await slotAvailability(deps);
  const registration = personId ? await findLiveRegistration(deps.db, deps.catalog.edition, personId) : undefined;
  return {
    slots: open.map((s) => ({
      id: s.id,
      day: formatDay(s.date, locale, event.timezone),
      start: s.start,
      languages: s.languages,
      placesLeft: seats.get(s.id)?.left ?? 0,
    })),
    maxPartySize: visits.settings.maxPartySize,
    requiresIdDocument: visits.settings.requiresIdDocument,
    idDocumentTypes: visits.settings.idDocumentTypes,
    prefill: registration
      ? { contactName: registration.name, organization: registration.organization, email: registration.email, phone: registration.phone }
      : undefined,
    privacyHref: routes.page(locale, deps.catalog.privacyPage ?? 'privacy'),
    requestedSlotClosed: Boolean(requestedSlot) && !open.some((s) => s.id === requestedSlot),
  };
}
