import { sql, type Updateable } from 'kysely';
import type { RegistrationStatus, RegistrationTable } from '../../db/schema.ts';
import type { Executor } from '../../db/transaction.ts';
import { insertRow } from '../../db/prepared.ts';

export const liveStatuses: RegistrationStatus[] = ['unconfirmed', 'confirmed', 'pending_payment', 'awaiting_approval', 'waitlisted'];

export async function insertRegistration(db: Executor, row: RegistrationTable) {
  await insertRow(db, 'registration', row);
}

export async function findRegistration(db: Executor, id: string) {
  return db.selectFrom('registration').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * "Live" written exactly as the partial unique index registration_one_live_per_person states
 * it (migration 2026-11-30T0200), literals and all: only then may SQLite answer from that index
 * (one seek on edition and person). Written as `status IN (?, …)`, the same set, SQLite read
 * every live row through another index instead, slower with every registration stored.
 */
const isLive = sql<boolean>`${sql.ref('status')} not in ('cancelled', 'expired', 'lapsed')`;

/** The person's live registration (at most one: the unique index above). */
export function liveRegistrationQuery(db: Executor, edition: string, personId: string) {
  return db.selectFrom('registration').selectAll().where('edition', '=', edition).where('person_id', '=', personId).where(isLive);
}

export async function findLiveRegistration(db: Executor, edition: string, personId: string) {
  return liveRegistrationQuery(db, edition, personId).executeTakeFirst();
}

/** The person's registrations, newest first (cancelled ones too, for the history). */
export async function listRegistrationsOf(db: Executor, edition: string, personId: string) {
  return db
    .selectFrom('registration')
    .selectAll()
    .where('edition', '=', edition)
    .where('person_id', '=', personId)
    .orderBy('created_at', 'desc')
    .execute();
}

/** Move a registration on only from the expected states: the row count says who won a race. */
export async function transition(
  db: Executor,
  id: string,
  from: RegistrationStatus[],
  patch: Updateable<RegistrationTable>,
): Promise<boolean> {
  const result = await db.updateTable('registration').set(patch).where('id', '=', id).where('status', 'in', from).executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export async function updateRegistration(db: Executor, id: string, patch: Updateable<RegistrationTable>) {
  await db.updateTable('registration').set(patch).where('id', '=', id).execute();
}

/** The waiting list, first come first served. */
export async function listWaitlisted(db: Executor, edition: string) {
  return db
    .selectFrom('registration')
    .selectAll()
    .where('edition', '=', edition)
    .where('status', '=', 'waitlisted')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function waitlistPosition(db: Executor, edition: string, createdAt: string, id: string): Promise<number> {
  const row = await db
    .selectFrom('registration')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('edition', '=', edition)
    .where('status', '=', 'waitlisted')
    .where((eb) => eb.or([eb('created_at', '<', createdAt), eb.and([eb('created_at', '=', createdAt), eb('id', '<=', id)])]))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Payment holds that ran out. */
export async function listExpiredHolds(db: Executor, now: string, limit = 100) {
  return db
    .selectFrom('registration')
    .select(['id'])
    .where('status', '=', 'pending_payment')
    .where('hold_expires_at', '<', now)
    .orderBy('hold_expires_at')
    .limit(limit)
    .execute();
}

export async function countByStatus(db: Executor, edition: string) {
  const rows = await db
    .selectFrom('registration')
    .select(['status', (eb) => eb.fn.countAll<string | number>().as('n')])
    .where('edition', '=', edition)
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)])) as Partial<Record<RegistrationStatus, number>>;
}

/** Keep the seats held until `until` (a new checkout must be payable as long as the hold lasts). */
export async function extendHold(db: Executor, id: string, until: string, now: string) {
  await db.updateTable('registration').set({ hold_expires_at: until, updated_at: now }).where('id', '=', id).execute();
}

/** Unconfirmed registrations whose time to open the email link ran out. */
export async function listUnconfirmedPastDeadline(db: Executor, now: string, limit = 100) {
  return db
    .selectFrom('registration')
    .select(['id'])
    .where('status', '=', 'unconfirmed')
    .where('confirm_by', '<', now)
    .orderBy('confirm_by')
    .limit(limit)
    .execute();
}
