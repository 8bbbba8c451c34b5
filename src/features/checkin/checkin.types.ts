/** Check-in at the door: what a scan answers and what a device keeps for offline use. */
import type { Localized } from '../../i18n/locale.ts';

/** Where people are checked in: the forum entrance, a parallel session's room, the 12345 center. */
export interface CheckInPoint {
  /** "entrance", "session:<session id>" or "center" */
  id: string;
  kind: 'entrance' | 'session' | 'center';
  /** the session's code and title, for session points */
  label?: Localized | undefined;
  room?: Localized | undefined;
  sessionId?: string | undefined;
}

/** Why a ticket does not admit its holder here. */
export type RefusalReason =
  'unknown-code' | 'cancelled' | 'waitlisted' | 'unpaid' | 'awaiting-approval' | 'unconfirmed' | 'not-for-this-point';

export interface AttendeeCard {
  kind: 'registration' | 'booking';
  id: string;
  name: string;
  organization: string;
  /** category id (registrations) */
  category?: string | undefined;
  /** ticket id (registrations) */
  ticket?: string | undefined;
  /** seated parallel sessions (registrations) */
  sessions: string[];
  /** visit slot (bookings) */
  slotId?: string | undefined;
  accessibility: string;
  /** 1, or the party size of a visit */
  people: number;
}

/** One scan, from a device online or synced later. */
export interface ScanInput {
  pointId: string;
  /** the QR code's text, or "id:<registration or booking id>" for a search hit chosen by hand */
  code: string;
  deviceId: string;
  /** the device's id for this scan (a retried sync sends it again) */
  clientRef: string;
  /** ISO instant the device scanned; the server's time when absent */
  scannedAt?: string | undefined;
  staffId?: string | undefined;
}

export type ScanResult =
  | { outcome: 'checked-in'; attendee: AttendeeCard; at: string; replaced?: boolean }
  | { outcome: 'duplicate'; attendee: AttendeeCard; first: { at: string; deviceId: string } }
  | { outcome: 'refused'; reason: RefusalReason; attendee?: AttendeeCard | undefined };

/** A ticket as a device keeps it for offline check-in: keyed by a hash of its code, never the code. */
export interface RosterEntry {
  /** SHA-256 hex of the QR code's text */
  codeHash: string;
  attendee: AttendeeCard;
  /** null: admitted here; else why not */
  refusal: RefusalReason | null;
  checkedInAt: string | null;
  /** the device of that check-in */
  checkedInOn: string | null;
}

export interface PointCount {
  pointId: string;
  /** tickets checked in */
  tickets: number;
  /** people (visit parties count each member) */
  people: number;
  /** tickets that admit their holder here */
  expected: number;
  duplicates: number;
}

/** What a device downloads for offline check-in at one point. */
export interface RosterPayload {
  pointId: string;
  /** raw AES-256-GCM key, base64: the same on every instance (derived from the app keys), one per edition */
  key: string;
  /** ISO: after this the device forgets roster and key */
  expiresAt: string;
  /** ISO: when the server made this roster */
  at: string;
  entries: RosterEntry[];
}
