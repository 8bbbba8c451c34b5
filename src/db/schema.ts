/**
 * Table types for Kysely. Portable across SQLite and PostgreSQL: timestamps are ISO-8601 UTC
 * strings (they sort as text), money is integer minor units (fen), flags are 0/1 integers.
 */
export type Iso = string;

export interface PersonTable {
  id: string;
  /** lower-cased, trimmed: one identity across registration and visits */
  email: string;
  created_at: Iso;
}

/**
 * unconfirmed: new, holding its seats (if it got any) until a link from the mailbox is opened
 * by confirm_by; lapsed: not confirmed in time, seats released.
 */
export type RegistrationStatus =
  'unconfirmed' | 'confirmed' | 'pending_payment' | 'awaiting_approval' | 'waitlisted' | 'cancelled' | 'expired' | 'lapsed';

export interface RegistrationTable {
  id: string;
  edition: string;
  person_id: string;
  email: string;
  ticket_id: string;
  category_id: string;
  status: RegistrationStatus;
  name: string;
  organization: string;
  job_title: string;
  phone: string;
  country: string;
  dietary: string;
  accessibility: string;
  interpretation: string;
  locale: string;
  letter_requested: number;
  /** invitation letter: passport details, the number encrypted at rest */
  passport_name: string | null;
  passport_number_enc: string | null;
  nationality: string | null;
  arrival_date: string | null;
  departure_date: string | null;
  /** invitation letter as a request: none | requested | approved | rejected */
  letter_state: LetterState;
  letter_decided_at: Iso | null;
  /** why a letter was rejected (shown to the attendee) */
  letter_note: string | null;
  /** sealed YYYY-MM-DD, for the letter */
  birth_date_enc: string | null;
  /** sealed YYYY-MM-DD, for the letter */
  passport_expiry_enc: string | null;
  /** paid tickets: formal invoice (发票) title and taxpayer number, when given */
  invoice_title: string | null;
  tax_number: string | null;
  consent_at: Iso;
  amount_cents: number;
  currency: string;
  hold_expires_at: Iso | null;
  /** while unconfirmed: the email link must be opened by then, or the registration lapses */
  confirm_by: Iso | null;
  confirmed_at: Iso | null;
  cancelled_at: Iso | null;
  checked_in_at: Iso | null;
  /** also the waiting-list order (ties broken by id) */
  created_at: Iso;
  updated_at: Iso;
}

/**
 * A registration's choice of one parallel session in one time block (sessionBlocks). seated:
 * it holds a seat in the session; waiting: on that session's waiting list since waiting_since
 * (the registration's other seats are unaffected).
 */
export interface SessionChoiceTable {
  registration_id: string;
  /** e.g. "d1-1400" (day and earliest start of the block) */
  block_id: string;
  /** parallel session (content id) */
  session_id: string;
  status: 'seated' | 'waiting';
  /** the waiting-list order (ties broken by registration id); null while seated */
  waiting_since: Iso | null;
  created_at: Iso;
  updated_at: Iso;
}

export type LetterState = 'none' | 'requested' | 'approved' | 'rejected';

/** One answer to a custom question of content; multi-choice answers are a JSON array of option ids. */
export interface RegistrationAnswerTable {
  registration_id: string;
  question_id: string;
  value: string;
}

/** A receipt for a paid registration, numbered per edition ("2024-000123"). */
export interface ReceiptTable {
  number: string;
  edition: string;
  seq: number;
  registration_id: string;
  payment_id: string;
  payer: string;
  /** ticket name in the attendee's language */
  item: string;
  amount_cents: number;
  currency: string;
  method: 'stripe' | 'simulated' | 'offline';
  issued_at: Iso;
}

/** The last receipt number given per edition. */
export interface ReceiptCounterTable {
  edition: string;
  last: number;
}

export interface CapacityTable {
  /** "session:<content id>" or "visit:<slot id>" */
  id: string;
  seat_limit: number;
  taken: number;
  updated_at: Iso;
}

/** Seats a registration or booking holds, so they are released exactly. */
export interface SeatHoldTable {
  owner_id: string;
  capacity_id: string;
  seats: number;
}

export type PaymentStatus = 'open' | 'paid' | 'failed' | 'expired' | 'refunded';

/** duplicate: a second checkout of a registration already paid; no-seat: paid after the seat was gone; cancelled: the attendee cancelled */
export type RefundReason = 'duplicate' | 'no-seat' | 'cancelled';

export interface PaymentTable {
  id: string;
  registration_id: string;
  /** offline: a bank transfer recorded by staff */
  provider: 'stripe' | 'simulated' | 'offline';
  checkout_id: string | null;
  checkout_url: string | null;
  status: PaymentStatus;
  amount_cents: number;
  currency: string;
  payment_intent: string | null;
  refund_id: string | null;
  /** why the payment was (or is to be) refunded; null while it is not owed back */
  refund_reason: RefundReason | null;
  /** offline payments: the bank transfer's reference and the day it arrived (YYYY-MM-DD) */
  offline_reference?: string | null;
  paid_on?: string | null;
  expires_at: Iso;
  created_at: Iso;
  updated_at: Iso;
}

