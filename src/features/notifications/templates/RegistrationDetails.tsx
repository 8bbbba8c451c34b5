import type { Locale } from '../../../i18n/locale.ts';
import { t } from '../../../i18n/t.ts';
import type { RegistrationEmailPayload } from '../email.types.ts';
import { Details } from './Layout.tsx';

/** Ticket and chosen session, as every registration email that concerns a seat shows them. */
export function RegistrationDetails({ locale, payload }: { locale: Locale; payload: RegistrationEmailPayload }) {
  return (
    <Details
      locale={locale}
      rows={[
        [t(locale, 'email.detail.ticket'), payload.ticket],
        [t(locale, 'email.detail.session'), payload.session],
      ]}
    />
  );
}
