/** Announcements: an email in English and Simplified Chinese to a filtered group of registrations. */
import type { RegistrationStatus } from '../../db/schema.ts';

/** Who gets it; every given filter must match (cancelled, expired and lapsed registrations never do). */
export interface RecipientFilter {
  status?: RegistrationStatus | undefined;
  ticketId?: string | undefined;
  categoryId?: string | undefined;
  /** registrations holding a seat in (or waiting for) this session */
  sessionId?: string | undefined;
  /** only categories that ask for an invitation letter (international guests) */
  international?: boolean | undefined;
  /** registrations whose email also booked this visit slot (not cancelled or lapsed) */
  slotId?: string | undefined;
}

export interface AnnouncementText {
  subjectEn: string;
  bodyEn: string;
  subjectZh: string;
  bodyZh: string;
}

export interface AnnouncementDraft extends AnnouncementText {
  filter: RecipientFilter;
}

export interface Announcement extends AnnouncementDraft {
  id: string;
  createdBy: string | null;
  createdAt: string;
  total: number;
  status: 'draft' | 'sending' | 'queued';
}

/** Delivery so far, counted from the announcement's outbox rows. */
export interface AnnouncementProgress {
  status: Announcement['status'];
  total: number;
  /** emails in the outbox so far */
  queued: number;
  sent: number;
  failed: number;
  /** every email has been sent or has failed for good */
  done: boolean;
}
