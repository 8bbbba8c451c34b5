import { t } from '../../../i18n/t.ts';
import type { RegistrationEmailPayload } from '../email.types.ts';
import { Action, Greeting, Layout, Paragraph } from './Layout.tsx';
import type { TemplateProps } from './types.ts';

type Props = TemplateProps<RegistrationEmailPayload>;

export const letterApprovedSubject = ({ locale, siteName }: Props) => t(locale, 'email.letter.approved.subject', { site: siteName });
export const letterRejectedSubject = ({ locale, siteName }: Props) => t(locale, 'email.letter.rejected.subject', { site: siteName });

/** The organizers approved the invitation letter: it can be downloaded from "my registration". */
export function LetterApproved({ locale, payload, links, siteName }: Props) {
  const body = t(locale, 'email.letter.approved.body');
  return (
    <Layout locale={locale} siteName={siteName} heading={t(locale, 'email.letter.approved.heading')} preview={body}>
      <Greeting locale={locale} name={payload.name} />
      <Paragraph>{body}</Paragraph>
      <Action locale={locale} href={links.manage} label={t(locale, 'email.manage')} />
    </Layout>
  );
}

/** The organizers could not issue the letter; their reason, if they gave one. */
export function LetterRejected({ locale, payload, links, siteName }: Props) {
  const body = t(locale, 'email.letter.rejected.body');
  return (
    <Layout locale={locale} siteName={siteName} heading={t(locale, 'email.letter.rejected.heading')} preview={body}>
      <Greeting locale={locale} name={payload.name} />
      <Paragraph>{body}</Paragraph>
      {payload.letterNote && <Paragraph>{t(locale, 'email.letter.rejected.reason', { reason: payload.letterNote })}</Paragraph>}
      <Action locale={locale} href={links.manage} label={t(locale, 'email.manage')} />
    </Layout>
  );
}
