import { t } from '../../../i18n/t.ts';
import type { RegistrationEmailPayload } from '../email.types.ts';
import { Action, Greeting, Layout, Paragraph } from './Layout.tsx';
import { RegistrationDetails } from './RegistrationDetails.tsx';
import type { TemplateProps } from './types.ts';
import { WhereAndWhen } from './WhereAndWhen.tsx';

export const waitlistedSubject = ({ locale, siteName }: TemplateProps<RegistrationEmailPayload>) =>
  t(locale, 'email.waitlisted.subject', { site: siteName });

export function RegistrationWaitlisted({ locale, payload, links, siteName, whereAndWhen }: TemplateProps<RegistrationEmailPayload>) {
  const body = t(locale, 'email.waitlisted.body');
  return (
    <Layout locale={locale} siteName={siteName} heading={t(locale, 'email.waitlisted.heading')} preview={body}>
      <Greeting locale={locale} name={payload.name} />
      <Paragraph>{body}</Paragraph>
      <RegistrationDetails locale={locale} payload={payload} />
      <WhereAndWhen block={whereAndWhen} />
      <Action locale={locale} href={links.manage} label={t(locale, 'email.manage')} />
    </Layout>
  );
}
