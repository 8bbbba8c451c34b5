import { t } from '../../../i18n/t.ts';
import type { RegistrationEmailPayload } from '../email.types.ts';
import { Action, Greeting, Layout, Paragraph } from './Layout.tsx';
import { RegistrationDetails } from './RegistrationDetails.tsx';
import type { TemplateProps } from './types.ts';

export const confirmSubject = ({ locale, siteName }: TemplateProps<RegistrationEmailPayload>) =>
  t(locale, 'email.confirm.subject', { site: siteName });

/** A new registration holds its seat until this email's link is opened, by confirmBy. */
export function RegistrationConfirm({ locale, payload, links, siteName }: TemplateProps<RegistrationEmailPayload>) {
  const body = t(locale, 'email.confirm.body', { confirmBy: payload.confirmBy ?? '' });
  return (
    <Layout locale={locale} siteName={siteName} heading={t(locale, 'email.confirm.heading')} preview={body}>
      <Greeting locale={locale} name={payload.name} />
      <Paragraph>{body}</Paragraph>
      <RegistrationDetails locale={locale} payload={payload} />
      <Action locale={locale} href={links.manage} label={t(locale, 'email.confirm.action')} />
      <Paragraph>{t(locale, 'email.confirm.notYou')}</Paragraph>
    </Layout>
  );
}