export interface StripeEventTable {
  id: string;
  type: string;
  received_at: Iso;
}

/** Stand-in for Stripe Checkout when no keys are configured (embedded default). */
export interface SimulatedCheckoutTable {
  id: string;
  registration_id: string;
  amount_cents: number;
  currency: string;
  status: 'open' | 'complete' | 'expired';
  payment_status: 'unpaid' | 'paid';
  payment_intent: string | null;
  refunded: number;
  success_url: string;
  cancel_url: string;
  expires_at: Iso;
  created_at: Iso;
}

export type OutboxStatus = 'pending' | 'sent' | 'failed';

export interface OutboxTable {
  id: string;
  /** template name, e.g. "registration-confirmed" */
  kind: string;
  recipient: string;
  locale: string;
  /** JSON: template data (ids and display values) */
  payload: string;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: Iso;
  locked_until: Iso | null;
  locked_by: string | null;
  last_error: string | null;
  provider_id: string | null;
  created_at: Iso;
  sent_at: Iso | null;
}

/** A magic link, issued into one email. */
export interface AccessTokenTable {
  /** SHA-256 of the 128-bit token: the token itself is never stored */
  token_hash: string;
  person_id: string;
  created_at: Iso;
  expires_at: Iso;
  /** signed out everywhere, or cancelled: the link no longer opens anything */
  revoked_at: Iso | null;
}

/** A browser signed in by opening a magic link ("Continue"): its own token, kept in the cookie. */
export interface AccessSessionTable {
  /** SHA-256 of the 128-bit session token */
  token_hash: string;
  person_id: string;
  created_at: Iso;
  expires_at: Iso;
  /** signed out (this browser or everywhere) */
  revoked_at: Iso | null;
}

/** Registrations made with an invitation code, per ticket and code (the limit is content: maxUses). */
export interface InvitationCodeUseTable {
  ticket_id: string;
  /** SHA-256 hex of the code, as in the ticket file */
  code_hash: string;
  uses: number;
  updated_at: Iso;
}

export interface RateLimitTable {
  key: string;
  hits: number;
  expires_at: Iso;
}

export type BookingStatus = 'unconfirmed' | 'confirmed' | 'waitlisted' | 'cancelled' | 'lapsed';

/** A guided visit of the service center for a party of 1 … maxPartySize visitors. */
export interface BookingTable {
  id: string;
  edition: string;
  person_id: string;
  /** visit slot (content id) */
  slot_id: string;
  status: BookingStatus;
  party_size: number;
  contact_name: string;
  organization: string;
  /** the person's email (emails about the booking go here) */
  email: string;
  phone: string;
  guide_language: string;
  accessibility: string;
  locale: string;
  /** JSON [{name, organization, documentType?}]: never the document numbers */
  visitors: string;
  /** sealed JSON array of the visitors' document numbers (same order), null when none or purged */
  id_documents_enc: string | null;
  id_purge_after: Iso | null;
  id_purged_at: Iso | null;
  consent_at: Iso;
  /** while unconfirmed: the email link must be opened by then, or the booking lapses */
  confirm_by: Iso | null;
  reminder_sent_at: Iso | null;
  cancelled_at: Iso | null;
  /** also the slot's waiting-list order (ties broken by id) */
  created_at: Iso;
  updated_at: Iso;
}

export interface CheckInTable {
  id: string;
  edition: string;
  /** a check-in point (features/checkin/checkin-points.ts): entrance, session:<id>, center */
  point_id: string;
  subject_kind: 'registration' | 'booking';
  subject_id: string;
  /** people admitted: 1, or a visit's party size */
  people: number;
  /** when the device scanned (the earliest scan wins when offline devices sync) */
  scanned_at: Iso;
  device_id: string;
  /** the device's id for this scan: a retried sync is recognised, not counted twice */
  client_ref: string;
  staff_id: string | null;
  /** later scans of the same ticket at the same point */
  duplicates: number;
  recorded_at: Iso;
}

export interface Database {
  person: PersonTable;
  registration: RegistrationTable;
  session_choice: SessionChoiceTable;
  capacity: CapacityTable;
  seat_hold: SeatHoldTable;
  payment: PaymentTable;
  stripe_event: StripeEventTable;
  simulated_checkout: SimulatedCheckoutTable;
  outbox: OutboxTable;
  access_token: AccessTokenTable;
  access_session: AccessSessionTable;
  rate_limit: RateLimitTable;
  invitation_code_use: InvitationCodeUseTable;
  booking: BookingTable;
  registration_answer: RegistrationAnswerTable;
  receipt: ReceiptTable;
  receipt_counter: ReceiptCounterTable;
  org_user: OrgUserTable;
  org_session: OrgSessionTable;
  org_account: OrgAccountTable;
  org_verification: OrgVerificationTable;
  staff_password_link: StaffPasswordLinkTable;
  audit_log: AuditLogTable;
  check_in: CheckInTable;
  announcement: AnnouncementTable;
  announcement_recipient: AnnouncementRecipientTable;
  registration_note: RegistrationNoteTable;
  content_draft: ContentDraftTable;
  upload: UploadTable;
  upload_chunk: UploadChunkTable;
  content_blob: ContentBlobTable;
  content_revision: ContentRevisionTable;
  content_revision_file: ContentRevisionFileTable;
}

