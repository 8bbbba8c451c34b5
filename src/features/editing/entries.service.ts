/**
 * The entries an editor sees: the published files of the content folder with the drafts laid
 * over them (a changed file, a new one, one to be deleted on publish).
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { entryOfPath, entryPath, fileExtension, type EditableCollection } from './collections.ts';
import { readContentFile } from './content-file.ts';
import { listDraftRows, findDraft, type DraftRow } from './draft.repository.ts';
import type { EditingDeps } from './draft.service.ts';
import { readPublished, type PublishedFile } from './published.ts';

/** published: as in the content folder; changed / added / deleted: a draft waits to be published. */
export type EntryState = 'published' | 'changed' | 'added' | 'deleted';

export interface EntryText {
  collection: EditableCollection;
  id: string;
  path: string;
  published: PublishedFile | undefined;
  draft: DraftRow | undefined;
  /** what the editor works on: the draft's text, else the published one; undefined for a deletion or a new entry */
  text: string | undefined;
  state: EntryState | 'none';
  /** the published file changed after the draft was made */
  stale: boolean;
}

const stateOf = (published: PublishedFile | undefined, draft: DraftRow | undefined): EntryState | 'none' =>
  !draft ? (published ? 'published' : 'none') : draft.body === null ? 'deleted' : published ? 'changed' : 'added';

export async function entryText(deps: EditingDeps, collection: EditableCollection, id: string): Promise<EntryText> {
  const path = entryPath(collection, id);
  const [published, draft] = await Promise.all([readPublished(deps.contentDir, path), findDraft(deps.db, path)]);
  return {
    collection,
    id,
    path,
    published,
    draft,
    text: draft ? (draft.body ?? undefined) : published?.text,
    state: stateOf(published, draft),
    stale: draft !== undefined && (published?.sha256 ?? null) !== draft.base_sha256,
  };
}

/** Ids of the published files of a collection. */
async function publishedIds(contentDir: string, collection: EditableCollection): Promise<string[]> {
  const files = await readdir(join(contentDir, collection), { recursive: true }).catch(() => [] as string[]);
  return files
    .map((file) => entryOfPath(`${collection}/${file.split('\\').join('/')}`))
    .filter((entry) => entry !== undefined)
    .map((entry) => entry.id);
}

export interface EntrySummary extends EntryText {
  /** the entry's data, or undefined when its text does not parse */
  data: Record<string, unknown> | undefined;
}

/** Every entry of a collection, published or drafted, sorted by id. */
export async function listEntries(deps: EditingDeps, collection: EditableCollection): Promise<EntrySummary[]> {
  const [ids, drafts] = await Promise.all([publishedIds(deps.contentDir, collection), listDraftRows(deps.db, `${collection}/`)]);
  const draftOf = new Map(drafts.map((d) => [d.path, d]));
  const all = new Set([...ids, ...drafts.map((d) => entryOfPath(d.path)?.id).filter((id) => id !== undefined)]);
  const entries = await Promise.all(
    [...all].sort().map(async (id) => {
      const path = entryPath(collection, id);
      const published = ids.includes(id) ? await readPublished(deps.contentDir, path) : undefined;
      const draft = draftOf.get(path);
      const text = draft ? (draft.body ?? published?.text) : published?.text;
      let data: Record<string, unknown> | undefined;
      try {
        data = text === undefined ? undefined : readContentFile(text, fileExtension(collection) === '.md').data;
      } catch {
        data = undefined;
      }
      const entry: EntrySummary = {
        collection,
        id,
        path,
        published,
        draft,
        text,
        state: stateOf(published, draft),
        stale: draft !== undefined && (published?.sha256 ?? null) !== draft.base_sha256,
        data,
      };
      return entry;
    }),
  );
  return entries;
}

/** Ids an entry may refer to: published or drafted, not drafted for deletion. */
export async function entryIds(deps: EditingDeps, collection: EditableCollection): Promise<Set<string>> {
  const entries = await listEntries(deps, collection);
  return new Set(entries.filter((e) => e.state !== 'deleted').map((e) => e.id));
}
