import { type Locale, storedLocale, str } from '../../i18n/locale.ts';
import type { BookingTable } from '../../db/schema.ts';
import type { Deps } from '../deps.ts';
import type { BookingEmailKind, OutgoingEmail } from '../notifications/email.types.ts';
import { t } from '../../i18n/t.ts';
import { formatInstant } from '../../lib/format-instant.ts';
import { findSlot, slotStart } from './slots.ts';

/** The email reporting a booking change, in the language the visitor booked in. */
export function bookingEmail(deps: Pick<Deps, 'catalog'>, booking: BookingTable, kind: BookingEmailKind): OutgoingEmail {
  const locale: Locale = storedLocale(booking.locale);
  const { settings } = deps.catalog.visits;
  const slot = findSlot(deps, booking.slot_id);
  const timeZone = deps.catalog.event.timezone;
  const guide: Locale = booking.guide_language === 'zh' ? 'zh' : 'en';
  return {
    kind,
    recipient: booking.email,
    locale,
    payload: {
      bookingId: booking.id,
      personId: booking.person_id,
      name: booking.contact_name,
      slot: slot ? formatInstant(slotStart(deps, slot), locale, timeZone) : booking.slot_id,
      partySize: booking.party_size,
      guideLanguage: t(locale, guide === 'zh' ? 'lang.zh' : 'lang.en'),
      meetingPoint: str(settings.meetingPoint, locale),
      bring: str(settings.bring, locale),
      confirmBy:
        booking.status === 'unconfirmed' && booking.confirm_by ? formatInstant(new Date(booking.confirm_by), locale, timeZone) : undefined,
    },
  };
}
