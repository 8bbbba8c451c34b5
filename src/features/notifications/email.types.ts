/**
 * Emails are written to the outbox in the same transaction as the change they report, as
 * { kind, recipient, locale, payload }. Payloads carry ids and display values only: no
 * tokens (a fresh magic link is issued when the email is rendered for sending).
 */
import type { Locale } from '../../i18n/locale.ts';

export type EmailKind =
  | 'registration-confirm'
  | 'registration-payment-due'
  | 'registration-lapsed'
  | 'registration-confirmed'
  | 'registration-pending-approval'
  | 'registration-waitlisted'
  | 'registration-promoted'
  | 'registration-session-promoted'
  | 'payment-received'
  | 'registration-cancelled'
  | 'access-link'
  | 'organizer-duplicate-payment'
  | 'letter-approved'
  | 'letter-rejected'
  | 'staff-invite'
  | 'announcement'
  | BookingEmailKind;

/** Emails about a guided visit of the service center. */
export type BookingEmailKind =
  | 'booking-confirm'
  | 'booking-lapsed'
  | 'booking-confirmed'
  | 'booking-waitlisted'
  | 'booking-promoted'
  | 'booking-reminder'
  | 'booking-cancelled'
  | 'slot-cancelled';

export interface RegistrationEmailPayload {
  registrationId: string;
  personId: string;
  name: string;
  /** ticket name in the email's language */
  ticket: string;
  /** the parallel sessions chosen, one per time block, in block order */
  choices?: EmailChoice[] | undefined;
  /** registration-session-promoted: the session whose seat came free, "P2 · Title" */
  promotedSession?: string | undefined;
  /** formatted price, e.g. "CNY 1,200.00"; absent for free tickets */
  amount?: string | undefined;
  /** promoted paid entries: pay before this (formatted, event timezone named) */
  payBy?: string | undefined;
  /** unconfirmed: open the link before this (formatted, event timezone named) */
  confirmBy?: string | undefined;
  /** cancellation of a paid registration: refunded amount, formatted */
  refunded?: string | undefined;
  /** confirmation of a paid registration: the payment's receipt (number, amount with ¥) */
  receipt?: { number: string; amount: string } | undefined;
  /** letter-rejected: the organizers' reason */
  letterNote?: string | undefined;
}

/** One chosen parallel session as an email lists it. */
export interface EmailChoice {
  blockId: string;
  sessionId: string;
  /** "P2 · Title" in the email's language */
  session: string;
  status: 'seated' | 'waiting';
  /** place on the session's waiting list (1 = next), while waiting with a forum seat */
  position?: number | undefined;
}

export interface AccessLinkPayload {
  personId: string;
  name?: string | undefined;
  /** why the link was sent unasked: a form was sent with this address, which already had a registration / that booking */
  reason?: 'registered' | 'booked' | undefined;
}

export interface BookingEmailPayload {
  bookingId: string;
  personId: string;
  /** the contact person */
  name: string;
  /** visit date and time in the email's language, event timezone named */
  slot: string;
  partySize: number;
  /** guide language, named in the email's language */
  guideLanguage: string;
  meetingPoint: string;
  /** what visitors should bring (e.g. their identity document) */
  bring: string;
  /** unconfirmed: open the link before this (formatted, event timezone named) */
  confirmBy?: string | undefined;
}

/** For the organizers' address (ORGANIZER_EMAIL): ids and the amount only, and no personId, so no magic link is ever issued for it. */
export interface DuplicatePaymentPayload {
  registrationId: string;
  paymentId: string;
  /** formatted, e.g. "CNY 1,200.00" */
  amount: string;
}

/** An invitation to the organizer workspace; the link that sets the password is issued when the email is rendered. */
export interface StaffInvitePayload {
  staffUserId: string;
  name: string;
  /** admin, desk, editor or checkin */
  role: string;
}

/** An announcement from the organizers, its text already in the recipient's language; no personId for a test sent to a staff member. */
export interface AnnouncementPayload {
  announcementId: string;
  personId?: string | undefined;
  name?: string | undefined;
  subject: string;
  body: string;
}

export type EmailPayload =
  RegistrationEmailPayload | AccessLinkPayload | BookingEmailPayload | DuplicatePaymentPayload | StaffInvitePayload | AnnouncementPayload;

export interface OutgoingEmail {
  kind: EmailKind;
  recipient: string;
  locale: Locale;
  payload: EmailPayload;
}

export interface EmailAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
}

/** A rendered email, ready for a mailer. */
export interface EmailContent {
  subject: string;
  html: string;
  text: string;
  attachments: EmailAttachment[];
}

/** Turns an outbox row into an email (templates + links + attachments). */
export type RenderEmail = (message: { id: string; kind: EmailKind; locale: Locale; payload: EmailPayload }) => Promise<EmailContent>;

export interface SendRequest {
  /** outbox id: also the provider idempotency key, so a retry never sends twice */
  id: string;
  from: string;
  to: string;
  content: EmailContent;
}

export interface SendResult {
  providerId: string;
}

/** Retry later (429, 5xx, network) vs. give up (other 4xx). */
export class MailerError extends Error {
  override readonly name = 'MailerError';
  readonly retryable: boolean;
  constructor(message: string, retryable: boolean) {
    super(message);
    this.retryable = retryable;
  }
}

/**
 * The provider answered that this idempotency key was already used for another body: the
 * earlier request (ours, before a crash) was accepted, so the email has been sent.
 */
export class AlreadySentError extends MailerError {
  constructor(message: string) {
    super(message, false);
  }
}

/** One email of a batch: sent (providerId) or refused on its own (error). */
export type BatchOutcome = { providerId: string } | { error: MailerError };

export interface Mailer {
  readonly kind: 'resend' | 'local';
  send(request: SendRequest): Promise<SendResult>;
  /**
   * Several emails without attachments in one provider request, under one idempotency key;
   * outcomes in request order. Throws (MailerError) when the request as a whole failed.
   */
  sendBatch?(requests: SendRequest[], idempotencyKey: string): Promise<BatchOutcome[]>;
  /** most emails sendBatch takes at once */
  readonly batchLimit?: number;
}
