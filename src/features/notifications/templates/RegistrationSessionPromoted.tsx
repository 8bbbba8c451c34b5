import { t } from '../../../i18n/t.ts';
import type { RegistrationEmailPayload } from '../email.types.ts';
import { Action, Greeting, Layout, Paragraph } from './Layout.tsx';
import { RegistrationDetails } from './RegistrationDetails.tsx';
import type { TemplateProps } from './types.ts';

export const sessionPromotedSubject = ({ locale, payload, siteName }: TemplateProps<RegistrationEmailPayload>) =>
  t(locale, 'email.sessionPromoted.subject', { site: siteName, session: payload.promotedSession ?? '' });

/** A waiting session choice got a seat; the registration itself was already confirmed. */
export function RegistrationSessionPromoted({ locale, payload, links, siteName }: TemplateProps<RegistrationEmailPayload>) {
  const body = t(locale, 'email.sessionPromoted.body', { session: payload.promotedSession ?? '' });
  return (
    <Layout locale={locale} siteName={siteName} heading={t(locale, 'email.sessionPromoted.heading')} preview={body}>
      <Greeting locale={locale} name={payload.name} />
      <Paragraph>{body}</Paragraph>
      <RegistrationDetails locale={locale} payload={payload} />
      <Action locale={locale} href={links.manage} label={t(locale, 'email.manage')} />
    </Layout>
  );
}
