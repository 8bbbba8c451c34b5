import type { CheckInTable } from '../../db/schema.ts';
import type { Executor } from '../../db/transaction.ts';

export function findCheckIn(db: Executor, pointId: string, subjectId: string) {
  return db.selectFrom('check_in').selectAll().where('point_id', '=', pointId).where('subject_id', '=', subjectId).executeTakeFirst();
}

/** Insert unless this ticket is already checked in at this point; true when this row went in. */
export async function insertCheckIn(db: Executor, row: CheckInTable): Promise<boolean> {
  const result = await db
    .insertInto('check_in')
    .values(row)
    .onConflict((oc) => oc.columns(['point_id', 'subject_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}

/** An earlier scan synced late takes the place of the later one (the earliest check-in stands). */
export async function keepEarlierScan(
  db: Executor,
  id: string,
  scan: Pick<CheckInTable, 'scanned_at' | 'device_id' | 'client_ref' | 'staff_id'>,
): Promise<boolean> {
  const result = await db
    .updateTable('check_in')
    .set((eb) => ({ ...scan, duplicates: eb('duplicates', '+', 1) }))
    .where('id', '=', id)
    .where('scanned_at', '>', scan.scanned_at)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export async function countDuplicate(db: Executor, id: string): Promise<void> {
  await db
    .updateTable('check_in')
    .set((eb) => ({ duplicates: eb('duplicates', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

export async function listCheckInsAt(db: Executor, edition: string, pointId: string) {
  return db
    .selectFrom('check_in')
    .select(['subject_id', 'scanned_at', 'device_id'])
    .where('edition', '=', edition)
    .where('point_id', '=', pointId)
    .execute();
}

export async function countsByPoint(db: Executor, edition: string) {
  const rows = await db
    .selectFrom('check_in')
    .select((eb) => [
      'point_id',
      eb.fn.countAll<string | number>().as('tickets'),
      eb.fn.sum<string | number>('people').as('people'),
      eb.fn.sum<string | number>('duplicates').as('duplicates'),
    ])
    .where('edition', '=', edition)
    .groupBy('point_id')
    .execute();
  return rows.map((r) => ({ pointId: r.point_id, tickets: Number(r.tickets), people: Number(r.people), duplicates: Number(r.duplicates) }));
}
