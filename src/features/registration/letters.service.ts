/**
 * Invitation letters are a request: none → requested (the form) → approved | rejected (an
 * organizer). The PDF is offered on "my registration" only once approved. Each decision and the
 * email reporting it commit in one transaction; repeating a decision changes nothing and sends
 * nothing; deciding the other way afterwards, or on a registration that asked for no letter or
 * is no longer live, is NotChangeable.
 */
import type { LetterState } from '../../db/schema.ts';
import { inTransaction, type Trx } from '../../db/transaction.ts';
import type { Deps } from '../deps.ts';
import { iso } from '../shared/clock.ts';
import { DomainError } from '../shared/domain-error.ts';
import { enqueueEmail } from '../notifications/outbox.repository.ts';
import { decideLetter } from './letters.repository.ts';
import { registrationEmail } from './registration.emails.ts';
import { findRegistration } from './registration.repository.ts';

export type LetterDecision = 'decided' | 'already';

const MAX_REASON = 500;

async function decide(deps: Deps, registrationId: string, state: 'approved' | 'rejected', note: string | null): Promise<LetterDecision> {
  return inTransaction(deps.db, (trx) => decideInTransaction(trx, deps, registrationId, state, note));
}

/** A letter decision inside the caller's transaction (the organizer screens audit it in the same one). */
export async function decideInTransaction(
  trx: Trx,
  deps: Deps,
  registrationId: string,
  state: 'approved' | 'rejected',
  reason: string | null,
): Promise<LetterDecision> {
  const now = deps.clock.now();
  const note = reason === null ? null : reason.trim().slice(0, MAX_REASON) || null;
  const moved = await decideLetter(trx, registrationId, { letter_state: state, letter_note: note, at: iso(now) });
  const reg = await findRegistration(trx, registrationId);
  if (!reg) throw new DomainError('NotFound');
  if (!moved) {
    if (reg.letter_state === state) return 'already';
    throw new DomainError('NotChangeable');
  }
  const kind = state === 'approved' ? 'letter-approved' : 'letter-rejected';
  await enqueueEmail(trx, registrationEmail(deps, reg, kind, note ? { letterNote: note } : {}), now);
  return 'decided';
}

/** An organizer approves the requested letter: the attendee is emailed and can download it. */
export function approveLetter(deps: Deps, registrationId: string): Promise<LetterDecision> {
  return decide(deps, registrationId, 'approved', null);
}

/** An organizer declines the requested letter, with a reason shown to the attendee (may be empty). */
export function rejectLetter(deps: Deps, registrationId: string, reason: string): Promise<LetterDecision> {
  const note = reason.trim().slice(0, MAX_REASON);
  return decide(deps, registrationId, 'rejected', note === '' ? null : note);
}

/** The letter PDF may be handed out: asked for, approved, and the registration confirmed. */
export function letterAvailable(reg: { status: string; letter_state: LetterState }): boolean {
  return reg.status === 'confirmed' && reg.letter_state === 'approved';
}
