/**
 * The publishing pages' composition (src/features/publishing): the pending drafts and the
 * images they bring as the Publish page lists them, starting a publish or a rollback for a staff member, one revision's
 * progress, the history a page at a time, and the content folder as a ZIP.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  currentContentZip,
  pendingImageChanges,
  publishStatus,
  revisionDiff,
  revisionHistory,
  revisionSummary,
  startPublish,
  startRollback,
  type FileChangeKind,
  type PublishStatus,
  type RevisionHistoryPage,
  type RevisionSummary,
} from '../features/publishing/publish.service.ts';
import { PublishError } from '../features/publishing/publishing.types.ts';
import { staffEmail } from '../features/publishing/revision.repository.ts';
import { listDrafts } from '../features/editing/draft.service.ts';
import { actorOf, type StaffUser } from './staff.ts';
import { contentDir } from './editing.ts';
import { services } from './services.ts';

export { PublishError, type PublishStatus, type RevisionHistoryPage, type RevisionSummary };

export interface PendingDraft {
  path: string;
  change: 'new' | 'changed' | 'deleted';
  by: string;
  at: string;
}

/** Every draft a publish would take in, with what it does to the published file. */
export async function pendingDrafts(): Promise<PendingDraft[]> {
  const { deps } = await services();
  const drafts = await listDrafts({ db: deps.db });
  const emails = new Map<string, string>();
  for (const id of new Set(drafts.map((d) => d.updated_by))) emails.set(id, (await staffEmail(deps.db, id)) ?? id);
  const dir = contentDir();
  return drafts.map((d) => ({
    path: d.path,
    change: d.body === null ? 'deleted' : existsSync(join(dir, d.path)) ? 'changed' : 'new',
    by: emails.get(d.updated_by) ?? d.updated_by,
    at: d.updated_at,
  }));
}

export interface PendingImage {
  /** where the publish puts it: speakers/photos/<sha256>.jpg */
  path: string;
  change: FileChangeKind;
}

/** The images the drafts bring in, replace or take out (uploaded photos), as the publish computes them. */
export async function pendingImages(): Promise<PendingImage[]> {
  const { deps } = await services();
  return pendingImageChanges(deps.db);
}

/** Starts publishing every draft; the revision id to follow, or the PublishError (busy). */
export async function publishDrafts(staff: StaffUser, message: string): Promise<number> {
  const { deps } = await services();
  const started = await startPublish({ db: deps.db, by: actorOf(staff), message });
  return started.revisionId;
}

export async function rollbackTo(staff: StaffUser, toRevisionId: number): Promise<number> {
  const { deps } = await services();
  const started = await startRollback({ db: deps.db, by: actorOf(staff), toRevisionId });
  return started.revisionId;
}

export async function revisionStatus(id: number): Promise<PublishStatus | undefined> {
  const { deps } = await services();
  return publishStatus(deps.db, id);
}

/** A state a revision stays in. */
export const isFinished = (state: PublishStatus['state']) => state === 'published' || state === 'failed';

const perPage = 20;

/** A page of the history (out of range: the nearest page there is). */
export async function historyPage(page: number): Promise<RevisionHistoryPage> {
  const { deps } = await services();
  return revisionHistory(deps.db, { page, perPage });
}

export async function revisionView(id: number) {
  const { deps } = await services();
  const [status, diff, summary] = await Promise.all([publishStatus(deps.db, id), revisionDiff(deps.db, id), revisionSummary(deps.db, id)]);
  if (!status || !diff || !summary) return undefined;
  return { status, diff, summary };
}

export const contentZip = (): Buffer => currentContentZip();
