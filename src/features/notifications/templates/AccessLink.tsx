import { t } from '../../../i18n/t.ts';
import type { AccessLinkPayload } from '../email.types.ts';
import { Action, Greeting, Layout, Paragraph } from './Layout.tsx';
import type { TemplateProps } from './types.ts';

export const accessSubject = ({ locale, siteName }: TemplateProps<AccessLinkPayload>) =>
  t(locale, 'email.access.subject', { site: siteName });

export function AccessLink({ locale, payload, links, siteName }: TemplateProps<AccessLinkPayload>) {
  const body = t(locale, 'email.access.body');
  return (
    <Layout locale={locale} siteName={siteName} heading={t(locale, 'email.access.heading')} preview={body}>
      <Greeting locale={locale} name={payload.name} />
      <Paragraph>{body}</Paragraph>
      <Action locale={locale} href={links.manage} label={t(locale, 'email.manage')} />
      <Paragraph>{t(locale, 'email.access.ignore')}</Paragraph>
    </Layout>
  );
}
