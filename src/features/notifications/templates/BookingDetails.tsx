import type { Locale } from '../../../i18n/locale.ts';
import { t } from '../../../i18n/t.ts';
import type { BookingEmailPayload } from '../email.types.ts';
import { Details } from './Layout.tsx';

/**
 * The visit in every booking email: when, how many, which guide, where to meet, what to
 * bring. `brief` (cancellations) leaves out what only matters for coming.
 */
export function BookingDetails({ locale, payload, brief = false }: { locale: Locale; payload: BookingEmailPayload; brief?: boolean }) {
  const coming = (value: string) => (brief ? undefined : value);
  return (
    <Details
      locale={locale}
      rows={[
        [t(locale, 'email.booking.detail.slot'), payload.slot],
        [t(locale, 'email.booking.detail.partySize'), String(payload.partySize)],
        [t(locale, 'email.booking.detail.guideLanguage'), coming(payload.guideLanguage)],
        [t(locale, 'email.booking.detail.meetingPoint'), coming(payload.meetingPoint)],
        [t(locale, 'email.booking.detail.bring'), coming(payload.bring)],
      ]}
    />
  );
}
