/** content_draft rows: one unpublished change per content file. */
import type { Executor } from '../../db/transaction.ts';
import type { ContentDraftTable } from '../../db/schema.ts';

export type DraftRow = ContentDraftTable;

export const findDraft = (db: Executor, path: string) =>
  db.selectFrom('content_draft').selectAll().where('path', '=', path).executeTakeFirst();

/** Drafts under a folder ('papers/'), or all of them. */
export function listDraftRows(db: Executor, prefix = ''): Promise<DraftRow[]> {
  let query = db.selectFrom('content_draft').selectAll();
  if (prefix) query = query.where('path', 'like', `${prefix.replace(/[%_\\]/g, '\\$&')}%`);
  return query.orderBy('path').execute();
}

export async function upsertDraft(db: Executor, row: DraftRow): Promise<void> {
  await db
    .insertInto('content_draft')
    .values(row)
    .onConflict((c) =>
      c
        .column('path')
        .doUpdateSet({ body: row.body, base_sha256: row.base_sha256, updated_by: row.updated_by, updated_at: row.updated_at }),
    )
    .execute();
}

export async function deleteDraftRow(db: Executor, path: string): Promise<boolean> {
  const result = await db.deleteFrom('content_draft').where('path', '=', path).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
