/**
 * Content collections → plain program data (the types in features/program). Every page and
 * export reads through here, so cross-entry rules (dangling references, days outside the
 * event, the edition of each session and paper) fail the build once, with the file and the
 * field named. Content may hold several editions (one event file each, features/program/editions.ts):
 * `loadSite()` gives the current one's program, `programOf(id)` any edition's.
 */
import { getCollection, type CollectionEntry } from 'astro:content';
import type { EditionInfo, EventInfo, PaperInfo, PublicationInfo, SessionInfo, SpeakerInfo } from '../features/program/program.types.ts';
import { ContentError, checkSessionTimes, sessionDate } from '../features/program/content-rules.ts';
import { checkEditionPaths, currentEdition, editionOf, editionPath, type EditionEntry } from '../features/program/editions.ts';

interface Ref {
  id: string;
}

/** One edition's program: its event, sessions and the speakers who appear in them. */
export interface EditionProgram {
  event: EventInfo;
  sessions: SessionInfo[];
  speakers: SpeakerInfo[];
}

interface SiteData extends EditionProgram {
  /** every paper, whatever its edition (papers keep one URL) */
  papers: PaperInfo[];
  publications: PublicationInfo[];
  /** every edition, newest first */
  editions: EditionInfo[];
}

interface AllContent {
  site: SiteData;
  programs: Map<string, EditionProgram>;
}

let cached: Promise<AllContent> | undefined;

function loadAll(): Promise<AllContent> {
  cached ??= build();
  return cached;
}

/** All content of the current edition, resolved and checked (papers and publications of every edition); computed once per build. */
export async function loadSite(): Promise<SiteData> {
  return (await loadAll()).site;
}

/** The program of one edition (an event file id); a ContentError for an unknown one. */
export async function programOf(editionId: string): Promise<EditionProgram> {
  const program = (await loadAll()).programs.get(editionId);
  if (!program) throw new ContentError('content/event/', '(collection)', `no edition "${editionId}"`);
  return program;
}

/** Past editions (not the current one), newest first, with their programs. */
export async function pastEditions(): Promise<(EditionInfo & { program: EditionProgram })[]> {
  const { site, programs } = await loadAll();
  return site.editions.filter((e) => !e.current).map((e) => ({ ...e, program: programs.get(e.event.id)! }));
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

function toEditions(events: CollectionEntry<'event'>[]): { entries: EditionEntry[]; current: EditionEntry; editions: EditionInfo[] } {
  const entries = events.map((e) => ({
    id: e.id,
    file: fileOf(e, 'event'),
    current: e.data.current,
    path: e.data.path,
    startDate: e.data.startDate,
  }));
  const current = currentEdition(entries);
  checkEditionPaths(entries);
  const editions = events
    .map((e) => ({ event: toEvent(e), path: editionPath(e.data), current: e.id === current.id }))
    .sort((a, b) => b.event.startDate.localeCompare(a.event.startDate));
  return { entries, current, editions };
}

async function build(): Promise<AllContent> {
  const [events, speakerEntries, sessionEntries, publicationEntries, paperEntries] = await Promise.all([
    getCollection('event'),
    getCollection('speakers'),
    getCollection('sessions'),
    getCollection('publications'),
    getCollection('papers'),
  ]);
  const { entries, current, editions } = toEditions(events);

  const speakers = new Map(speakerEntries.map((s) => [s.id, { id: s.id, ...s.data }] as const));
  const publications = new Map(publicationEntries.map((p) => [p.id, { id: p.id, ...p.data }] as const));
  const paperIds = new Set(paperEntries.map((p) => p.id));

  const sessionsBy = new Map<string, SessionInfo[]>(editions.map((e) => [e.event.id, []]));
  for (const entry of sessionEntries) {
    const edition = editionOf(entry.data.edition, fileOf(entry, 'sessions'), entries);
    const event = editions.find((e) => e.event.id === edition)!.event;
    sessionsBy.get(edition)!.push(toSession(entry, event, speakers, paperIds));
  }
  const sessionEdition = new Map([...sessionsBy].flatMap(([edition, list]) => list.map((s) => [s.id, edition] as const)));
  const papers = paperEntries.map((entry) => toPaper(entry, publications, sessionEdition, entries));

  const programs = new Map<string, EditionProgram>();
  for (const { event } of editions) {
    const sessions = sessionsBy.get(event.id)!.sort(bySchedule);
    programs.set(event.id, {
      event,
      sessions,
      speakers: speakersOf(sessions, speakers, event.id === current.id ? sessionEntries : undefined),
    });
  }
  return {
    site: {
      ...programs.get(current.id)!,
      papers: papers.sort((a, b) => b.year - a.year || a.id.localeCompare(b.id)),
      publications: [...publications.values()].sort((a, b) => a.order - b.order),
      editions,
    },
    programs,
  };
}

/**
 * The speakers who appear in the sessions (as chair or on the agenda), by id. The current
 * edition also keeps the speakers no session of any edition names (allSessions given).
 */
function speakersOf(sessions: SessionInfo[], all: Map<string, SpeakerInfo>, allSessions?: CollectionEntry<'sessions'>[]): SpeakerInfo[] {
  const ids = new Set(sessions.flatMap((s) => [...s.chairs, ...s.agenda.flatMap((i) => i.speakers)].map((p) => p.id)));
  if (allSessions) {
    const named = new Set(allSessions.flatMap((s) => [...s.data.chairs, ...s.data.agenda.flatMap((i) => i.speakers)].map((r) => r.id)));
    for (const id of all.keys()) if (!named.has(id)) ids.add(id);
  }
  return [...all.values()].filter((s) => ids.has(s.id)).sort((a, b) => a.id.localeCompare(b.id));
}

function bySchedule(a: SessionInfo, b: SessionInfo): number {
  return a.day - b.day || a.start.localeCompare(b.start) || a.code.localeCompare(b.code);
}

function toEvent(entry: CollectionEntry<'event'>): EventInfo {
  return { id: entry.id, ...entry.data };
}

/** A session entry resolved against its edition's event, the speakers and the paper ids (also used by the draft preview). */
export function toSession(
  entry: Pick<CollectionEntry<'sessions'>, 'id' | 'data' | 'filePath'>,
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

function toPaper(
  entry: CollectionEntry<'papers'>,
  publications: Map<string, PublicationInfo>,
  sessionEdition: Map<string, string>,
  editions: EditionEntry[],
): PaperInfo {
  const file = fileOf(entry, 'papers');
  const d = entry.data;
  const collection = resolver(publications, 'publications', file)(d.collection, 'collection');
  const edition = editionOf(d.edition, file, editions);
  if (d.session && !sessionEdition.has(d.session.id)) {
    throw new ContentError(file, 'session', `no sessions entry "${d.session.id}"`);
  }
  if (d.session && sessionEdition.get(d.session.id) !== edition) {
    throw new ContentError(
      file,
      'session',
      `session "${d.session.id}" belongs to edition ${sessionEdition.get(d.session.id)}, not ${edition}`,
    );
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
    edition,
    sample: d.sample,
  };
}
