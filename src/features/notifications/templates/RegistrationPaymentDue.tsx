import { t } from '../../../i18n/t.ts';
import type { RegistrationEmailPayload } from '../email.types.ts';
import { Action, Greeting, Layout, Paragraph } from './Layout.tsx';
import { RegistrationDetails } from './RegistrationDetails.tsx';
import type { TemplateProps } from './types.ts';

export const paymentDueSubject = ({ locale, siteName }: TemplateProps<RegistrationEmailPayload>) =>
  t(locale, 'email.payDue.subject', { site: siteName });

/** A paid ticket registered without email confirmation: the seat is held until payBy. */
export function RegistrationPaymentDue({ locale, payload, links, siteName }: TemplateProps<RegistrationEmailPayload>) {
  const body = t(locale, 'email.payDue.body', { amount: payload.amount ?? '', payBy: payload.payBy ?? '' });
  return (
    <Layout locale={locale} siteName={siteName} heading={t(locale, 'email.payDue.heading')} preview={body}>
      <Greeting locale={locale} name={payload.name} />
      <Paragraph>{body}</Paragraph>
      <RegistrationDetails locale={locale} payload={payload} />
      <Action locale={locale} href={links.pay ?? links.manage} label={t(locale, 'email.promoted.pay')} />
      <Action locale={locale} href={links.manage} label={t(locale, 'email.manage')} />
    </Layout>
  );
}
