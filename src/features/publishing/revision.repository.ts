/** Revisions, their files and the blobs they point at; drafts are read here, written by the editor. */
import type { Kysely } from 'kysely';
import type { Database, ContentRevisionState } from '../../db/schema.ts';
import type { Executor } from '../../db/transaction.ts';
import { keepBytes, uploadBytes } from '../editing/upload.service.ts';
import { sha256, type Tree } from './content-tree.ts';

/** The newest revision in a state: its id and tree only (every instance asks twice a second: no log, no message). */
function newestIn(db: Executor, state: ContentRevisionState) {
  return db
    .selectFrom('content_revision')
    .select(['id', 'tree_sha256'])
    .where('state', '=', state)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The live revision. */
export const newestPublished = (db: Executor) => newestIn(db, 'published');

/** The revision being built now, if any (one at a time: the build lock). */
export const buildingRevision = (db: Executor) => newestIn(db, 'building');

export async function findRevision(db: Executor, id: number) {
  return db.selectFrom('content_revision').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A revision's files: texts from content_blob, images (no blob row) from the uploads store. */
export async function revisionTree(db: Executor, id: number): Promise<Tree> {
  const rows = await db
    .selectFrom('content_revision_file as f')
    .leftJoin('content_blob as b', 'b.sha256', 'f.blob_sha256')
    .select(['f.path', 'f.blob_sha256', 'b.body'])
    .where('f.revision_id', '=', id)
    .orderBy('f.path')
    .execute();
  const tree: Tree = new Map();
  for (const row of rows) {
    const body = row.body ?? (await uploadBytes(db, row.blob_sha256));
    if (body === undefined) throw new Error(`revision ${id}: ${row.path} is stored nowhere`);
    tree.set(row.path, body);
  }
  return tree;
}

/** The published revision before `id` (what `id` changed). */
export async function publishedBefore(db: Executor, id: number) {
  return db
    .selectFrom('content_revision')
    .selectAll()
    .where('state', '=', 'published')
    .where('id', '<', id)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function hasPublishedTree(db: Executor, tree: string): Promise<boolean> {
  const row = await db
    .selectFrom('content_revision')
    .select('id')
    .where('state', '=', 'published')
    .where('tree_sha256', '=', tree)
    .executeTakeFirst();
  return row !== undefined;
}

export interface NewRevision {
  state: ContentRevisionState;
  active: 1 | null;
  createdBy: string | null;
  createdByEmail: string | null;
  at: string;
  message: string;
  tree: Tree;
  treeSha256: string;
  rolledBackFrom: number | null;
}

/** Stores the revision, its file list and any blob not stored yet; returns its id (one more than the last). */
export async function insertRevision(trx: Executor, revision: NewRevision): Promise<number> {
  const last = await trx
    .selectFrom('content_revision')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  const id = Number(last?.id ?? 0) + 1;
  await trx
    .insertInto('content_revision')
    .values({
      id,
      state: revision.state,
      active: revision.active,
      created_by: revision.createdBy,
      created_by_email: revision.createdByEmail,
      created_at: revision.at,
      finished_at: revision.state === 'published' ? revision.at : null,
      message: revision.message,
      error: null,
      log: '',
      tree_sha256: revision.treeSha256,
      rolled_back_from: revision.rolledBackFrom,
    })
    .execute();
  const files = [...revision.tree].map(([path, body]) => ({ path, body, sha: sha256(body) }));
  // images go to the uploads store (bytes in chunks, readable by every instance), texts to content_blob
  for (const f of files) {
    if (typeof f.body === 'string') continue;
    await keepBytes(trx, {
      bytes: f.body,
      name: f.path.split('/').pop() ?? f.path,
      createdBy: revision.createdBy ?? 'content',
      at: revision.at,
    });
  }
  for (let i = 0; i < files.length; i += 200) {
    const chunk = files.slice(i, i + 200);
    const texts = chunk.flatMap((f) => (typeof f.body === 'string' ? [{ sha256: f.sha, body: f.body }] : []));
    if (texts.length > 0)
      await trx
        .insertInto('content_blob')
        .values([...new Map(texts.map((b) => [b.sha256, b])).values()])
        .onConflict((oc) => oc.column('sha256').doNothing())
        .execute();
    await trx
      .insertInto('content_revision_file')
      .values(chunk.map((f) => ({ revision_id: id, path: f.path, blob_sha256: f.sha })))
      .execute();
  }
  return id;
}

export async function setState(
  db: Executor,
  id: number,
  state: ContentRevisionState,
  extra: { at?: string; error?: string; log?: string } = {},
) {
  const done = state === 'published' || state === 'failed';
  await db
    .updateTable('content_revision')
    .set({
      state,
      ...(done ? { active: null, finished_at: extra.at ?? new Date().toISOString() } : {}),
      ...(extra.error !== undefined ? { error: extra.error } : {}),
      ...(extra.log !== undefined ? { log: extra.log } : {}),
    })
    .where('id', '=', id)
    .execute();
}

export async function setLog(db: Executor, id: number, log: string) {
  await db.updateTable('content_revision').set({ log }).where('id', '=', id).execute();
}

/** Publishes that stopped half-way (the process died) before `before`: failed, so the next one may run. */
export async function failStale(db: Executor, before: string) {
  await db
    .updateTable('content_revision')
    .set({
      state: 'failed',
      active: null,
      finished_at: new Date().toISOString(),
      error: JSON.stringify([{ file: '', field: '', message: 'interrupted' }]),
    })
    .where('active', '=', 1)
    .where('created_at', '<', before)
    .execute();
}

const summaryColumns = [
  'id',
  'state',
  'created_by',
  'created_by_email',
  'created_at',
  'finished_at',
  'message',
  'rolled_back_from',
  'error',
] as const;

/** Newest first; `offset` rows skipped (the primary key's order, so the database pages it). */
export async function listRevisionRows(db: Executor, limit: number, offset = 0) {
  return db.selectFrom('content_revision').select(summaryColumns).orderBy('id', 'desc').limit(limit).offset(offset).execute();
}

export async function revisionRow(db: Executor, id: number) {
  return db.selectFrom('content_revision').select(summaryColumns).where('id', '=', id).executeTakeFirst();
}

export async function countRevisions(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('content_revision')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function allDrafts(db: Executor) {
  return db.selectFrom('content_draft').selectAll().orderBy('path').execute();
}

/** Deletes the drafts a publish took in, unless edited since (their updated_at moved on). */
export async function deleteDrafts(db: Executor, drafts: { path: string; updated_at: string }[]) {
  for (const d of drafts) {
    await db.deleteFrom('content_draft').where('path', '=', d.path).where('updated_at', '=', d.updated_at).execute();
  }
}

export async function staffEmail(db: Kysely<Database>, userId: string): Promise<string | null> {
  const row = await db.selectFrom('org_user').select('email').where('id', '=', userId).executeTakeFirst();
  return row?.email ?? null;
}
