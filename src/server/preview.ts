/**
 * What a preview page shows: a draft entry (live collections over the drafts) turned into the
 * same objects the public pages render, with its references resolved the same way.
 */
import { getLiveCollection, getLiveEntry, type CollectionEntry } from 'astro:content';
import type { Locale, SourceLocale } from '../i18n/locale.ts';
import { t } from '../i18n/t.ts';
import { adminRoutes } from '../lib/admin-routes.ts';
import type { EditionInfo, EventInfo, PaperInfo, SessionInfo, SpeakerInfo } from '../features/program/program.types.ts';
import { ContentError } from '../features/program/content-rules.ts';
import { loadSite, programOf, toSession } from '../site/content.ts';
import { uploadedPhotoPath } from '../features/editing/collections.ts';
import { readContentFile } from '../features/editing/content-file.ts';
import { readPublished } from '../features/editing/published.ts';
import { readContentImage, withPreviewImages } from '../features/editing/preview-images.ts';
import { contentDir } from './editing.ts';

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

export type SessionPreview =
  { kind: 'ok'; session: SessionInfo; released: EditionInfo; papers: PaperInfo[] } | { kind: 'none' } | { kind: 'invalid' };

/** The speakers as they will be published (a new photo: see `asSpeaker`). */
async function draftSpeakers(): Promise<Map<string, SpeakerInfo>> {
  const { entries } = await getLiveCollection('draftSpeakers');
  const published = new Map((await loadSite()).speakers.map((s) => [s.id, s]));
  const speakers = await Promise.all((entries ?? []).map((e) => asSpeaker(e.id, e.data, published.get(e.id))));
  return new Map(speakers.map((s) => [s.id, s]));
}

/** The photo path the published file of a speaker names (the draft's data has only the path). */
async function publishedPhotoPath(id: string): Promise<unknown> {
  const file = await readPublished(contentDir(), `speakers/${id}.yaml`);
  try {
    return file ? readContentFile(file.text, false).data.photo : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A draft speaker as the public pages show it. The published portrait (built by the image
 * pipeline) while the draft names the same file; a newly uploaded one is not built yet, so it
 * is shown as the uploaded file itself; a removed one is gone.
 */
async function asSpeaker(id: string, data: Record<string, unknown>, published: SpeakerInfo | undefined): Promise<SpeakerInfo> {
  const { photo, ...rest } = data;
  const speaker = { ...(rest as Omit<SpeakerInfo, 'id' | 'photo'>), id };
  if (typeof photo !== 'string') return speaker;
  if (published?.photo && photo === (await publishedPhotoPath(id))) return { ...speaker, photo: published.photo };
  const upload = uploadedPhotoPath.exec(photo);
  return upload ? { ...speaker, draftPhoto: `/files/${upload[1]}.${upload[2]}` } : speaker;
}

export async function sessionPreview(id: string): Promise<SessionPreview> {
  const { entry, error } = await getLiveEntry('draftSessions', id);
  if (error) return error.name === 'LiveEntryNotFoundError' ? { kind: 'none' } : { kind: 'invalid' };
  if (!entry) return { kind: 'none' };
  const data = entry.data as CollectionEntry<'sessions'>['data'];
  const site = await loadSite();
  const released = site.editions.find((e) => e.event.id === data.edition) ?? site.editions.find((e) => e.current);
  if (!released) return { kind: 'invalid' };
  try {
    const session = toSession(
      { id: entry.id, data, filePath: undefined },
      released.event,
      await draftSpeakers(),
      new Set(await draftPaperIds()),
    );
    return { kind: 'ok', session, released, papers: site.papers };
  } catch (e) {
    // a dangling reference or times outside the event: the form names the field
    if (e instanceof ContentError) return { kind: 'invalid' };
    throw e;
  }
}

export type SpeakerPreview =
  | { kind: 'ok'; speaker: SpeakerInfo; event: EventInfo; sessions: SessionInfo[]; papers: PaperInfo[] }
  | { kind: 'none' }
  | { kind: 'invalid' };

export async function speakerPreview(id: string): Promise<SpeakerPreview> {
  const { entry, error } = await getLiveEntry('draftSpeakers', id);
  if (error) return error.name === 'LiveEntryNotFoundError' ? { kind: 'none' } : { kind: 'invalid' };
  if (!entry) return { kind: 'none' };
  const site = await loadSite();
  const speaker = await asSpeaker(
    entry.id,
    entry.data,
    site.speakers.find((s) => s.id === entry.id),
  );
  return { kind: 'ok', speaker, event: site.event, sessions: site.sessions, papers: site.papers };
}

export type PagePreview =
  { kind: 'ok'; page: CollectionEntry<'pages'>['data']; shownIn: Locale; html: string } | { kind: 'none' } | { kind: 'invalid' };

/**
 * A prose page (id "en/venue"): the public page of its own language, its body rendered by the
 * build's Markdown pipeline, its local images pointed at their files. A zh page previewed from
 * the zh-hant workspace is shown as /zh-hant/<page>/ shows it: converted to Traditional characters.
 */
export async function pagePreview(id: string, workspace: Locale): Promise<PagePreview> {
  const { entry, error } = await getLiveEntry('draftPages', id);
  if (error) return error.name === 'LiveEntryNotFoundError' ? { kind: 'none' } : { kind: 'invalid' };
  if (!entry) return { kind: 'none' };
  const page = entry.data as CollectionEntry<'pages'>['data'];
  const language: SourceLocale = id.startsWith('zh/') ? 'zh' : 'en';
  const shownIn: Locale = language === 'zh' && workspace === 'zh-hant' ? 'zh-hant' : language;
  const html = withPreviewImages(entry.rendered?.html ?? '', `pages/${id}.md`, contentDir(), {
    contentFile: (path) => adminRoutes.previewFile(workspace, path),
    upload: (name) => `/files/${name}`,
    // part of the page: in the page's language
    later: (alt) => t(shownIn, 'editing.previewImageLater', { alt }),
  });
  return { kind: 'ok', page, shownIn, html };
}

/** A content folder image for a preview (content:write is checked by the route). */
export const previewImage = (path: string) => readContentImage(contentDir(), path);
