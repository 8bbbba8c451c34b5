/**
 * frab-compatible schedule.json (the format pretalx exports and Giggity, ConfClerk, c3nav and
 * the Fahrplan apps read), checked against the voc/schedule JSON schema in the tests.
 *
 * Event `start`: the schema types it as date-time, while frab/pretalx exports write "HH:MM".
 * We follow the schema and write the full local date-time with offset (same value as `date`):
 * it validates, and consumers take the instant from `date` (voc's schedule tools read `date`
 * first and treat `start` as a date-time in schedule v2), so nothing reads "HH:MM" from it.
 */
import { type Locale, str } from '../../i18n/locale.ts';
import { createHash } from 'node:crypto';
import type { EventInfo, SessionInfo, SessionKind, SpeakerInfo } from './program.types.ts';
import { addDays } from '../../lib/zoned-time.ts';
import { isoWithOffset } from '../../lib/iso-offset.ts';
import { absolute, routes } from '../../lib/routes.ts';

export interface FrabInput {
  event: EventInfo;
  sessions: SessionInfo[];
  /** site origin without trailing slash */
  baseUrl: string;
  locale: Locale;
  /** schedule version; defaults to a hash of the content so apps notice changes */
  version?: string;
}

/** RFC 4122 URL namespace, as voc/schedule uses for its uuid5 person ids. */
const NS_URL = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';

