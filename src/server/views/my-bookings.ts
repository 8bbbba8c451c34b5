/** What "my registration" shows about the person's visit bookings (components/visits/MyBookings.astro). */
import type { Deps } from '../../features/deps.ts';
import type { BookingStatus } from '../../features/visits/visits.types.ts';
import { listBookingsOf, slotAvailability } from '../../features/visits/visit-views.service.ts';
import type { Locale, SourceLocale } from '../../i18n/locale.ts';
import { formatDay } from '../../lib/zoned-time.ts';
import { formatInstant } from '../../lib/format-instant.ts';
import { visitWhereAndWhen, type WhereAndWhenBlock } from './where-and-when.ts';
import { t } from '../../i18n/t.ts';

export interface MyBookingsView {
  bookings: {
    id: string;
    slotId: string;
    status: BookingStatus;
    /** the slot's day and start time, formatted ("Tuesday 3 December 2024, 14:00") */
    when: string;
    /** place on the slot's waiting list (1 = next), when waitlisted */
    waitlistPosition?: number | undefined;
    /** unconfirmed: open the link in the email by this time (formatted, zone named) */
    confirmBy?: string | undefined;
    /** confirmed or waiting: party size and slot can be changed */
    changeable: boolean;
    /** still live (also unconfirmed): can be cancelled */
    cancellable: boolean;
    partySize: number;
    guideLanguage: SourceLocale;
    visitors: { name: string; organization: string }[];
    /** confirmed or waiting: the slot's day and time, meeting point, address, what to bring */
    whereAndWhen?: WhereAndWhenBlock | undefined;
  }[];
  /** the most visitors one booking may bring */
  maxPartySize: number;
  /** visitors joining a booking give an identity document of one of these types */
  requiresIdDocument: boolean;
  idDocumentTypes: string[];
  /** slots a booking can move to (not cancelled): "Fri 20 Dec · 14:00 · English · 12 places" */
  slots: { id: string; label: string; languages: SourceLocale[] }[];
}

/** The person's bookings; undefined when the forum offers no visits. */
export async function myBookingsView(deps: Deps, personId: string, locale: Locale): Promise<MyBookingsView | undefined> {
  const { visits, event } = deps.catalog;
  if (visits.slots.length === 0) return undefined;
  const bookings = await listBookingsOf(deps, personId);
  const seats = await slotAvailability(deps);
  const when = (id: string) => {
    const slot = visits.slots.find((s) => s.id === id);
    return slot ? `${formatDay(slot.date, locale, event.timezone)}, ${slot.start}` : id;
  };
  return {
    bookings: bookings.map((b) => ({
      id: b.id,
      slotId: b.slotId,
      status: b.status,
      when: when(b.slotId),
      waitlistPosition: b.waitlistPosition,
      confirmBy: b.confirmBy ? formatInstant(new Date(b.confirmBy), locale, event.timezone) : undefined,
      changeable: b.status === 'confirmed' || b.status === 'waitlisted',
      cancellable: b.status === 'confirmed' || b.status === 'waitlisted' || b.status === 'unconfirmed',
      partySize: b.partySize,
      guideLanguage: b.guideLanguage,
      visitors: b.visitors.map((v) => ({ name: v.name, organization: v.organization })),
      whereAndWhen: b.status === 'cancelled' || b.status === 'lapsed' ? undefined : visitWhereAndWhen(deps.catalog, locale, b.slotId),
    })),
    maxPartySize: visits.settings.maxPartySize,
    requiresIdDocument: visits.settings.requiresIdDocument,
    idDocumentTypes: visits.settings.idDocumentTypes,
    slots: visits.slots
      .filter((s) => !s.cancelled)
      .map((s) => ({
        id: s.id,
        languages: s.languages,
        label: [
          formatDay(s.date, locale, event.timezone),
          s.start,
          s.languages.map((l) => t(locale, `lang.${l}`)).join(' / '),
          t(locale, 'visits.placesLeft', { n: seats.get(s.id)?.left ?? 0 }),
        ].join(' · '),
      })),
  };
}
