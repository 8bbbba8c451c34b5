/**
 * What the registration desk decides on a registration: approve or reject a request (tickets
 * that need approval, media), approve or reject an invitation letter, move a session choice,
 * resend the link, add a note. Each runs the domain service's change, its email and the audit
 * entry in one transaction; repeating a decision changes nothing and answers 'already'.
 */
import { inTransaction, type Trx } from '../../db/transaction.ts';
import { storedLocale } from '../../i18n/locale.ts';
import type { Deps } from '../deps.ts';
import { iso } from '../shared/clock.ts';
import { DomainError } from '../shared/domain-error.ts';
import { newId } from '../shared/secrets.ts';
import { audit, type Actor } from '../staff/audit.ts';
import { enqueueEmail } from '../notifications/outbox.repository.ts';
import { sessionBlocks } from '../registration/catalog.ts';
import { decideInTransaction } from '../registration/letters.service.ts';
import { findRegistration, liveStatuses } from '../registration/registration.repository.ts';
import { approveInTransaction } from '../registration/registration.service.ts';
import { ticketOf } from '../registration/registration.rules.ts';
import { changeChoiceIn, type ChoiceChange } from '../registration/session-change.service.ts';
import { cancelInTransaction, lockSessionSeats } from '../registration/waitlist.service.ts';

/** done: changed now (and audited); already: it was so before, nothing changed */
export type StaffOutcome = 'done' | 'already';

const subject = (id: string) => ({ type: 'registration', id });

async function mustFind(trx: Trx, id: string) {
  const reg = await findRegistration(trx, id);
  if (!reg) throw new DomainError('NotFound');
  return reg;
}

/** Approve a request awaiting approval (free → confirmed, paid → pending payment), with its email. */
export function approveByStaff(deps: Deps, actor: Actor, registrationId: string): Promise<StaffOutcome> {
  return inTransaction(deps.db, async (trx) => {
    const reg = await mustFind(trx, registrationId);
    if (!(await approveInTransaction(trx, deps, registrationId))) {
      const needsApproval = ticketOf(deps, reg.ticket_id)?.requiresApproval === true;
      if (needsApproval && (reg.status === 'confirmed' || reg.status === 'pending_payment')) return 'already';
      throw new DomainError('NotChangeable');
    }
    await audit({ db: trx, clock: deps.clock }, actor, 'registration.approve', subject(reg.id), { from: reg.status });
    return 'done';
  });
}

/** Reject a request awaiting approval: it is cancelled (seats back to the waiting list), with the cancellation email. */
export function rejectByStaff(deps: Deps, actor: Actor, registrationId: string): Promise<StaffOutcome> {
  return inTransaction(deps.db, async (trx) => {
    await lockSessionSeats(trx, deps);
    const reg = await mustFind(trx, registrationId);
    if (reg.status === 'cancelled') return 'already';
    if (reg.status !== 'awaiting_approval' || !(await cancelInTransaction(trx, deps, reg))) throw new DomainError('NotChangeable');
    await audit({ db: trx, clock: deps.clock }, actor, 'registration.reject', subject(reg.id));
    return 'done';
  });
}

/** Approve or reject the requested invitation letter (a rejection may carry a reason for the attendee). */
export function decideLetterByStaff(
  deps: Deps,
  actor: Actor,
  registrationId: string,
  decision: 'approved' | 'rejected',
  reason = '',
): Promise<StaffOutcome> {
  return inTransaction(deps.db, async (trx) => {
    const result = await decideInTransaction(trx, deps, registrationId, decision, decision === 'rejected' ? reason : null);
    if (result === 'already') return 'already';
    const action = decision === 'approved' ? 'registration.letter-approve' : 'registration.letter-reject';
    await audit({ db: trx, clock: deps.clock }, actor, action, subject(registrationId));
    return 'done';
  });
}

/** Move the registration's choice in one time block to another session of it (or none), respecting seats. */
export async function moveChoiceByStaff(
  deps: Deps,
  actor: Actor,
  registrationId: string,
  blockId: string,
  sessionId: string | null,
): Promise<ChoiceChange> {
  const block = sessionBlocks(deps.catalog).find((b) => b.id === blockId);
  if (!block || (sessionId !== null && !block.sessions.some((s) => s.id === sessionId))) {
    throw new DomainError('InvalidInput', { session: 'form.error.choice' });
  }
  return inTransaction(deps.db, async (trx) => {
    await lockSessionSeats(trx, deps);
    const reg = await mustFind(trx, registrationId);
    if (!liveStatuses.includes(reg.status) || reg.edition !== deps.catalog.edition) throw new DomainError('NotChangeable');
    const outcome = await changeChoiceIn(trx, deps, reg, blockId, sessionId);
    if (outcome !== 'unchanged') {
      await audit({ db: trx, clock: deps.clock }, actor, 'registration.move-session', subject(reg.id), {
        block: blockId,
        session: sessionId,
        outcome,
      });
    }
    return outcome;
  });
}

/** Send the attendee a fresh link to their registration (the access-link email), audited. */
export function resendLinkByStaff(deps: Deps, actor: Actor, registrationId: string): Promise<void> {
  return inTransaction(deps.db, async (trx) => {
    const reg = await mustFind(trx, registrationId);
    if (!liveStatuses.includes(reg.status)) throw new DomainError('NotChangeable');
    const payload = { personId: reg.person_id, name: reg.name };
    await enqueueEmail(trx, { kind: 'access-link', recipient: reg.email, locale: storedLocale(reg.locale), payload }, deps.clock.now());
    await audit({ db: trx, clock: deps.clock }, actor, 'registration.resend-link', subject(reg.id));
  });
}

export const MAX_NOTE = 2000;

/** A staff note on the registration (never shown to the attendee). */
export async function addNote(deps: Deps, actor: Actor, registrationId: string, body: string): Promise<string> {
  const text = body.trim();
  if (text === '') throw new DomainError('InvalidInput', { note: 'form.error.required' });
  if (text.length > MAX_NOTE) throw new DomainError('InvalidInput', { note: 'form.error.tooLong' });
  return inTransaction(deps.db, async (trx) => {
    await mustFind(trx, registrationId);
    const id = newId();
    const row = { id, registration_id: registrationId, author_user_id: actor.userId, author_email: actor.email, body: text };
    await trx
      .insertInto('registration_note')
      .values({ ...row, created_at: iso(deps.clock.now()) })
      .execute();
    await audit({ db: trx, clock: deps.clock }, actor, 'registration.note', subject(registrationId), { note: id });
    return id;
  });
}
