/** Uses of invitation codes (`invitation_code_use`): one counter per ticket and code, taken like a seat. */
import type { Executor } from '../../db/transaction.ts';

/**
 * Take one use of a code inside the registration's transaction: true when taken, false when
 * the code has no use left. One conditional UPDATE decides (the row count), as for seats, so
 * concurrent registrations never take more than `maxUses` on SQLite or PostgreSQL.
 */
export async function takeInvitationUse(
  db: Executor,
  ticketId: string,
  codeHash: string,
  maxUses: number | undefined,
  now: string,
): Promise<boolean> {
  await db
    .insertInto('invitation_code_use')
    .values({ ticket_id: ticketId, code_hash: codeHash, uses: 0, updated_at: now })
    .onConflict((oc) => oc.columns(['ticket_id', 'code_hash']).doNothing())
    .execute();
  let update = db
    .updateTable('invitation_code_use')
    .set((eb) => ({ uses: eb('uses', '+', 1), updated_at: now }))
    .where('ticket_id', '=', ticketId)
    .where('code_hash', '=', codeHash);
  if (maxUses !== undefined) update = update.where('uses', '<', maxUses);
  const result = await update.executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** How often a code was used (0 when never). */
export async function invitationUses(db: Executor, ticketId: string, codeHash: string): Promise<number> {
  const row = await db
    .selectFrom('invitation_code_use')
    .select('uses')
    .where('ticket_id', '=', ticketId)
    .where('code_hash', '=', codeHash)
    .executeTakeFirst();
  return row?.uses ?? 0;
}
