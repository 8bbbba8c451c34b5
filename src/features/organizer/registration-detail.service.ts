/**
 * Everything the organizers see about one registration: what the attendee gave (the passport
 * number masked unless revealed, and the reveal audited), custom answers, session choices with
 * their seat or place in line, payments, receipts, the emails sent, its audit history and notes.
 */
import type { PaymentTable, ReceiptTable, RegistrationNoteTable, RegistrationTable } from '../../db/schema.ts';
import type { Deps } from '../deps.ts';
import { open } from '../shared/secrets.ts';
import { DomainError } from '../shared/domain-error.ts';
import { auditReveal, type Actor } from '../staff/audit.ts';
import { answersOf } from '../registration/questions.ts';
import { findRegistration } from '../registration/registration.repository.ts';
import { choicesWithPositions, type ChoiceWithPosition } from '../registration/session-choice.repository.ts';

export interface SentEmail {
  kind: string;
  status: string;
  createdAt: string;
  sentAt: string | null;
}

export interface HistoryEntry {
  at: string;
  actorEmail: string | null;
  action: string;
  detail: Record<string, unknown>;
}

export interface RegistrationDetail {
  registration: RegistrationTable;
  /** the passport number, masked ("••••••47") unless revealed; null without a letter request */
  passportNumber: string | null;
  revealed: boolean;
  answers: Awaited<ReturnType<typeof answersOf>>;
  choices: ChoiceWithPosition[];
  payments: PaymentTable[];
  receipts: ReceiptTable[];
  emails: SentEmail[];
  history: HistoryEntry[];
  notes: RegistrationNoteTable[];
}

/** "C01X00T47" → "•••••••47". */
export const maskDocument = (value: string) => `${'•'.repeat(Math.max(0, value.length - 2))}${value.slice(-2)}`;

/** The emails about this registration: the outbox rows to its address that name it (or its person, for links). */
async function emailsOf(deps: Deps, reg: RegistrationTable): Promise<SentEmail[]> {
  const rows = await deps.db
    .selectFrom('outbox')
    .select(['kind', 'status', 'created_at', 'sent_at', 'payload'])
    .where('recipient', '=', reg.email)
    .orderBy('created_at', 'desc')
    .limit(200)
    .execute();
  return rows
    .filter((r) => {
      const payload = JSON.parse(r.payload) as { registrationId?: string; personId?: string; bookingId?: string };
      return (
        payload.registrationId === reg.id ||
        (payload.registrationId === undefined && payload.bookingId === undefined && payload.personId === reg.person_id)
      );
    })
    .map((r) => ({ kind: r.kind, status: r.status, createdAt: r.created_at, sentAt: r.sent_at }));
}

async function historyOf(deps: Deps, registrationId: string): Promise<HistoryEntry[]> {
  const rows = await deps.db
    .selectFrom('audit_log')
    .select(['at', 'actor_email', 'action', 'detail'])
    .where('subject_id', '=', registrationId)
    .where('subject_type', '=', 'registration')
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(200)
    .execute();
  return rows.map((r) => ({
    at: r.at,
    actorEmail: r.actor_email,
    action: r.action,
    detail: JSON.parse(r.detail) as Record<string, unknown>,
  }));
}

/**
 * The registration as the detail page shows it. `reveal` (admins only: the caller checks) shows
 * the passport number and records the reveal in the audit log before it is returned.
 */
export async function registrationDetail(deps: Deps, actor: Actor, registrationId: string, reveal = false): Promise<RegistrationDetail> {
  const reg = await findRegistration(deps.db, registrationId);
  if (!reg) throw new DomainError('NotFound');
  const number = reg.passport_number_enc ? open(deps.keys.encryption, reg.passport_number_enc) : null;
  const revealed = reveal && number !== null;
  if (revealed) await auditReveal({ db: deps.db, clock: deps.clock }, actor, 'passport-number', { type: 'registration', id: reg.id });
  const [answers, choices, payments, receipts, emails, history, notes] = await Promise.all([
    answersOf(deps, reg.id),
    choicesWithPositions(deps.db, reg),
    deps.db.selectFrom('payment').selectAll().where('registration_id', '=', reg.id).orderBy('created_at', 'desc').execute(),
    deps.db.selectFrom('receipt').selectAll().where('registration_id', '=', reg.id).orderBy('seq').execute(),
    emailsOf(deps, reg),
    historyOf(deps, reg.id),
    deps.db.selectFrom('registration_note').selectAll().where('registration_id', '=', reg.id).orderBy('created_at', 'desc').execute(),
  ]);
  return {
    registration: reg,
    passportNumber: number === null ? null : revealed ? number : maskDocument(number),
    revealed,
    answers,
    choices,
    payments,
    receipts,
    emails,
    history,
    notes,
  };
}
