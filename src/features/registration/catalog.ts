/** What registration needs from content: tickets, categories, sessions and their seats. */
import type { Localized } from '../../i18n/locale.ts';
import type { EventInfo, SessionInfo } from '../program/program.types.ts';
import type { VisitCatalog } from '../visits/visits.types.ts';

export interface TicketInfo {
  id: string;
  name: Localized;
  description: Localized;
  /** minor units (fen) */
  priceCents: number;
  currency: string;
  /** allowed category ids; empty = all */
  categories: string[];
  /** accepted invitation codes (empty = none needed) */
  invitationCodes: InvitationCode[];
  requiresApproval: boolean;
  sessionChoice: boolean;
  order: number;
  sample: boolean;
}

export interface InvitationCode {
  /** SHA-256 hex of the upper-cased code */
  hash: string;
  /** registrations it admits in all; undefined = no limit */
  maxUses?: number | undefined;
}

export interface CategoryInfo {
  id: string;
  label: Localized;
  invitationLetter: boolean;
}

export interface Catalog {
  /** edition id: the event entry's id, e.g. "beijing-2024" */
  edition: string;
  event: EventInfo;
  sessions: SessionInfo[];
  tickets: TicketInfo[];
  categories: CategoryInfo[];
  currency: string;
  /** ISO instants; undefined = always open */
  opensAt?: string | undefined;
  closesAt?: string | undefined;
  privacyPage?: string | undefined;
  /** minutes a new registration has to be confirmed from its email (its seats are held meanwhile); 0 = no confirmation */
  confirmWithin: number;
  /** guided visits of the service center (no slots = no visits offered) */
  visits: VisitCatalog;
  /** custom questions of the registration form (questions.ts) */
  questions?: QuestionInfo[] | undefined;
  /** letterhead, signature block and purpose of invitation letters */
  letter?: LetterInfo | undefined;
}

export type QuestionKind = 'text' | 'choice' | 'multi-choice' | 'yes-no' | 'country';

export interface QuestionInfo {
  id: string;
  kind: QuestionKind;
  required: boolean;
  label: Localized;
  help?: Localized | undefined;
  /** choice kinds: the options, in order */
  options: { id: string; label: Localized }[];
  /** asked only with these tickets / categories; empty = everyone */
  tickets: string[];
  categories: string[];
  sample: boolean;
}

export interface LetterInfo {
  letterhead: Localized;
  signatory: Localized;
  signatoryTitle: Localized;
  purpose: Localized;
  sample: boolean;
}

/** Sessions every registration takes a seat in (the main forum). */
export function mainSessions(catalog: Catalog): SessionInfo[] {
  return catalog.sessions.filter((s) => s.kind === 'main');
}

/** Sessions an attendee can choose between. */
export function choosableSessions(catalog: Pick<Catalog, 'sessions'>): SessionInfo[] {
  return catalog.sessions.filter((s) => s.kind === 'parallel');
}

/** Parallel sessions that run at the same time: an attendee chooses at most one of them. */
export interface SessionBlock {
  /** stable: day and earliest start, e.g. "d1-1400" */
  id: string;
  day: number;
  /** HH:MM, the earliest start and latest end of its sessions */
  start: string;
  end: string;
  sessions: SessionInfo[];
}

const overlaps = (a: { start: string; end: string }, b: { start: string; end: string }) => a.start < b.end && b.start < a.end;

/**
 * The time blocks of the program: parallel sessions of one day that overlap in time (directly
 * or through another session of the block) form one block. In time order.
 */
export function sessionBlocks(catalog: Pick<Catalog, 'sessions'>): SessionBlock[] {
  const sorted = choosableSessions(catalog).sort((a, b) => a.day - b.day || a.start.localeCompare(b.start) || a.code.localeCompare(b.code));
  const blocks: Omit<SessionBlock, 'id'>[] = [];
  for (const session of sorted) {
    const last = blocks.at(-1);
    if (last && last.day === session.day && overlaps(last, session)) {
      last.sessions.push(session);
      if (session.end > last.end) last.end = session.end;
    } else {
      blocks.push({ day: session.day, start: session.start, end: session.end, sessions: [session] });
    }
  }
  return blocks.map((b) => ({ id: `d${b.day}-${b.start.replace(':', '')}`, ...b }));
}

/** The block a parallel session belongs to. */
export function blockOfSession(catalog: Pick<Catalog, 'sessions'>, sessionId: string): SessionBlock | undefined {
  return sessionBlocks(catalog).find((b) => b.sessions.some((s) => s.id === sessionId));
}
