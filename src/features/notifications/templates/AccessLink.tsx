import { t } from '../../../i18n/t.ts';
import type { AccessLinkPayload } from '../email.types.ts';
import { Action, Greeting, Layout, Paragraph } from './Layout.tsx';
import type { TemplateProps } from './types.ts';

export const accessSubject = ({ locale, siteName }: TemplateProps<AccessLinkPayload>) =>
  t(locale, 'email.access.subject', { site: siteName });

/** "Send me my link", or a form sent with this address, which already had a registration (or that booking). */
export function AccessLink({ locale, payload, links, siteName }: TemplateProps<AccessLinkPayload>) {
  const body =
    payload.reason === 'registered'
      ? t(locale, 'email.access.registered', { site: siteName })
      : payload.reason === 'booked'
        ? t(locale, 'email.access.booked', { site: siteName })
        : t(locale, 'email.access.body');
  return (
    <Layout locale={locale} siteName={siteName} heading={t(locale, 'email.access.heading')} preview={body}>
      <Greeting locale={locale} name={payload.name} />
      <Paragraph>{body}</Paragraph>
      <Action locale={locale} href={links.manage} label={t(locale, 'email.manage')} />
      <Paragraph>{t(locale, 'email.access.ignore')}</Paragraph>
    </Layout>
  );
}
