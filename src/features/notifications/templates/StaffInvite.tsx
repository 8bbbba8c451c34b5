import { t, type MessageKey } from '../../../i18n/t.ts';
import type { StaffInvitePayload } from '../email.types.ts';
import { Action, Greeting, Layout, Paragraph } from './Layout.tsx';
import type { TemplateProps } from './types.ts';

export const staffInviteSubject = ({ locale, siteName }: TemplateProps<StaffInvitePayload>) =>
  t(locale, 'email.staffInvite.subject', { site: siteName });

/** An invitation to the organizer workspace: the button opens a one-time page that sets the password. */
export function StaffInvite({ locale, payload, links, siteName }: TemplateProps<StaffInvitePayload>) {
  const roles = ['admin', 'desk', 'editor', 'checkin'];
  const role = roles.includes(payload.role) ? t(locale, `staff.role.${payload.role}` as MessageKey) : payload.role;
  const body = t(locale, 'email.staffInvite.body', { site: siteName, role });
  return (
    <Layout locale={locale} siteName={siteName} heading={t(locale, 'email.staffInvite.heading')} preview={body}>
      <Greeting locale={locale} name={payload.name} />
      <Paragraph>{body}</Paragraph>
      <Action locale={locale} href={links.manage} label={t(locale, 'email.staffInvite.action')} />
      <Paragraph>{t(locale, 'email.staffInvite.expiry')}</Paragraph>
    </Layout>
  );
}
