/**
 * What a preview page shows: a draft entry (live collections over the drafts) turned into the
 * same objects the public pages render, with its references resolved the same way.
 */
import { getLiveCollection, getLiveEntry } from 'astro:content';
import type { EditionInfo, PaperInfo, SessionInfo } from '../features/program/program.types.ts';
import { loadSite, programOf } from '../site/content.ts';

type Ref = { id: string } | undefined;

export type PaperPreview =
  { kind: 'ok'; paper: PaperInfo; released: EditionInfo; session: SessionInfo | undefined } | { kind: 'none' } | { kind: 'invalid' };

export async function paperPreview(id: string): Promise<PaperPreview> {
  const { entry, error } = await getLiveEntry('draftPapers', id);
  if (error) return error.name === 'LiveEntryNotFoundError' ? { kind: 'none' } : { kind: 'invalid' };
  if (!entry) return { kind: 'none' };
  const d = entry.data as Omit<PaperInfo, 'collection' | 'sessionId' | 'edition' | 'id'> & {
    collection: Ref;
    session: Ref;
    edition?: string | undefined;
  };
  const publication = d.collection ? (await getLiveEntry('draftPublications', d.collection.id)).entry : undefined;
  if (!publication) return { kind: 'invalid' };
  const site = await loadSite();
  const released = site.editions.find((e) => e.event.id === d.edition) ?? site.editions.find((e) => e.current);
  if (!released) return { kind: 'invalid' };
  const { sessions } = await programOf(released.event.id);
  const paper: PaperInfo = {
    ...d,
    id: entry.id,
    collection: { id: publication.id, ...(publication.data as Omit<PaperInfo['collection'], 'id'>) },
    sessionId: d.session?.id,
    edition: released.event.id,
  };
  return { kind: 'ok', paper, released, session: sessions.find((s) => s.id === paper.sessionId) };
}

/** Ids of the draft entries of the preview collections (for a check that the loader reads them). */
export async function draftPaperIds(): Promise<string[]> {
  const { entries } = await getLiveCollection('draftPapers');
  return (entries ?? []).map((e) => e.id);
}
