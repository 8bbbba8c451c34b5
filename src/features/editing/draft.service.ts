/**
 * Drafts: an editor's change to one content file, kept in the database until it is published
 * (publishing writes the file into the content folder). A draft remembers the published file it
 * was edited from; when that file changed since (a publish, another editor), or another editor
 * saved a draft of the same file meanwhile, saving is refused instead of overwriting their work.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { inTransaction } from '../../db/transaction.ts';
import { iso, type Clock } from '../shared/clock.ts';
import { audit, type Actor } from '../staff/audit.ts';
import { deleteDraftRow, findDraft, listDraftRows, upsertDraft, type DraftRow } from './draft.repository.ts';
import { readPublished } from './published.ts';

export interface EditingDeps {
  db: Kysely<Database>;
  clock: Clock;
  /** the published revision: CONTENT_DIR */
  contentDir: string;
}

export interface DraftInput {
  /** posix path in the content folder: 'papers/x.yaml' */
  path: string;
  /** the whole file text; null = delete the file on publish */
  body: string | null;
  /** SHA-256 of the published file the form was filled from; null = there was none (a new file) */
  baseSha256: string | null;
  /** updated_at of the draft the form was filled from; null = it was filled from the published file */
  draftUpdatedAt: string | null;
  /** the staff member saving it (recorded in the audit log) */
  actor: Actor & { userId: string };
}

export type SaveOutcome =
  | { kind: 'saved'; updatedAt: string }
  /** the published file is no longer the one the form started from */
  | { kind: 'published-changed' }
  /** someone saved another draft of the file since the form was filled */
  | { kind: 'draft-changed'; updatedBy: string; updatedAt: string };

export async function saveDraft(deps: EditingDeps, input: DraftInput): Promise<SaveOutcome> {
  const published = await readPublished(deps.contentDir, input.path);
  if ((published?.sha256 ?? null) !== input.baseSha256) return { kind: 'published-changed' };
  const updatedAt = iso(deps.clock.now());
  return inTransaction(deps.db, async (trx) => {
    const current = await findDraft(trx, input.path);
    if (current && current.updated_at !== input.draftUpdatedAt) {
      return { kind: 'draft-changed', updatedBy: current.updated_by, updatedAt: current.updated_at } as const;
    }
    await upsertDraft(trx, {
      path: input.path,
      body: input.body,
      base_sha256: input.baseSha256,
      updated_by: input.actor.userId,
      updated_at: updatedAt,
    });
    await audit({ db: trx, clock: deps.clock }, input.actor, input.body === null ? 'content.draft-delete' : 'content.draft-save', {
      type: 'content',
      id: input.path,
    });
    return { kind: 'saved', updatedAt } as const;
  });
}

/** Throw a draft away: the published file stays as it is. */
export function discardDraft(deps: Pick<EditingDeps, 'db' | 'clock'>, path: string, actor: Actor): Promise<boolean> {
  return inTransaction(deps.db, async (trx) => {
    const deleted = await deleteDraftRow(trx, path);
    if (deleted) await audit({ db: trx, clock: deps.clock }, actor, 'content.draft-discard', { type: 'content', id: path });
    return deleted;
  });
}

export const draftOf = (deps: Pick<EditingDeps, 'db'>, path: string) => findDraft(deps.db, path);

export const listDrafts = (deps: Pick<EditingDeps, 'db'>, prefix = ''): Promise<DraftRow[]> => listDraftRows(deps.db, prefix);

/** A draft whose published file changed after it was made (publishing it would undo that change). */
export async function isStale(deps: Pick<EditingDeps, 'contentDir'>, draft: DraftRow): Promise<boolean> {
  const published = await readPublished(deps.contentDir, draft.path);
  return (published?.sha256 ?? null) !== draft.base_sha256;
}
