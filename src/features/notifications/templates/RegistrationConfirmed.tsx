import { t } from '../../../i18n/t.ts';
import type { RegistrationEmailPayload } from '../email.types.ts';
import { Action, Greeting, Layout, Paragraph } from './Layout.tsx';
import { RegistrationDetails } from './RegistrationDetails.tsx';
import { PaymentNote } from './PaymentNote.tsx';
import type { TemplateProps } from './types.ts';
import { WhereAndWhen } from './WhereAndWhen.tsx';

export const confirmedSubject = ({ locale, siteName }: TemplateProps<RegistrationEmailPayload>) =>
  t(locale, 'email.confirmed.subject', { site: siteName });

export function RegistrationConfirmed({ locale, payload, links, siteName, whereAndWhen }: TemplateProps<RegistrationEmailPayload>) {
  const heading = t(locale, 'email.confirmed.heading');
  return (
    <Layout locale={locale} siteName={siteName} heading={heading} preview={t(locale, 'email.confirmed.body')}>
      <Greeting locale={locale} name={payload.name} />
      <Paragraph>{t(locale, 'email.confirmed.body')}</Paragraph>
      <RegistrationDetails locale={locale} payload={payload} />
      <PaymentNote locale={locale} payload={payload} />
      <WhereAndWhen block={whereAndWhen} />
      <Paragraph>{t(locale, 'email.confirmed.attachments')}</Paragraph>
      <Action locale={locale} href={links.manage} label={t(locale, 'email.manage')} />
    </Layout>
  );
}
