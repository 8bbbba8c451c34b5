import type { Locale } from '../../../i18n/locale.ts';
import { t } from '../../../i18n/t.ts';
import type { BookingEmailPayload } from '../email.types.ts';
import { Details } from './Layout.tsx';

/**
 * The visit in every booking email: when, how many, which guide, where to meet, what to
 * bring. `brief` (cancellations) leaves out what only matters for coming.
 */
export function BookingDetails({
  locale,
  payload,
  brief = false,
  placed = false,
}: {
  locale: Locale;
  payload: BookingEmailPayload;
  brief?: boolean;
  /** the where-and-when block follows with the time, meeting point and what to bring: not repeated here */
  placed?: boolean;
}) {
  const coming = (value: string) => (brief ? undefined : value);
  const unlessPlaced = (value: string) => (brief || placed ? undefined : value);
  return (
    <Details
      locale={locale}
      rows={[
        [t(locale, 'email.booking.detail.slot'), placed ? undefined : payload.slot],
        [t(locale, 'email.booking.detail.partySize'), String(payload.partySize)],
        [t(locale, 'email.booking.detail.guideLanguage'), coming(payload.guideLanguage)],
        [t(locale, 'email.booking.detail.meetingPoint'), unlessPlaced(payload.meetingPoint)],
        [t(locale, 'email.booking.detail.bring'), unlessPlaced(payload.bring)],
      ]}
    />
  );
}
