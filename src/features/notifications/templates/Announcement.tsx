import { t } from '../../../i18n/t.ts';
import type { AnnouncementPayload } from '../email.types.ts';
import { Action, Greeting, Layout, Paragraph } from './Layout.tsx';
import type { TemplateProps } from './types.ts';

export const announcementSubject = ({ payload }: TemplateProps<AnnouncementPayload>) => payload.subject;

/** An announcement written by the organizers: their text, paragraph by paragraph, and the button to the attendee's registration. */
export function Announcement({ locale, payload, links, siteName }: TemplateProps<AnnouncementPayload>) {
  const paragraphs = payload.body
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  return (
    <Layout locale={locale} siteName={siteName} heading={payload.subject} preview={paragraphs[0] ?? payload.subject}>
      <Greeting locale={locale} name={payload.name} />
      {paragraphs.map((p, i) => (
        <Paragraph key={i}>{p}</Paragraph>
      ))}
      {payload.personId && <Action locale={locale} href={links.manage} label={t(locale, 'email.announcement.action')} />}
    </Layout>
  );
}
