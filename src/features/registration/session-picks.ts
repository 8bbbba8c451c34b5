/** The form's session choices (field `session.<blockId>` per time block) checked against the program. */
import { DomainError } from '../shared/domain-error.ts';
import type { Catalog, TicketInfo } from './catalog.ts';
import { sessionBlocks } from './catalog.ts';
import type { SessionPick } from './session-choices.service.ts';

/** The value of a block's "none" option (an absent field means none as well). */
export const NO_SESSION = 'none';

/**
 * One pick per block that names a session of that block; a ticket without session choice picks
 * none. Problems go into `fields` as `session.<blockId>` → i18n key.
 */
export function pickSessions(
  catalog: Pick<Catalog, 'sessions'>,
  ticket: TicketInfo | undefined,
  sessions: Record<string, string>,
  fields: Record<string, string>,
): SessionPick[] {
  if (!ticket?.sessionChoice) return [];
  const blocks = sessionBlocks(catalog);
  const picks: SessionPick[] = [];
  for (const [blockId, value] of Object.entries(sessions)) {
    if (value === '' || value === NO_SESSION) continue;
    const block = blocks.find((b) => b.id === blockId);
    const session = block?.sessions.find((s) => s.id === value);
    if (!block || !session) fields[`session.${blockId}`] = 'form.error.choice';
    else picks.push({ blockId: block.id, sessionId: session.id });
  }
  return picks;
}

/** The "change this block's session" form of "my registration": its block and the session chosen (null: none). */
export function parseSessionChange(record: { block: string; session: string }): { blockId: string; sessionId: string | null } {
  const blockId = record.block.trim();
  const value = record.session.trim();
  if (!/^[a-z0-9-]{1,40}$/.test(blockId)) throw new DomainError('InvalidInput', { form: 'form.error.choice' });
  if (value.length > 80) throw new DomainError('InvalidInput', { [`session.${blockId}`]: 'form.error.choice' });
  return { blockId, sessionId: value === '' || value === NO_SESSION ? null : value };
}
