import { t } from '../../../i18n/t.ts';
import type { DuplicatePaymentPayload } from '../email.types.ts';
import { Layout, Paragraph } from './Layout.tsx';
import type { TemplateProps } from './types.ts';

export const duplicatePaymentSubject = ({ locale, siteName }: TemplateProps<DuplicatePaymentPayload>) =>
  t(locale, 'email.duplicate.subject', { site: siteName });

/** To the organizers: a registration was paid twice and the second payment is refunded. */
export function DuplicatePayment({ locale, payload, siteName }: TemplateProps<DuplicatePaymentPayload>) {
  const body = t(locale, 'email.duplicate.body', {
    registration: payload.registrationId,
    payment: payload.paymentId,
    amount: payload.amount,
  });
  return (
    <Layout
      locale={locale}
      siteName={siteName}
      heading={t(locale, 'email.duplicate.heading')}
      preview={body}
      footer={t(locale, 'email.duplicate.footer', { site: siteName })}
    >
      <Paragraph>{body}</Paragraph>
    </Layout>
  );
}
