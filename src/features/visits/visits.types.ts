/**
 * Guided visits of the 12345 service center: bookable slots with seats, party sizes and
 * guide languages. Slots are content (content/visits/*.yaml); bookings live in the database.
 */
import type { Locale, Localized } from '../../i18n/locale.ts';

export interface VisitSlot {
  /** content file name, e.g. "day-2-1400-zh" */
  id: string;
  /** YYYY-MM-DD in the event timezone */
  date: string;
  /** HH:MM in the event timezone */
  start: string;
  durationMinutes: number;
  capacity: number;
  /** guide languages offered in this slot */
  languages: Locale[];
  /** ISO instants; undefined = open until the slot starts */
  bookingOpens?: string | undefined;
  bookingCloses?: string | undefined;
  /** an organizer cancelled the slot: its bookings are cancelled and the visitors emailed */
  cancelled: boolean;
  note?: Localized | undefined;
  sample: boolean;
}

export interface VisitSettings {
  /** the most visitors one booking may bring (1 … maxPartySize) */
  maxPartySize: number;
  /** the center asks for an identity document per visitor */
  requiresIdDocument: boolean;
  /** document types offered, e.g. passport, resident-id, hk-macao-permit, taiwan-permit */
  idDocumentTypes: string[];
  /** document numbers are deleted this many days after the visit */
  purgeDaysAfterVisit: number;
  meetingPoint: Localized;
  bring: Localized;
  accessibility: Localized;
}

export interface VisitCatalog {
  slots: VisitSlot[];
  settings: VisitSettings;
}

export type BookingStatus = 'confirmed' | 'waitlisted' | 'cancelled';

/** One visitor of a party; the document is collected only when the center requires it. */
export interface VisitorInput {
  name: string;
  organization: string;
  documentType?: string | undefined;
  documentNumber?: string | undefined;
}

/** What the booking page and "my registration" show about a booking. */
export interface BookingView {
  id: string;
  slotId: string;
  status: BookingStatus;
  partySize: number;
  guideLanguage: Locale;
  contactName: string;
  organization: string;
  email: string;
  phone: string;
  accessibility: string;
  visitors: { name: string; organization: string; documentType?: string | undefined; hasDocument: boolean }[];
  /** position on the slot's waiting list (1 = next), when waitlisted */
  waitlistPosition?: number | undefined;
  createdAt: string;
}
