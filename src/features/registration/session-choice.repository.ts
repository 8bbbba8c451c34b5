/** session_choice rows: one parallel session per registration and time block, seated or waiting. */
import type { RegistrationTable, SessionChoiceTable } from '../../db/schema.ts';
import type { Executor } from '../../db/transaction.ts';

/** Registrations whose waiting choices may take a seat: they hold their main-forum seat and were confirmed from their email. */
export const choiceEligibleStatuses = ['confirmed', 'pending_payment', 'awaiting_approval'] as const;

export async function insertChoice(db: Executor, row: SessionChoiceTable): Promise<void> {
  await db.insertInto('session_choice').values(row).execute();
}

export async function insertChoiceRows(db: Executor, rows: SessionChoiceTable[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('session_choice').values(rows).execute();
}

/** A registration's choices, in block order. */
export async function listChoices(db: Executor, registrationId: string): Promise<SessionChoiceTable[]> {
  return db.selectFrom('session_choice').selectAll().where('registration_id', '=', registrationId).orderBy('block_id').execute();
}

export async function deleteChoice(db: Executor, registrationId: string, blockId: string): Promise<void> {
  await db.deleteFrom('session_choice').where('registration_id', '=', registrationId).where('block_id', '=', blockId).execute();
}

export async function setChoiceStatus(
  db: Executor,
  registrationId: string,
  blockId: string,
  patch: Pick<SessionChoiceTable, 'status' | 'waiting_since' | 'updated_at'>,
): Promise<void> {
  await db.updateTable('session_choice').set(patch).where('registration_id', '=', registrationId).where('block_id', '=', blockId).execute();
}

/** Every choice of a registration goes to waiting (its seats were released: cancelled, lapsed, expired). */
export async function unseatChoices(db: Executor, registrationId: string, now: string): Promise<void> {
  await db
    .updateTable('session_choice')
    .set({ status: 'waiting', waiting_since: now, updated_at: now })
    .where('registration_id', '=', registrationId)
    .where('status', '=', 'seated')
    .execute();
}

/** The waiting list of one session: choices of eligible registrations, oldest first. */
export async function listWaitingChoices(db: Executor, sessionId: string, limit: number) {
  return db
    .selectFrom('session_choice as c')
    .innerJoin('registration as r', 'r.id', 'c.registration_id')
    .selectAll('c')
    .where('c.session_id', '=', sessionId)
    .where('c.status', '=', 'waiting')
    .where('r.status', 'in', [...choiceEligibleStatuses])
    .orderBy('c.waiting_since')
    .orderBy('c.registration_id')
    .limit(limit)
    .execute();
}

/** Place on the session's waiting list (1 = next) of a waiting choice of an eligible registration. */
export async function choicePosition(db: Executor, choice: Pick<SessionChoiceTable, 'session_id' | 'waiting_since' | 'registration_id'>) {
  const since = choice.waiting_since ?? '';
  const row = await db
    .selectFrom('session_choice as c')
    .innerJoin('registration as r', 'r.id', 'c.registration_id')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('c.session_id', '=', choice.session_id)
    .where('c.status', '=', 'waiting')
    .where('r.status', 'in', [...choiceEligibleStatuses])
    .where((eb) =>
      eb.or([
        eb('c.waiting_since', '<', since),
        eb.and([eb('c.waiting_since', '=', since), eb('c.registration_id', '<=', choice.registration_id)]),
      ]),
    )
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Content moved a session to another block (or the choice came from before blocks existed):
 * its block id follows the session, unless the registration already has a choice there.
 */
export async function syncChoiceBlocks(db: Executor, blocks: { id: string; sessionIds: string[] }[]): Promise<void> {
  for (const block of blocks) {
    if (block.sessionIds.length === 0) continue;
    await db
      .updateTable('session_choice')
      .set({ block_id: block.id })
      .where('session_id', 'in', block.sessionIds)
      .where('block_id', '!=', block.id)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('session_choice as other')
              .select('other.registration_id')
              .whereRef('other.registration_id', '=', 'session_choice.registration_id')
              .where('other.block_id', '=', block.id),
          ),
        ),
      )
      .execute();
  }
}

/** A choice with its place on the session's waiting list (1 = next) when it waits and its registration holds its forum seat. */
export type ChoiceWithPosition = SessionChoiceTable & { position?: number | undefined };

/** A registration's choices in block order, with their places in line. */
export async function choicesWithPositions(db: Executor, reg: Pick<RegistrationTable, 'id' | 'status'>): Promise<ChoiceWithPosition[]> {
  const eligible = (choiceEligibleStatuses as readonly string[]).includes(reg.status);
  const choices = await listChoices(db, reg.id);
  const withPositions: ChoiceWithPosition[] = [];
  for (const c of choices) withPositions.push(c.status === 'waiting' && eligible ? { ...c, position: await choicePosition(db, c) } : c);
  return withPositions;
}
