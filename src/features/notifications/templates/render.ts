/** EmailKind → subject, HTML and plain text, in the email's language. */
import { createElement, type FunctionComponent } from 'react';
import { plainTextSelectors, render } from '@react-email/render';
import { compile } from 'html-to-text';
import type {
  AccessLinkPayload,
  AnnouncementPayload,
  BookingEmailKind,
  BookingEmailPayload,
  DuplicatePaymentPayload,
  EmailKind,
  EmailPayload,
  RegistrationEmailPayload,
  StaffInvitePayload,
} from '../email.types.ts';
import { AccessLink, accessSubject } from './AccessLink.tsx';
import { BookingCancelled, bookingCancelledSubject } from './BookingCancelled.tsx';
import { BookingConfirm, bookingConfirmSubject } from './BookingConfirm.tsx';
import { BookingConfirmed, bookingConfirmedSubject } from './BookingConfirmed.tsx';
import { BookingLapsed, bookingLapsedSubject } from './BookingLapsed.tsx';
import { BookingPromoted, bookingPromotedSubject } from './BookingPromoted.tsx';
import { BookingReminder, bookingReminderSubject } from './BookingReminder.tsx';
import { BookingWaitlisted, bookingWaitlistedSubject } from './BookingWaitlisted.tsx';
import { DuplicatePayment, duplicatePaymentSubject } from './DuplicatePayment.tsx';
import { PaymentReceived, paymentSubject } from './PaymentReceived.tsx';
import { LetterApproved, LetterRejected, letterApprovedSubject, letterRejectedSubject } from './LetterDecided.tsx';
import { RegistrationCancelled, cancelledSubject } from './RegistrationCancelled.tsx';
import { RegistrationConfirm, confirmSubject } from './RegistrationConfirm.tsx';
import { RegistrationConfirmed, confirmedSubject } from './RegistrationConfirmed.tsx';
import { RegistrationLapsed, lapsedSubject } from './RegistrationLapsed.tsx';
import { RegistrationPaymentDue, paymentDueSubject } from './RegistrationPaymentDue.tsx';
import { RegistrationPendingApproval, pendingSubject } from './RegistrationPendingApproval.tsx';
import { RegistrationPromoted, promotedSubject } from './RegistrationPromoted.tsx';
import { RegistrationSessionPromoted, sessionPromotedSubject } from './RegistrationSessionPromoted.tsx';
import { RegistrationWaitlisted, waitlistedSubject } from './RegistrationWaitlisted.tsx';
import { SlotCancelled, slotCancelledSubject } from './SlotCancelled.tsx';
import { StaffInvite, staffInviteSubject } from './StaffInvite.tsx';
import { Announcement, announcementSubject } from './Announcement.tsx';
import type { TemplateProps } from './types.ts';

export type { EmailLinks, TemplateProps } from './types.ts';

interface Template<P> {
  component: FunctionComponent<TemplateProps<P>>;
  subject: (props: TemplateProps<P>) => string;
}

const registrationTemplates: Record<
  Exclude<EmailKind, 'access-link' | 'organizer-duplicate-payment' | 'staff-invite' | 'announcement' | BookingEmailKind>,
  Template<RegistrationEmailPayload>
> = {
  'registration-confirm': { component: RegistrationConfirm, subject: confirmSubject },
  'registration-payment-due': { component: RegistrationPaymentDue, subject: paymentDueSubject },
  'registration-lapsed': { component: RegistrationLapsed, subject: lapsedSubject },
  'registration-confirmed': { component: RegistrationConfirmed, subject: confirmedSubject },
  'registration-pending-approval': { component: RegistrationPendingApproval, subject: pendingSubject },
  'registration-waitlisted': { component: RegistrationWaitlisted, subject: waitlistedSubject },
  'registration-promoted': { component: RegistrationPromoted, subject: promotedSubject },
  'registration-session-promoted': { component: RegistrationSessionPromoted, subject: sessionPromotedSubject },
  'payment-received': { component: PaymentReceived, subject: paymentSubject },
  'registration-cancelled': { component: RegistrationCancelled, subject: cancelledSubject },
  'letter-approved': { component: LetterApproved, subject: letterApprovedSubject },
  'letter-rejected': { component: LetterRejected, subject: letterRejectedSubject },
};

const bookingTemplates: Record<BookingEmailKind, Template<BookingEmailPayload>> = {
  'booking-confirm': { component: BookingConfirm, subject: bookingConfirmSubject },
  'booking-lapsed': { component: BookingLapsed, subject: bookingLapsedSubject },
  'booking-confirmed': { component: BookingConfirmed, subject: bookingConfirmedSubject },
  'booking-waitlisted': { component: BookingWaitlisted, subject: bookingWaitlistedSubject },
  'booking-promoted': { component: BookingPromoted, subject: bookingPromotedSubject },
  'booking-reminder': { component: BookingReminder, subject: bookingReminderSubject },
  'booking-cancelled': { component: BookingCancelled, subject: bookingCancelledSubject },
  'slot-cancelled': { component: SlotCancelled, subject: slotCancelledSubject },
};

const isBookingKind = (kind: EmailKind): kind is BookingEmailKind => Object.hasOwn(bookingTemplates, kind);

const accessTemplate: Template<AccessLinkPayload> = { component: AccessLink, subject: accessSubject };

const duplicatePaymentTemplate: Template<DuplicatePaymentPayload> = { component: DuplicatePayment, subject: duplicatePaymentSubject };

/**
 * The plain-text part, with the options render(…, { plainText: true }) uses. Compiled once:
 * html-to-text otherwise rebuilds its selector tables for every email, and the text comes
 * from the HTML already rendered instead of a second React render.
 */
const toPlainText = compile({ wordwrap: false, selectors: plainTextSelectors });

async function renderWith<P>(template: Template<P>, props: TemplateProps<P>) {
  const html = await render(createElement(template.component, props));
  return { subject: template.subject(props), html, text: toPlainText(html) };
}

export async function renderTemplate(
  kind: EmailKind,
  props: TemplateProps<EmailPayload>,
): Promise<{ subject: string; html: string; text: string }> {
  if (kind === 'access-link') return renderWith(accessTemplate, props as TemplateProps<AccessLinkPayload>);
  if (kind === 'staff-invite')
    return renderWith({ component: StaffInvite, subject: staffInviteSubject }, props as TemplateProps<StaffInvitePayload>);
  if (kind === 'announcement')
    return renderWith({ component: Announcement, subject: announcementSubject }, props as TemplateProps<AnnouncementPayload>);
  if (kind === 'organizer-duplicate-payment') return renderWith(duplicatePaymentTemplate, props as TemplateProps<DuplicatePaymentPayload>);
  if (isBookingKind(kind)) {
    const payload = props.payload as Partial<BookingEmailPayload>;
    if (typeof payload.name !== 'string' || typeof payload.slot !== 'string') throw new Error(`payload for ${kind} lacks name or slot`);
    return renderWith(bookingTemplates[kind], props as TemplateProps<BookingEmailPayload>);
  }
  const template = registrationTemplates[kind];
  if (!template) throw new Error(`no email template for kind ${String(kind)}`);
  // Outbox rows are JSON: check the fields every registration template needs.
  const payload = props.payload as Partial<RegistrationEmailPayload>;
  if (typeof payload.name !== 'string' || typeof payload.ticket !== 'string') {
    throw new Error(`payload for ${kind} lacks name or ticket`);
  }
  return renderWith(template, props as TemplateProps<RegistrationEmailPayload>);
}
