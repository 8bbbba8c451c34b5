import { t } from '../../../i18n/t.ts';
import type { BookingEmailPayload } from '../email.types.ts';
import { BookingDetails } from './BookingDetails.tsx';
import { Action, Greeting, Layout, Paragraph } from './Layout.tsx';
import type { TemplateProps } from './types.ts';

export const slotCancelledSubject = ({ locale, siteName }: TemplateProps<BookingEmailPayload>) =>
  t(locale, 'email.booking.slotCancelled.subject', { site: siteName });

/** The organizers withdrew the slot; every booking of it is cancelled. */
export function SlotCancelled({ locale, payload, links, siteName }: TemplateProps<BookingEmailPayload>) {
  const body = t(locale, 'email.booking.slotCancelled.body');
  return (
    <Layout locale={locale} siteName={siteName} heading={t(locale, 'email.booking.slotCancelled.heading')} preview={body}>
      <Greeting locale={locale} name={payload.name} />
      <Paragraph>{body}</Paragraph>
      <BookingDetails locale={locale} payload={payload} brief />
      <Action locale={locale} href={links.manage} label={t(locale, 'email.booking.manage')} />
    </Layout>
  );
}
