import { t } from '../../../i18n/t.ts';
import type { BookingEmailPayload } from '../email.types.ts';
import { BookingDetails } from './BookingDetails.tsx';
import { Action, Greeting, Layout, Paragraph } from './Layout.tsx';
import type { TemplateProps } from './types.ts';
import { WhereAndWhen } from './WhereAndWhen.tsx';

export const bookingConfirmedSubject = ({ locale, siteName }: TemplateProps<BookingEmailPayload>) =>
  t(locale, 'email.booking.confirmed.subject', { site: siteName });

/** Sent on booking and again with the new details after a change. */
export function BookingConfirmed({ locale, payload, links, siteName, whereAndWhen }: TemplateProps<BookingEmailPayload>) {
  const body = t(locale, 'email.booking.confirmed.body');
  return (
    <Layout locale={locale} siteName={siteName} heading={t(locale, 'email.booking.confirmed.heading')} preview={body}>
      <Greeting locale={locale} name={payload.name} />
      <Paragraph>{body}</Paragraph>
      <BookingDetails locale={locale} payload={payload} placed={Boolean(whereAndWhen)} />
      <WhereAndWhen block={whereAndWhen} />
      <Action locale={locale} href={links.manage} label={t(locale, 'email.booking.manage')} />
    </Layout>
  );
}
