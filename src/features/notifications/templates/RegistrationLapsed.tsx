import { t } from '../../../i18n/t.ts';
import type { RegistrationEmailPayload } from '../email.types.ts';
import { Action, Greeting, Layout, Paragraph } from './Layout.tsx';
import { RegistrationDetails } from './RegistrationDetails.tsx';
import type { TemplateProps } from './types.ts';

export const lapsedSubject = ({ locale, siteName }: TemplateProps<RegistrationEmailPayload>) =>
  t(locale, 'email.lapsed.subject', { site: siteName });

/** Not confirmed in time: the seat was released. links.manage leads to the registration form (no sign-in link). */
export function RegistrationLapsed({ locale, payload, links, siteName }: TemplateProps<RegistrationEmailPayload>) {
  const body = t(locale, 'email.lapsed.body');
  return (
    <Layout locale={locale} siteName={siteName} heading={t(locale, 'email.lapsed.heading')} preview={body}>
      <Greeting locale={locale} name={payload.name} />
      <Paragraph>{body}</Paragraph>
      <RegistrationDetails locale={locale} payload={payload} />
      <Action locale={locale} href={links.manage} label={t(locale, 'email.lapsed.again')} />
    </Layout>
  );
}
