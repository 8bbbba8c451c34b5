/**
 * Guided visits of the 12345 service center: bookable slots with seats, party sizes and
 * guide languages. Slots are content (content/visits/*.yaml); bookings live in the database.
 */
import type { Localized, SourceLocale } from '../../i18n/locale.ts';

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
  languages: SourceLocale[];
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
  /** minutes a new booking has to be confirmed from its email (its seats are held meanwhile); 0 = no confirmation */
  confirmWithin: number;
  meetingPoint: Localized;
  /** street address of the center (optional) */
  address?: Localized | undefined;
  bring: Localized;
  accessibility: Localized;
}

export interface VisitCatalog {
  slots: VisitSlot[];
  settings: VisitSettings;
}

/** unconfirmed: holds its seats (if any) until a link from the mailbox is opened; lapsed: it was not, in time. */
export type BookingStatus = 'unconfirmed' | 'confirmed' | 'waitlisted' | 'cancelled' | 'lapsed';

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
  guideLanguage: SourceLocale;
  contactName: string;
  organization: string;
  email: string;
  phone: string;
  accessibility: string;
  visitors: { name: string; organization: string; documentType?: string | undefined; hasDocument: boolean }[];
  /** position on the slot's waiting list (1 = next), when waitlisted */
  waitlistPosition?: number | undefined;
  /** unconfirmed: the email link must be opened by then (ISO) */
  confirmBy?: string | undefined;
  createdAt: string;
}

/**
 * What booking did. Never a credential: the browser that sent the form gets no access from
 * it, and its answer must not depend on whether the address was known.
 */
export interface BookResult {
  /** false: the person already had a live booking of this slot; they were emailed their link instead */
  created: boolean;
  /** the new booking (or the existing one when not created) */
  bookingId: string;
  personId: string;
  status: BookingStatus;
  /** open the link in the email by then (ISO), for a new or a known address alike; null without confirmation */
  confirmBy: string | null;
}

/** What a visitor changes in their booking (each part optional). */
export interface BookingChange {
  slotId?: string | undefined;
  partySize?: number | undefined;
  /** the whole new list of visitors, one row per visitor */
  visitors?: VisitorInput[] | undefined;
  /**
   * Or, when the party grows from "my registration": only the visitors who join; the ones
   * already booked keep their names and documents. A smaller party keeps the first ones.
   */
  addVisitors?: VisitorInput[] | undefined;
}

/** Seats and waiting parties of one slot. */
export interface SlotAvailability {
  capacity: number;
  taken: number;
  left: number;
  /** parties (bookings) on the waiting list */
  waitlisted: number;
}

/** Who comes to a slot (organizer side). */
export interface SlotManifest {
  slotId: string;
  confirmedVisitors: number;
  waitlistedVisitors: number;
  /** live bookings, first come first served; document numbers only via bookingDocumentNumbers */
  bookings: BookingView[];
}

/** One visitor's document as the organizer reads it (the number decrypted). */
export interface VisitorDocument {
  name: string;
  documentType?: string | undefined;
  documentNumber: string | null;
}
