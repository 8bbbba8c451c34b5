import { t } from '../../../i18n/t.ts';
import type { BookingEmailPayload } from '../email.types.ts';
import { BookingDetails } from './BookingDetails.tsx';
import { Action, Greeting, Layout, Paragraph } from './Layout.tsx';
import type { TemplateProps } from './types.ts';

export const bookingWaitlistedSubject = ({ locale, siteName }: TemplateProps<BookingEmailPayload>) =>
  t(locale, 'email.booking.waitlisted.subject', { site: siteName });

export function BookingWaitlisted({ locale, payload, links, siteName }: TemplateProps<BookingEmailPayload>) {
  const body = t(locale, 'email.booking.waitlisted.body');
  return (
    <Layout locale={locale} siteName={siteName} heading={t(locale, 'email.booking.waitlisted.heading')} preview={body}>
      <Greeting locale={locale} name={payload.name} />
      <Paragraph>{body}</Paragraph>
      <BookingDetails locale={locale} payload={payload} />
      <Action locale={locale} href={links.manage} label={t(locale, 'email.booking.manage')} />
    </Layout>
  );
}
