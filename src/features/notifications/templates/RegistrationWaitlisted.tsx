import { t } from '../../../i18n/t.ts';
import type { RegistrationEmailPayload } from '../email.types.ts';
import { Action, Details, Greeting, Layout, Paragraph } from './Layout.tsx';
import type { TemplateProps } from './types.ts';

export const waitlistedSubject = ({ locale, siteName }: TemplateProps<RegistrationEmailPayload>) =>
  t(locale, 'email.waitlisted.subject', { site: siteName });

export function RegistrationWaitlisted({ locale, payload, links, siteName }: TemplateProps<RegistrationEmailPayload>) {
  const body = t(locale, 'email.waitlisted.body');
  return (
    <Layout locale={locale} siteName={siteName} heading={t(locale, 'email.waitlisted.heading')} preview={body}>
      <Greeting locale={locale} name={payload.name} />
      <Paragraph>{body}</Paragraph>
      <Details
        locale={locale}
        rows={[
          [t(locale, 'email.detail.ticket'), payload.ticket],
          [t(locale, 'email.detail.session'), payload.session],
        ]}
      />
      <Action locale={locale} href={links.manage} label={t(locale, 'email.manage')} />
    </Layout>
  );
}
