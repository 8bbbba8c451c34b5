/**
 * Seat accounting shared by sessions and visit slots. A seat is taken with one atomic
 * statement (UPDATE … WHERE taken + n <= seat_limit) and the affected-row count decides:
 * never oversold on SQLite (one writer) or PostgreSQL (row locks, predicate re-checked).
 */
import { sql } from 'kysely';
import { pgLiteral } from '../../db/literal.ts';
import { insertRows, runPrepared, runPreparedRaw } from '../../db/prepared.ts';
import type { Executor, Trx } from '../../db/transaction.ts';

export interface SeatWant {
  capacityId: string;
  seats: number;
}

/** Create missing capacities and apply new limits from content; seats taken are kept. */
export async function syncCapacities(db: Executor, limits: { id: string; limit: number }[], now: string): Promise<void> {
  for (const { id, limit } of limits) {
    await db
      .insertInto('capacity')
      .values({ id, seat_limit: limit, taken: 0, updated_at: now })
      .onConflict((oc) => oc.column('id').doUpdateSet({ seat_limit: limit, updated_at: now }))
      .execute();
  }
}

/**
 * The one order every transaction locks capacity rows in (code-unit order of the ids, not the
 * locale's): two transactions that lock the same rows in different orders can deadlock.
 */
function idsInLockOrder(ids: string[]): string[] {
  return [...new Set(ids)].sort();
}

/** The wants that take seats, in lock order (idsInLockOrder). */
function wantsInLockOrder(wants: SeatWant[]): SeatWant[] {
  return wants.filter((w) => w.seats > 0).sort((a, b) => (a.capacityId < b.capacityId ? -1 : a.capacityId > b.capacityId ? 1 : 0));
}

/**
 * Lock capacity rows for the rest of the transaction (a no-op UPDATE). Every visit booking
 * change locks its slot first, in id order, so changes of one slot run one after the other
 * on PostgreSQL (SQLite has one writer anyway): a waiting party cannot be inserted unseen
 * while seats are freed, and two transactions never lock rows in opposite orders.
 */
export async function lockCapacities(db: Executor, capacityIds: string[], now: string): Promise<void> {
  for (const id of idsInLockOrder(capacityIds)) {
    await db.updateTable('capacity').set({ updated_at: now }).where('id', '=', id).execute();
  }
}

async function take(db: Executor, capacityId: string, seats: number, now: string): Promise<boolean> {
  const result = await runPrepared(db, 'take seats', { capacityId, seats, now }, (v) =>
    db
      .updateTable('capacity')
      .set({ taken: sql`taken + ${v.seats}`, updated_at: v.now })
      .where('id', '=', v.capacityId)
      .where(sql<boolean>`taken + ${v.seats} <= seat_limit`),
  );
  return result.numAffectedRows === 1n;
}

async function give(db: Executor, capacityId: string, seats: number, now: string): Promise<void> {
  await db
    .updateTable('capacity')
    .set({ taken: sql`taken - ${seats}`, updated_at: now })
    .where('id', '=', capacityId)
    .execute();
}

/**
 * Take all wanted seats for owner, or none: on the first full capacity the seats taken so
 * far are given back and false is returned. Call inside a transaction. Capacities are
 * visited in id order so concurrent transactions lock rows in the same order (no deadlock).
 */
export async function takeSeats(trx: Executor, ownerId: string, wants: SeatWant[], now: string): Promise<boolean> {
  const sorted = wantsInLockOrder(wants);
  const taken: SeatWant[] = [];
  for (const want of sorted) {
    if (!(await take(trx, want.capacityId, want.seats, now))) {
      for (const t of taken) await give(trx, t.capacityId, t.seats, now);
      return false;
    }
    taken.push(want);
  }
  for (const t of taken) {
    await trx
      .insertInto('seat_hold')
      .values({ owner_id: ownerId, capacity_id: t.capacityId, seats: t.seats })
      .onConflict((oc) => oc.columns(['owner_id', 'capacity_id']).doUpdateSet({ seats: sql`seat_hold.seats + ${t.seats}` }))
      .execute();
  }
  return true;
}

