/** The invitation letter's state on a registration: moved with a conditional UPDATE so a decision is taken once. */
import type { LetterState } from '../../db/schema.ts';
import type { Executor } from '../../db/transaction.ts';
import { liveStatuses } from './registration.repository.ts';

/** requested → approved | rejected on a live registration; false when it was not in `requested`. */
export async function decideLetter(
  db: Executor,
  id: string,
  patch: { letter_state: Exclude<LetterState, 'none' | 'requested'>; letter_note: string | null; at: string },
): Promise<boolean> {
  const result = await db
    .updateTable('registration')
    .set({ letter_state: patch.letter_state, letter_note: patch.letter_note, letter_decided_at: patch.at, updated_at: patch.at })
    .where('id', '=', id)
    .where('letter_state', '=', 'requested')
    .where('status', 'in', liveStatuses)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}
