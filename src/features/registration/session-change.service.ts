/**
 * "My registration" changes one time block's session choice on its own. A full session puts
 * the new choice on that session's waiting list (the attendee is told their place); leaving a
 * seated session frees its seat for the next waiting choice. One transaction, after the seat
 * locks (lockSessionSeats), with the email reporting it.
 */
import type { RegistrationTable } from '../../db/schema.ts';
import { inTransaction, type Trx } from '../../db/transaction.ts';
import type { Deps } from '../deps.ts';
import { iso } from '../shared/clock.ts';
import { DomainError } from '../shared/domain-error.ts';
import { releaseSeatsAt, sessionCapacityId } from '../capacity/capacity.repository.ts';
import { sessionBlocks } from './catalog.ts';
import { findLiveRegistration } from './registration.repository.ts';
import { enqueueRegistrationEmail } from './registration.emails.ts';
import { ticketOf } from './registration.rules.ts';
import { choiceEligibleStatuses, deleteChoice, listChoices } from './session-choice.repository.ts';
import { seatOrWait } from './session-choices.service.ts';
import { lockSessionSeats, promoteWaitlist } from './waitlist.service.ts';

/** What the change did to the new choice. */
export type ChoiceChange = 'unchanged' | 'seated' | 'waiting' | 'removed';

/** Choose `sessionId` (a session of block `blockId`) or none (null) for the person's live registration. */
export async function changeSessionChoice(deps: Deps, personId: string, blockId: string, sessionId: string | null): Promise<ChoiceChange> {
  const block = sessionBlocks(deps.catalog).find((b) => b.id === blockId);
  const field = `session.${blockId}`;
  if (!block) throw new DomainError('InvalidInput', { [field]: 'form.error.choice' });
  if (sessionId !== null && !block.sessions.some((s) => s.id === sessionId))
    throw new DomainError('InvalidInput', { [field]: 'form.error.choice' });
  return inTransaction(deps.db, async (trx) => {
    await lockSessionSeats(trx, deps);
    const reg = await findLiveRegistration(trx, deps.catalog.edition, personId);
    if (!reg) throw new DomainError('NotFound');
    return changeChoiceIn(trx, deps, reg, blockId, sessionId);
  });
}

/**
 * The change inside the caller's transaction, which locked the session seats first
 * (lockSessionSeats) and read `reg` after that; the organizer screens audit it in the same one.
 */
export async function changeChoiceIn(
  trx: Trx,
  deps: Deps,
  reg: RegistrationTable,
  blockId: string,
  sessionId: string | null,
): Promise<ChoiceChange> {
  const stamp = iso(deps.clock.now());
  if (!ticketOf(deps, reg.ticket_id)?.sessionChoice || reg.status === 'unconfirmed') throw new DomainError('NotChangeable');
  const current = (await listChoices(trx, reg.id)).find((c) => c.block_id === blockId);
  if ((current?.session_id ?? null) === sessionId) return 'unchanged';
  if (current) {
    if (current.status === 'seated') await releaseSeatsAt(trx, reg.id, sessionCapacityId(current.session_id), stamp);
    await deleteChoice(trx, reg.id, blockId);
  }
  let outcome: ChoiceChange = 'removed';
  if (sessionId !== null) {
    // A waitlisted registration holds no forum seat: its choices wait with it.
    const withForumSeat = (choiceEligibleStatuses as readonly string[]).includes(reg.status);
    const seated = await seatOrWait(trx, reg.id, { blockId, sessionId }, withForumSeat, stamp);
    outcome = seated ? 'seated' : 'waiting';
  }
  if (reg.status === 'confirmed') await enqueueRegistrationEmail(trx, deps, reg, 'registration-confirmed');
  await promoteWaitlist(trx, deps);
  return outcome;
}