/**
 * Take all wanted seats for a new owner as the last statements of its transaction: the holds
 * first (new rows nobody else can lock), then each capacity's atomic take, in id order. On
 * PostgreSQL a capacity row is then locked from its take to the commit only. false: a seat was
 * missing, and the caller must roll the transaction back (holds and seats taken so far are not
 * given back here).
 */
export async function takeSeatsLast(trx: Executor, ownerId: string, wants: SeatWant[], now: string): Promise<boolean> {
  for (const want of await insertHolds(trx, ownerId, wants)) if (!(await take(trx, want.capacityId, want.seats, now))) return false;
  return true;
}

/** The holds of a new owner (new rows nobody else can lock); the wants with seats, in id order (the lock order). */
async function insertHolds(trx: Executor, ownerId: string, wants: SeatWant[]): Promise<SeatWant[]> {
  const sorted = wantsInLockOrder(wants);
  if (sorted.length === 0) return sorted;
  await insertRows(
    trx,
    'seat_hold',
    sorted.map((w) => ({ owner_id: ownerId, capacity_id: w.capacityId, seats: w.seats })),
  );
  return sorted;
}

/**
 * takeSeatsLast on PostgreSQL, as the last statement of the transaction: the procedure
 * take_seats (migration 2026-12-07T2200: the holds, then take_seat for each capacity in id
 * order) waits and travels with the COMMIT, in one message, when the transaction has called
 * sendWritesLater (src/db/pg-client.ts); otherwise it is sent at once.
 * A capacity row is so locked only while the server runs that message, never while it waits
 * for this process to send a COMMIT (which, on busy cores, waits for a core or behind other
 * requests). A missing seat raises SEAT0 (isSeatMissing) from the COMMIT, whose statements
 * after it are skipped: the transaction is rolled back. Nothing may run in the transaction after
 * this but its COMMIT (a statement that reads would send them early, holding the rows' locks).
 */
export async function takeSeatsAtCommit(trx: Trx, ownerId: string, wants: SeatWant[], now: string): Promise<void> {
  const sorted = wantsInLockOrder(wants);
  if (sorted.length === 0) return;
  const values = { ownerId, ids: sorted.map((w) => w.capacityId), seats: sorted.map((w) => Math.trunc(w.seats)), now };
  await runPreparedRaw(
    trx,
    'takeSeats',
    values,
    (v) => sql`call take_seats(${v.ownerId}, ${v.ids}::text[], ${v.seats}::integer[], ${v.now})`,
  );
}

/**
 * The other ending of a new owner's PostgreSQL transaction, for one that holds no seat (it
 * waits): the procedure require_seats_gone (migration 2026-12-07T2200: seats_gone over the
 * capacities it wanted, in id order) waits and travels with the COMMIT, in one message (after
 * sendWritesLater, as takeSeatsAtCommit).
 * seats_gone locks those rows FOR SHARE, so owners that wait do not queue behind each other, yet
 * a transaction that frees seats (which locks the rows for update first) runs wholly before or
 * after this one: the owner is never written as waiting, unseen by it, while it frees a seat.
 * When every wanted seat is free it raises SEAT1 (isSeatFree) and the COMMIT is skipped: the
 * transaction is rolled back, and the caller takes the seats instead. Nothing may run in the
 * transaction after this but its COMMIT (as after takeSeatsAtCommit).
 */
export async function requireSeatsGoneAtCommit(trx: Trx, wants: SeatWant[]): Promise<void> {
  const sorted = wantsInLockOrder(wants);
  const values = { ids: sorted.map((w) => w.capacityId), seats: sorted.map((w) => Math.trunc(w.seats)) };
  await runPreparedRaw(trx, 'requireSeatsGone', values, (v) => sql`call require_seats_gone(${v.ids}::text[], ${v.seats}::integer[])`);
}

/**
 * Lock capacity rows for the rest of a PostgreSQL transaction, in id order, with a no-op UPDATE
 * per row. Not `SELECT … FOR NO KEY UPDATE`: that lock followed by the seat UPDATE in the same
 * transaction, while seat_hold inserts held KEY SHARE locks on the row (through a foreign key,
 * dropped by migration 2026-12-06T1700 for the same reason), made PostgreSQL 15 fail with "new
 * multixact has more than one updating member" under 1,000 concurrent registrations.
 * The UPDATEs go in one message (no bound parameters: node-postgres's simple query protocol,
 * run in order), not one round trip each: every transaction that waits for these rows waits
 * for all the round trips the holder makes (a registration that joins the waiting list locks
 * every session's row first).
 */
