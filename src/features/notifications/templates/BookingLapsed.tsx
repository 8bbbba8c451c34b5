import { t } from '../../../i18n/t.ts';
import type { BookingEmailPayload } from '../email.types.ts';
import { BookingDetails } from './BookingDetails.tsx';
import { Action, Greeting, Layout, Paragraph } from './Layout.tsx';
import type { TemplateProps } from './types.ts';

export const bookingLapsedSubject = ({ locale, siteName }: TemplateProps<BookingEmailPayload>) =>
  t(locale, 'email.booking.lapsed.subject', { site: siteName });

/** Not confirmed in time: the places were released. links.manage leads to the booking form (no sign-in link). */
export function BookingLapsed({ locale, payload, links, siteName }: TemplateProps<BookingEmailPayload>) {
  const body = t(locale, 'email.booking.lapsed.body');
  return (
    <Layout locale={locale} siteName={siteName} heading={t(locale, 'email.booking.lapsed.heading')} preview={body}>
      <Greeting locale={locale} name={payload.name} />
      <Paragraph>{body}</Paragraph>
      <BookingDetails locale={locale} payload={payload} brief />
      <Action locale={locale} href={links.manage} label={t(locale, 'email.booking.lapsed.again')} />
    </Layout>
  );
}
