import { t } from '../../../i18n/t.ts';
import type { BookingEmailPayload } from '../email.types.ts';
import { BookingDetails } from './BookingDetails.tsx';
import { Action, Greeting, Layout, Paragraph } from './Layout.tsx';
import type { TemplateProps } from './types.ts';

export const bookingConfirmSubject = ({ locale, siteName }: TemplateProps<BookingEmailPayload>) =>
  t(locale, 'email.booking.confirm.subject', { site: siteName });

/** A new booking holds its places until this email's link is opened, by confirmBy. */
export function BookingConfirm({ locale, payload, links, siteName }: TemplateProps<BookingEmailPayload>) {
  const body = t(locale, 'email.booking.confirm.body', { confirmBy: payload.confirmBy ?? '' });
  return (
    <Layout locale={locale} siteName={siteName} heading={t(locale, 'email.booking.confirm.heading')} preview={body}>
      <Greeting locale={locale} name={payload.name} />
      <Paragraph>{body}</Paragraph>
      <BookingDetails locale={locale} payload={payload} brief />
      <Action locale={locale} href={links.manage} label={t(locale, 'email.booking.confirm.action')} />
      <Paragraph>{t(locale, 'email.confirm.notYou')}</Paragraph>
    </Layout>
  );
}