export async function lockCapacityRows(trx: Executor, capacityIds: string[]): Promise<void> {
  const ids = idsInLockOrder(capacityIds);
  if (ids.length === 0) return;
  await sql.raw(ids.map((id) => `update capacity set taken = taken where id = ${pgLiteral(id)};`).join(' ')).execute(trx);
}

/** Whether owner holds any seat (an unconfirmed registration or booking may hold none: it waits). */
export async function holdsSeats(db: Executor, ownerId: string): Promise<boolean> {
  return (await db.selectFrom('seat_hold').select('owner_id').where('owner_id', '=', ownerId).limit(1).executeTakeFirst()) !== undefined;
}

/** Give back every seat owner holds; returns the capacities that gained seats. */
export async function releaseSeats(trx: Executor, ownerId: string, now: string): Promise<string[]> {
  const holds = await trx.selectFrom('seat_hold').selectAll().where('owner_id', '=', ownerId).orderBy('capacity_id').execute();
  for (const hold of holds) await give(trx, hold.capacity_id, hold.seats, now);
  await trx.deleteFrom('seat_hold').where('owner_id', '=', ownerId).execute();
  return holds.map((h) => h.capacity_id);
}

/** Release only one capacity's seats of owner (e.g. when switching sessions). */
export async function releaseSeatsAt(trx: Executor, ownerId: string, capacityId: string, now: string): Promise<number> {
  const hold = await trx
    .selectFrom('seat_hold')
    .selectAll()
    .where('owner_id', '=', ownerId)
    .where('capacity_id', '=', capacityId)
    .executeTakeFirst();
  if (!hold) return 0;
  await give(trx, capacityId, hold.seats, now);
  await trx.deleteFrom('seat_hold').where('owner_id', '=', ownerId).where('capacity_id', '=', capacityId).execute();
  return hold.seats;
}

/** Change owner's seats at one capacity to `seats` (party size); false when not enough are left. */
export async function resizeSeats(trx: Executor, ownerId: string, capacityId: string, seats: number, now: string): Promise<boolean> {
  const hold = await trx
    .selectFrom('seat_hold')
    .select('seats')
    .where('owner_id', '=', ownerId)
    .where('capacity_id', '=', capacityId)
    .executeTakeFirst();
  const current = hold?.seats ?? 0;
  const delta = seats - current;
  if (delta > 0 && !(await take(trx, capacityId, delta, now))) return false;
  if (delta < 0) await give(trx, capacityId, -delta, now);
  if (seats === 0) {
    await trx.deleteFrom('seat_hold').where('owner_id', '=', ownerId).where('capacity_id', '=', capacityId).execute();
  } else if (hold) {
    await trx.updateTable('seat_hold').set({ seats }).where('owner_id', '=', ownerId).where('capacity_id', '=', capacityId).execute();
  } else {
    await trx.insertInto('seat_hold').values({ owner_id: ownerId, capacity_id: capacityId, seats }).execute();
  }
  return true;
}

export async function seatsLeft(db: Executor, capacityIds: string[]): Promise<Map<string, { limit: number; taken: number; left: number }>> {
  if (capacityIds.length === 0) return new Map();
  const rows = await db.selectFrom('capacity').selectAll().where('id', 'in', capacityIds).execute();
  return new Map(rows.map((r) => [r.id, { limit: r.seat_limit, taken: r.taken, left: Math.max(0, r.seat_limit - r.taken) }]));
}

/** Seats left at one capacity (0 when it does not exist). */
export async function seatsLeftAt(db: Executor, capacityId: string): Promise<number> {
  return (await seatsLeft(db, [capacityId])).get(capacityId)?.left ?? 0;
}

export const sessionCapacityId = (sessionId: string) => `session:${sessionId}`;
export const visitCapacityId = (slotId: string) => `visit:${slotId}`;
