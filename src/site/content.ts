/**
 * Content collections → plain program data (the types in features/program). Every page and
 * export reads through here, so cross-entry rules (dangling references, days outside the
 * event) fail the build once, with the file and the field named.
 */
import { getCollection, type CollectionEntry } from 'astro:content';
import type { EventInfo, PaperInfo, PublicationInfo, SessionInfo, SpeakerInfo } from '../features/program/program.types.ts';
import { ContentError, checkSessionTimes, sessionDate } from '../features/program/content-rules.ts';

interface Ref {
  id: string;
}

interface SiteData {
  event: EventInfo;
  sessions: SessionInfo[];
  speakers: SpeakerInfo[];
  papers: PaperInfo[];
  publications: PublicationInfo[];
}

let cached: Promise<SiteData> | undefined;

/** All content, resolved and checked; computed once per build. */
export function loadSite(): Promise<SiteData> {
  cached ??= build();
  return cached;
}

function fileOf(entry: { id: string; filePath?: string | undefined }, collection: string): string {
  return entry.filePath ?? `content/${collection}/${entry.id}`;
}

function resolver<T>(items: Map<string, T>, collection: string, file: string) {
  return (ref: Ref, field: string): T => {
    const found = items.get(ref.id);
    if (!found) throw new ContentError(file, field, `no ${collection} entry "${ref.id}"`);
    return found;
  };
}

async function build(): Promise<SiteData> {
  const [events, speakerEntries, sessionEntries, publicationEntries, paperEntries] = await Promise.all([
    getCollection('event'),
    getCollection('speakers'),
    getCollection('sessions'),
    getCollection('publications'),
    getCollection('papers'),
  ]);
  if (events.length !== 1) {
    throw new ContentError('content/event/', 'event', `expected exactly one event file, found ${events.length}`);
  }
  const event = toEvent(events[0]);

  const speakers = new Map(speakerEntries.map((s) => [s.id, { id: s.id, ...s.data }] as const));
  const publications = new Map(publicationEntries.map((p) => [p.id, { id: p.id, ...p.data }] as const));
  const paperIds = new Set(paperEntries.map((p) => p.id));

  const sessions = sessionEntries.map((entry) => toSession(entry, event, speakers, paperIds));
  const sessionIds = new Set(sessions.map((s) => s.id));
  const papers = paperEntries.map((entry) => toPaper(entry, publications, sessionIds));

  return {
    event,
    sessions: sessions.sort(bySchedule),
    speakers: [...speakers.values()].sort((a, b) => a.id.localeCompare(b.id)),
    papers: papers.sort((a, b) => b.year - a.year || a.id.localeCompare(b.id)),
    publications: [...publications.values()].sort((a, b) => a.order - b.order),
  };
}

function bySchedule(a: SessionInfo, b: SessionInfo): number {
  return a.day - b.day || a.start.localeCompare(b.start) || a.code.localeCompare(b.code);
}

function toEvent(entry: CollectionEntry<'event'>): EventInfo {
  return { id: entry.id, ...entry.data };
}

function toSession(
  entry: CollectionEntry<'sessions'>,
  event: EventInfo,
  speakers: Map<string, SpeakerInfo>,
  paperIds: Set<string>,
): SessionInfo {
  const file = fileOf(entry, 'sessions');
  const speaker = resolver(speakers, 'speakers', file);
  const d = entry.data;
  const date = sessionDate(event, d.day, file);
  const session: SessionInfo = {
    id: entry.id,
    code: d.code,
    kind: d.kind,
    title: d.title,
    summary: d.summary,
    day: d.day,
    date,
    start: d.start,
    end: d.end,
    room: d.room,
    capacity: d.capacity,
    languages: d.languages,
    interpretation: d.interpretation,
    chairs: d.chairs.map((ref, i) => speaker(ref, `chairs[${i}]`)),
    agenda: d.agenda.map((item, i) => {
      if (item.paper && !paperIds.has(item.paper.id)) {
        throw new ContentError(file, `agenda[${i}].paper`, `no papers entry "${item.paper.id}"`);
      }
      return {
        start: item.start,
        end: item.end,
        kind: item.kind,
        title: item.title,
        speakers: item.speakers.map((ref, j) => speaker(ref, `agenda[${i}].speakers[${j}]`)),
        paperId: item.paper?.id,
      };
    }),
    sample: d.sample,
  };
  checkSessionTimes(session, file);
  return session;
}

function toPaper(entry: CollectionEntry<'papers'>, publications: Map<string, PublicationInfo>, sessionIds: Set<string>): PaperInfo {
  const file = fileOf(entry, 'papers');
  const d = entry.data;
  const collection = resolver(publications, 'publications', file)(d.collection, 'collection');
  if (d.session && !sessionIds.has(d.session.id)) {
    throw new ContentError(file, 'session', `no sessions entry "${d.session.id}"`);
  }
  return {
    id: entry.id,
    title: d.title,
    authors: d.authors,
    abstract: d.abstract,
    keywords: d.keywords,
    collection,
    year: d.year,
    language: d.language,
    pdf: d.pdf,
    pages: d.pages,
    doi: d.doi,
    sessionId: d.session?.id,
    published: d.published,
    sample: d.sample,
  };
}