/** Name-based UUID (version 5, SHA-1): the same name always gives the same UUID. */
export function uuidV5(name: string, namespace = NS_URL): string {
  const ns = Buffer.from(namespace.replaceAll('-', ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Stable positive integer id from a name (frab's legacy integer ids). */
function numericId(name: string): number {
  return Number.parseInt(createHash('sha1').update(name, 'utf8').digest('hex').slice(0, 7), 16) + 1;
}

function minutesOf(time: string): number {
  const [h = 0, m = 0] = time.split(':').map(Number);
  return h * 60 + m;
}

function duration(start: string, end: string): string {
  const d = Math.max(0, minutesOf(end) - minutesOf(start));
  return `${String(Math.floor(d / 60)).padStart(2, '0')}:${String(d % 60).padStart(2, '0')}`;
}

function slugify(text: string): string {
  const s = text
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^-+|[-_]+$/g, '');
  return s || 'x';
}

const types: Record<SessionKind, string> = {
  main: 'plenary',
  parallel: 'session',
  visit: 'visit',
  social: 'social',
};

function other(locale: Locale): Locale {
  return locale === 'en' ? 'zh' : 'en';
}

function persons(session: SessionInfo, acronym: string, locale: Locale) {
  const seen = new Map<string, SpeakerInfo>();
  for (const s of [...session.chairs, ...session.agenda.flatMap((a) => a.speakers)]) {
    if (!seen.has(s.id)) seen.set(s.id, s);
  }
  // Only name/guid/biography: adding frab's id/public_name would match both person variants (oneOf).
  return [...seen.values()].map((s) => {
    const bio = str(s.bio, locale);
    return {
      name: str(s.name, locale),
      guid: uuidV5(`${acronym}:speaker:${s.id}`),
      ...(bio ? { biography: bio } : {}),
    };
  });
}

function agendaText(session: SessionInfo, locale: Locale): string {
  const sep = locale === 'en' ? ', ' : '、';
  return session.agenda
    .map((a) => {
      const who = a.speakers.map((s) => str(s.name, locale)).join(sep);
      return `${a.start}–${a.end} ${str(a.title, locale)}${who ? ` — ${who}` : ''}`;
    })
    .join('\n');
}

/** Sessions in schedule order: by date and start, then by id. */
function inScheduleOrder(sessions: SessionInfo[]): SessionInfo[] {
  return [...sessions].sort((a, b) => (a.date + a.start).localeCompare(b.date + b.start) || a.id.localeCompare(b.id));
}

/** Rooms in order of first use, each with the largest capacity a session gives it. */
function roomsOf(sessions: SessionInfo[], acronym: string, locale: Locale) {
  const roomNames = [...new Set(sessions.map((s) => str(s.room, locale)))];
  const capacity = new Map<string, number>();
  for (const s of sessions) {
    const name = str(s.room, locale);
    capacity.set(name, Math.max(capacity.get(name) ?? 0, s.capacity));
  }
  return roomNames.map((name) => ({
    name,
    guid: uuidV5(`${acronym}:room:${name}`),
    capacity: capacity.get(name) ?? null,
  }));
}

/** Integer ids from a hash of the session id; a (rare) collision takes the next free number. */
function integerIds(sessions: SessionInfo[], acronym: string): Map<string, number> {
  const usedIds = new Set<number>();
  const idOf = new Map<string, number>();
  for (const s of [...sessions].sort((a, b) => a.id.localeCompare(b.id))) {
    let id = numericId(`${acronym}:${s.id}`);
    while (usedIds.has(id)) id++;
    usedIds.add(id);
    idOf.set(s.id, id);
  }
  return idOf;
}

interface EventContext {
  event: EventInfo;
  locale: Locale;
  /** site origin without trailing slash */
  base: string;
  idOf: Map<string, number>;
}

/** A session as a frab event. */
function eventMaker({ event, locale, base, idOf }: EventContext) {
  const tz = event.timezone;
  return (s: SessionInfo) => {
    const date = isoWithOffset(s.date, s.start, tz);
    const subtitle = str(s.title, other(locale));
    const agenda = agendaText(s, locale);
    return {
      id: idOf.get(s.id) ?? 1,
      guid: uuidV5(`${event.acronym}:session:${s.id}`),
      date,
      start: date,
      duration: duration(s.start, s.end),
      room: str(s.room, locale),
      slug: slugify(`${event.acronym}-${s.id}`),
      url: absolute(base, routes.session(locale, s.id)),
      title: str(s.title, locale),
      // The other language's title helps bilingual audiences; null when it adds nothing.
      subtitle: subtitle && subtitle !== str(s.title, locale) ? subtitle : null,
      track: s.kind,
      type: types[s.kind],
      language: s.languages[0] ?? locale,
      abstract: str(s.summary, locale),
      description: agenda || null,
      persons: persons(s, event.acronym, locale),
      links: [],
      attachments: [],
    };
  };
}

type FrabEvent = ReturnType<ReturnType<typeof eventMaker>>;

/** The conference days, from startDate to the last day with a session (at least endDate). */
function daysOf(
  event: EventInfo,
  sessions: SessionInfo[],
  rooms: { name: string }[],
  toEvent: (s: SessionInfo) => FrabEvent,
  locale: Locale,
) {
  const roomNames = rooms.map((r) => r.name);
  // Never drop a session dated after the announced end: extend the days to cover it.
  const endDate = sessions.reduce((m, s) => (s.date > m ? s.date : m), event.endDate);
  const daysCount = Math.round((Date.parse(endDate) - Date.parse(event.startDate)) / 86_400_000) + 1;
  const days = Array.from({ length: daysCount }, (_, i) => {
    const date = addDays(event.startDate, i);
    const onDay = sessions.filter((s) => s.date === date);
    const byRoom: Record<string, FrabEvent[]> = {};
    for (const name of roomNames) byRoom[name] = onDay.filter((s) => str(s.room, locale) === name).map(toEvent);
    return { index: i + 1, date, ...dayBounds(date, onDay, event.timezone), rooms: byRoom };
  });
  return { endDate, daysCount, days };
}

/** From the first session's start to the last one's end; a day without sessions spans the whole calendar day. */
function dayBounds(date: string, onDay: SessionInfo[], tz: string): { day_start: string; day_end: string } {
  const first = onDay.reduce((m, s) => (s.start < m ? s.start : m), '23:59');
  const last = onDay.reduce((m, s) => (s.end > m ? s.end : m), '00:00');
  return {
    day_start: isoWithOffset(date, onDay.length ? first : '00:00', tz),
    day_end: onDay.length ? isoWithOffset(date, last, tz) : isoWithOffset(date, '23:59', tz),
  };
}

export function toFrabSchedule(input: FrabInput): object {
  const { event, locale } = input;
  const tz = event.timezone;
  const base = input.baseUrl.replace(/\/+$/, '');
  const sessions = inScheduleOrder(input.sessions);
  const rooms = roomsOf(sessions, event.acronym, locale);
  const toEvent = eventMaker({ event, locale, base, idOf: integerIds(sessions, event.acronym) });
  const { endDate, daysCount, days } = daysOf(event, sessions, rooms, toEvent, locale);

  const conference = {
    acronym: event.acronym,
    title: str(event.name, locale),
    description: str(event.summary, locale),
    start: event.startDate,
    end: endDate,
    daysCount,
    timeslot_duration: '00:15',
    time_zone_name: tz,
    url: absolute(base, routes.home(locale)),
    tracks: [...new Set(sessions.map((s) => s.kind))].map((name) => ({ name })),
    rooms,
    days,
  };
  const version = input.version ?? createHash('sha1').update(JSON.stringify(conference)).digest('hex').slice(0, 12);

  return {
    $schema: 'https://c3voc.de/schedule/schema.json',
    generator: { name: 'forum-site' },
    schedule: { version, base_url: `${base}/`, conference },
  };
}
