import { t } from '../../../i18n/t.ts';
import type { RegistrationEmailPayload } from '../email.types.ts';
import { Action, Details, Greeting, Layout, Paragraph } from './Layout.tsx';
import type { TemplateProps } from './types.ts';

export const paymentSubject = ({ locale, siteName }: TemplateProps<RegistrationEmailPayload>) =>
  t(locale, 'email.paid.subject', { site: siteName });

export function PaymentReceived({ locale, payload, links, siteName }: TemplateProps<RegistrationEmailPayload>) {
  const body = payload.amount ? t(locale, 'email.paid.body', { amount: payload.amount }) : t(locale, 'email.paid.bodyNoAmount');
  return (
    <Layout locale={locale} siteName={siteName} heading={t(locale, 'email.paid.heading')} preview={body}>
      <Greeting locale={locale} name={payload.name} />
      <Paragraph>{body}</Paragraph>
      <Details locale={locale} rows={[[t(locale, 'email.detail.ticket'), payload.ticket]]} />
      <Action locale={locale} href={links.manage} label={t(locale, 'email.manage')} />
    </Layout>
  );
}
