/** What the visit-booking form offers (pages/[locale]/visits/book/index.astro): open slots, party rows, the attendee's details. */
import type { Deps } from '../../features/deps.ts';
import { slotAvailability } from '../../features/visits/visit-views.service.ts';
import { findLiveRegistration } from '../../features/registration/registration.repository.ts';
import type { Locale, SourceLocale } from '../../i18n/locale.ts';
import { formatDay } from '../../lib/zoned-time.ts';
import { routes } from '../../lib/routes.ts';

export interface BookVisitPageView {
  /** slots that are not cancelled, with the places left in each */
  slots: { id: string; /** formatted day */ day: string; start: string; languages: SourceLocale[]; placesLeft: number }[];
  /** the most visitors one booking may bring */
  maxPartySize: number;
  /** every visitor gives an identity document of one of these types */
  requiresIdDocument: boolean;
  idDocumentTypes: string[];
  /** a registered attendee's contact details, to fill the form in */
  prefill?: { contactName: string; organization: string; email: string; phone: string } | undefined;
  privacyHref: string;
}

/** personId: the person of this browser session, if any (their live registration fills the form in). */
export async function bookVisitPageView(deps: Deps, personId: string | undefined, locale: Locale): Promise<BookVisitPageView> {
  const { visits, event } = deps.catalog;
  const seats = await slotAvailability(deps);
  const registration = personId ? await findLiveRegistration(deps.db, deps.catalog.edition, personId) : undefined;
  return {
    slots: visits.slots
      .filter((s) => !s.cancelled)
      .map((s) => ({
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
  };
}