/**
 * Staff accounts (better-auth's tables: camelCase columns; dates are ISO text on SQLite and
 * timestamptz on PostgreSQL, flags 0/1 on SQLite and booleans on PostgreSQL).
 */
export interface OrgUserTable {
  id: string;
  name: string;
  email: string;
  emailVerified: number | boolean;
  image: string | null;
  createdAt: Iso | Date;
  updatedAt: Iso | Date;
  /** admin, desk, editor or checkin */
  role: string | null;
  banned: number | boolean | null;
  banReason: string | null;
  banExpires: Iso | Date | null;
  twoFactorEnabled: number | boolean | null;
}

export interface OrgSessionTable {
  id: string;
  expiresAt: Iso | Date;
  token: string;
  createdAt: Iso | Date;
  updatedAt: Iso | Date;
  ipAddress: string | null;
  userAgent: string | null;
  userId: string;
  impersonatedBy: string | null;
}

export interface OrgAccountTable {
  id: string;
  accountId: string;
  providerId: string;
  userId: string;
  password: string | null;
  createdAt: Iso | Date;
  updatedAt: Iso | Date;
}

/** better-auth's short-lived values (e.g. the pending second-factor step: identifier → user id). */
export interface OrgVerificationTable {
  id: string;
  identifier: string;
  value: string;
  expiresAt: Iso | Date;
}

/** A one-time link that sets a staff member's password (invitation, first admin): SHA-256 only. */
export interface StaffPasswordLinkTable {
  token_hash: string;
  /** null: the setup link of a fresh install, which creates the first admin */
  user_id: string | null;
  expires_at: Iso;
  used_at: Iso | null;
  created_at: Iso;
}

/** Who did what to which record, when; ids only, `detail` a small JSON object. */
export interface AuditLogTable {
  id: string;
  at: Iso;
  actor_user_id: string | null;
  actor_email: string | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  detail: string;
}

/** draft: written, not sent; sending: the job is enqueueing its emails; queued: every email is in the outbox. */
export type AnnouncementStatus = 'draft' | 'sending' | 'queued';

/** An email to a filtered group, in English and Simplified Chinese (zh-hant recipients get the zh text converted). */
export interface AnnouncementTable {
  id: string;
  edition: string;
  subject_en: string;
  body_en: string;
  subject_zh: string;
  body_zh: string;
  /** JSON: the recipient filter (features/announcements/announcement.types.ts) */
  filter: string;
  created_by: string | null;
  created_at: Iso;
  /** recipients counted when the send was decided */
  total: number;
  status: AnnouncementStatus;
  sent_at: Iso | null;
}

/** The one outbox row each recipient got for an announcement. */
export interface AnnouncementRecipientTable {
  announcement_id: string;
  registration_id: string;
  outbox_id: string;
}

/** A staff member's note on a registration (never shown to the attendee). */
export interface RegistrationNoteTable {
  id: string;
  registration_id: string;
  author_user_id: string | null;
  author_email: string | null;
  body: string;
  created_at: Iso;
}

/** One content file body, stored once whatever the number of revisions holding it. */
export interface ContentBlobTable {
  sha256: string;
  body: string;
}

/** queued → writing → building → switching → published, or failed at any step. */
export type ContentRevisionState = 'queued' | 'writing' | 'building' | 'switching' | 'published' | 'failed';

/** A published (or attempted) state of the content folder: who, when, why, and how it went. */
export interface ContentRevisionTable {
  id: number;
  state: ContentRevisionState;
  /** 1 while in progress, null afterwards (unique: one publish at a time) */
  active: number | null;
  created_by: string | null;
  created_by_email: string | null;
  created_at: Iso;
  finished_at: Iso | null;
  message: string;
  /** JSON { file, field, message }[] of a failed build */
  error: string | null;
  /** progress lines, one per line */
  log: string;
  tree_sha256: string;
  rolled_back_from: number | null;
}

export interface ContentRevisionFileTable {
  revision_id: number;
  /** posix, relative to the content folder */
  path: string;
  blob_sha256: string;
}

/** An unpublished change to one file of the content folder (features/editing). */
export interface ContentDraftTable {
  /** posix path relative to the content folder: 'papers/x.yaml', 'pages/en/venue.md' */
  path: string;
  /** the whole file text as it will be written; null = delete the file on publish */
  body: string | null;
  /** SHA-256 hex of the published file the draft was edited from; null = a new file */
  base_sha256: string | null;
  updated_by: string;
  updated_at: Iso;
}

/** An uploaded file (paper PDF, speaker photo), stored by its SHA-256. */
export interface UploadTable {
  sha256: string;
  media_type: string;
  size: number;
  original_name: string;
  created_by: string;
  created_at: Iso;
}

/** The bytes of an upload in ~1 MB chunks (blob on SQLite, bytea on PostgreSQL). */
export interface UploadChunkTable {
  sha256: string;
  n: number;
  bytes: Uint8Array;
}
