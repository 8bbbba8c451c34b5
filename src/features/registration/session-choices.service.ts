/**
 * Seats per parallel-session choice. The main forum's seat decides the registration's status;
 * each chosen session takes a seat on its own, and a full session puts only that choice on the
 * session's waiting list. Freed session seats go to the oldest waiting choice of a registration
 * that holds its forum seat (never an unconfirmed, waitlisted or ended one). Everything here
 * runs in the caller's transaction, after lockSessionSeats (the lock order of db/transaction.ts).
 */
import type { SessionChoiceTable } from '../../db/schema.ts';
import type { Trx } from '../../db/transaction.ts';
import type { Deps } from '../deps.ts';
import { iso } from '../shared/clock.ts';
import { seatsLeftAt, sessionCapacityId, takeSeats } from '../capacity/capacity.repository.ts';
import { choosableSessions } from './catalog.ts';
import { findRegistration } from './registration.repository.ts';
import { enqueueRegistrationEmail } from './registration.emails.ts';
import { insertChoice, insertChoiceRows, listWaitingChoices, setChoiceStatus } from './session-choice.repository.ts';

/** One block's pick from the form (checkChoices). */
export interface SessionPick {
  blockId: string;
  sessionId: string;
}

const seatIn = (sessionId: string) => [{ capacityId: sessionCapacityId(sessionId), seats: 1 }];

/** Take a seat for one choice, or put it on the waiting list; true when seated. */
export async function seatOrWait(trx: Trx, registrationId: string, pick: SessionPick, tryToSeat: boolean, stamp: string): Promise<boolean> {
  const seated = tryToSeat && (await takeSeats(trx, registrationId, seatIn(pick.sessionId), stamp));
  await insertChoice(trx, {
    registration_id: registrationId,
    block_id: pick.blockId,
    session_id: pick.sessionId,
    status: seated ? 'seated' : 'waiting',
    waiting_since: seated ? null : stamp,
    created_at: stamp,
    updated_at: stamp,
  });
  return seated;
}

/** A new registration's choices, all with one status, in one statement; returned in block order (as listChoices). */
export async function insertChoices(
  trx: Trx,
  registrationId: string,
  picks: SessionPick[],
  status: SessionChoiceTable['status'],
  stamp: string,
): Promise<SessionChoiceTable[]> {
  const rows = picks
    .map((pick) => ({
      registration_id: registrationId,
      block_id: pick.blockId,
      session_id: pick.sessionId,
      status,
      waiting_since: status === 'waiting' ? stamp : null,
      created_at: stamp,
      updated_at: stamp,
    }))
    .sort((a, b) => (a.block_id < b.block_id ? -1 : a.block_id > b.block_id ? 1 : 0));
  await insertChoiceRows(trx, rows);
  return rows;
}

/**
 * A new registration's choices: each takes a seat when the registration got its forum seat
 * (`seated`), else every choice waits with the registration.
 */
export async function placeChoices(trx: Trx, registrationId: string, picks: SessionPick[], seated: boolean, stamp: string): Promise<void> {
  for (const pick of picks) await seatOrWait(trx, registrationId, pick, seated, stamp);
}

/**
 * Give each parallel session's free seats to its waiting choices, oldest first; each promoted
 * choice is emailed (registration-session-promoted) in this transaction, except for the
 * registrations in `quiet` (the caller emails them with all their choices).
 */
export async function promoteChoices(trx: Trx, deps: Deps, quiet: ReadonlySet<string> = new Set()): Promise<number> {
  const now = deps.clock.now();
  const stamp = iso(now);
  let promoted = 0;
  for (const session of choosableSessions(deps.catalog)) {
    const left = await seatsLeftAt(trx, sessionCapacityId(session.id));
    if (left <= 0) continue;
    for (const choice of await listWaitingChoices(trx, session.id, left)) {
      if (!(await takeSeats(trx, choice.registration_id, seatIn(session.id), stamp))) break;
      await setChoiceStatus(trx, choice.registration_id, choice.block_id, { status: 'seated', waiting_since: null, updated_at: stamp });
      const reg = await findRegistration(trx, choice.registration_id);
      if (reg && !quiet.has(reg.id))
        await enqueueRegistrationEmail(trx, deps, reg, 'registration-session-promoted', { promotedSessionId: session.id });
      promoted += 1;
    }
  }
  return promoted;
}
