import type { Locale } from '../../../i18n/locale.ts';
import { t } from '../../../i18n/t.ts';
import type { RegistrationEmailPayload } from '../email.types.ts';
import { Details, Paragraph } from './Layout.tsx';

/** In the confirmation of a paid registration: the payment received and its receipt (one email per payment). */
export function PaymentNote({ locale, payload }: { locale: Locale; payload: RegistrationEmailPayload }) {
  if (!payload.receipt) return null;
  return (
    <>
      <Paragraph>{t(locale, 'email.paid.body', { amount: payload.receipt.amount })}</Paragraph>
      <Details locale={locale} rows={[[t(locale, 'email.detail.receipt'), payload.receipt.number]]} />
      <Paragraph>{t(locale, 'email.paid.receipt')}</Paragraph>
    </>
  );
}
