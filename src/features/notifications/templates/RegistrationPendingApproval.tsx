import { t } from '../../../i18n/t.ts';
import type { RegistrationEmailPayload } from '../email.types.ts';
import { Action, Details, Greeting, Layout, Paragraph } from './Layout.tsx';
import { choiceRows } from './RegistrationDetails.tsx';
import type { TemplateProps } from './types.ts';

export const pendingSubject = ({ locale, siteName }: TemplateProps<RegistrationEmailPayload>) =>
  t(locale, 'email.pending.subject', { site: siteName });

export function RegistrationPendingApproval({ locale, payload, links, siteName }: TemplateProps<RegistrationEmailPayload>) {
  const body = t(locale, 'email.pending.body', { ticket: payload.ticket });
  return (
    <Layout locale={locale} siteName={siteName} heading={t(locale, 'email.pending.heading')} preview={body}>
      <Greeting locale={locale} name={payload.name} />
      <Paragraph>{body}</Paragraph>
      <Details locale={locale} rows={choiceRows(locale, payload)} />
      <Action locale={locale} href={links.manage} label={t(locale, 'email.manage')} />
    </Layout>
  );
}
