import { t } from '../../../i18n/t.ts';
import type { RegistrationEmailPayload } from '../email.types.ts';
import { Action, Details, Greeting, Layout, Paragraph } from './Layout.tsx';
import type { TemplateProps } from './types.ts';

export const cancelledSubject = ({ locale, siteName }: TemplateProps<RegistrationEmailPayload>) =>
  t(locale, 'email.cancelled.subject', { site: siteName });

export function RegistrationCancelled({ locale, payload, links, siteName }: TemplateProps<RegistrationEmailPayload>) {
  const body = t(locale, 'email.cancelled.body');
  return (
    <Layout locale={locale} siteName={siteName} heading={t(locale, 'email.cancelled.heading')} preview={body}>
      <Greeting locale={locale} name={payload.name} />
      <Paragraph>{body}</Paragraph>
      {payload.refunded && <Paragraph>{t(locale, 'email.cancelled.refunded', { amount: payload.refunded })}</Paragraph>}
      <Details locale={locale} rows={[[t(locale, 'email.detail.ticket'), payload.ticket]]} />
      <Action locale={locale} href={links.manage} label={t(locale, 'email.manage')} />
    </Layout>
  );
}
