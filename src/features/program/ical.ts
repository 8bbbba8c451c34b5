/**
 * iCalendar (RFC 5545) export of the program: one VEVENT per session, times as wall-clock
 * local times with TZID plus a VTIMEZONE built from Intl, so calendar apps show exactly
 * the times printed in the program, in the event timezone.
 */
import { type Locale, str } from '../../i18n/locale.ts';
import type { EventInfo, SessionInfo, SpeakerInfo } from './program.types.ts';
import { offsetMinutes } from '../../lib/zoned-time.ts';
import { absolute, routes } from '../../lib/routes.ts';

const CRLF = '\r\n';
const MINUTE = 60_000;
const DAY = 86_400_000;
const encoder = new TextEncoder();

export interface ICalInput {
  event: EventInfo;
  sessions: SessionInfo[];
  locale: Locale;
  /** site origin without trailing slash, e.g. https://forum.example.org */
  baseUrl: string;
  /** DTSTAMP; defaults to the current time */
  now?: Date;
  calendarName?: string;
  /** link of an entry; default: its session page */
  urlFor?: (session: SessionInfo) => string;
  /** where an entry takes place; default: room and forum venue */
  locationFor?: (session: SessionInfo) => string;
}

interface ParsedICalEvent {
  uid: string;
  summary: string;
  start: { tzid?: string; value: string };
  end: { tzid?: string; value: string };
  location?: string;
  description?: string;
  url?: string;
}

/** TEXT value escaping (RFC 5545 §3.3.11). */
function escapeText(text: string): string {
  return text.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\r\n|\r|\n/g, '\\n');
}

function unescapeText(text: string): string {
  return text.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

/** Folds a content line at 75 octets without splitting a UTF-8 character (RFC 5545 §3.1). */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let bytes = 0;
  for (const ch of line) {
    const size = encoder.encode(ch).length;
    if (bytes + size > 75) {
      // Continuation lines start with a space, which counts towards their 75 octets.
      out.push(current);
      current = ' ';
      bytes = 1;
    }
    current += ch;
    bytes += size;
  }
  out.push(current);
  return out.join(CRLF);
}

/** 20241219T090000 from '2024-12-19' and '09:00'. */
function localStamp(date: string, time: string): string {
  return `${date.replaceAll('-', '')}T${time.replace(':', '')}00`;
}

function utcStamp(instant: Date): string {
  return `${instant.toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`;
}

/** Local wall time of an instant at a known offset, as 19700101T000000. */
function stampAtOffset(instant: number, offset: number): string {
  return new Date(instant + offset * MINUTE).toISOString().slice(0, 19).replace(/[-:]/g, '');
}

function formatOffset(minutes: number): string {
  const abs = Math.abs(minutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${minutes < 0 ? '-' : '+'}${hh}${mm}`;
}

/** Short zone name for TZNAME, e.g. CET / CEST; "CST" (from "China Standard Time") where Intl only has GMT+8. */
function zoneAbbreviation(instant: Date, timeZone: string): string {
  const name = (locale: string, style: 'short' | 'long') =>
    new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: style }).formatToParts(instant).find((p) => p.type === 'timeZoneName')
      ?.value ?? '';
  const gmtLike = (n: string) => /^(GMT|UTC)([+-]|$)/.test(n);
  for (const locale of ['en-GB', 'en-US']) {
    const short = name(locale, 'short');
    if (short && !gmtLike(short)) return short;
  }
  const long = name('en', 'long');
  if (long && !gmtLike(long))
    return long
      .split(/\s+/)
      .map((w) => w[0]?.toUpperCase() ?? '')
      .join('');
  return name('en-US', 'short') || 'UTC';
}

interface Transition {
  at: number;
  from: number;
  to: number;
}

/** Offset changes of the zone within [start, end), found by daily scan and binary search to the minute. */
function transitions(timeZone: string, start: number, end: number): Transition[] {
  const off = (t: number) => offsetMinutes(new Date(t), timeZone);
  const found: Transition[] = [];
  let prev = off(start);
  for (let t = start; t < end; t += DAY) {
    const next = Math.min(t + DAY, end);
    const nextOff = off(next);
    if (nextOff === prev) continue;
    let lo = t / MINUTE;
    let hi = next / MINUTE;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (off(mid * MINUTE) === prev) lo = mid;
      else hi = mid;
    }
    found.push({ at: hi * MINUTE, from: prev, to: nextOff });
    prev = nextOff;
  }
  return found;
}

function observance(kind: 'STANDARD' | 'DAYLIGHT', dtstart: string, from: number, to: number, name: string): string[] {
  return [
    `BEGIN:${kind}`,
    `DTSTART:${dtstart}`,
    `TZOFFSETFROM:${formatOffset(from)}`,
    `TZOFFSETTO:${formatOffset(to)}`,
    `TZNAME:${escapeText(name)}`,
    `END:${kind}`,
  ];
}

/**
 * VTIMEZONE for the zone over whole calendar years [fromYear, toYear]: a single STANDARD
 * block for a fixed-offset zone, else the offset at the start of the range followed by
 * every actual transition in it (no RRULE, so it stays right when rules change).
 */
function vtimezone(timeZone: string, fromYear: number, toYear: number): string[] {
  const start = Date.UTC(fromYear, 0, 1) - DAY;
  const end = Date.UTC(toYear + 1, 0, 1) + DAY;
  const initial = offsetMinutes(new Date(start), timeZone);
  const changes = transitions(timeZone, start, end);
  const lines = ['BEGIN:VTIMEZONE', `TZID:${timeZone}`];
  if (changes.length === 0) {
    lines.push(...observance('STANDARD', '19700101T000000', initial, initial, zoneAbbreviation(new Date(start), timeZone)));
  } else {
    // The lowest offset seen is taken as standard time; anything above it is daylight time.
    const standard = Math.min(initial, ...changes.map((c) => c.to));
    const kind = (o: number) => (o > standard ? 'DAYLIGHT' : 'STANDARD');
    lines.push(...observance(kind(initial), stampAtOffset(start, initial), initial, initial, zoneAbbreviation(new Date(start), timeZone)));
    for (const c of changes) {
      // DTSTART is the local time of the onset, read with the offset in force before it.
      lines.push(...observance(kind(c.to), stampAtOffset(c.at, c.from), c.from, c.to, zoneAbbreviation(new Date(c.at), timeZone)));
    }
  }
  lines.push('END:VTIMEZONE');
  return lines;
}

const labels = {
  en: { chairs: 'Chairs: ', agenda: 'Agenda:', list: ', ' },
  zh: { chairs: '主持人：', agenda: '议程：', list: '、' },
  'zh-hant': { chairs: '主持人：', agenda: '議程：', list: '、' },
} as const;

function speakerNames(speakers: SpeakerInfo[], locale: Locale): string {
  return speakers.map((s) => str(s.name, locale)).join(labels[locale].list);
}

function description(session: SessionInfo, locale: Locale): string {
  const l = labels[locale];
  const parts: string[] = [];
  const summary = str(session.summary, locale);
  if (summary) parts.push(summary);
  if (session.chairs.length > 0) parts.push(`${l.chairs}${speakerNames(session.chairs, locale)}`);
  if (session.agenda.length > 0) {
    const items = session.agenda.map((item) => {
      const who = item.speakers.length > 0 ? ` — ${speakerNames(item.speakers, locale)}` : '';
      return `${item.start}–${item.end} ${str(item.title, locale)}${who}`;
    });
    parts.push([l.agenda, ...items].join('\n'));
  }
  return parts.join('\n\n');
}

function vevent(session: SessionInfo, input: ICalInput, dtstamp: string): string[] {
  const { event, locale } = input;
  const tz = event.timezone;
  const base = input.baseUrl.replace(/\/+$/, '');
  const title = str(session.title, locale);
  const location =
    input.locationFor?.(session) ??
    [str(session.room, locale), str(event.venue.name, locale)].filter(Boolean).join(locale === 'en' ? ', ' : '，');
  const tentative = session.sample || event.datesAreSample;
  return [
    'BEGIN:VEVENT',
    `UID:${session.id}@${event.acronym}`,
    `DTSTAMP:${dtstamp}`,
    `DTSTART;TZID=${tz}:${localStamp(session.date, session.start)}`,
    `DTEND;TZID=${tz}:${localStamp(session.date, session.end)}`,
    `SUMMARY:${escapeText(session.code ? `${session.code} · ${title}` : title)}`,
    `LOCATION:${escapeText(location)}`,
    `DESCRIPTION:${escapeText(description(session, locale))}`,
    `URL:${input.urlFor?.(session) ?? absolute(base, routes.session(locale, session.id))}`,
    `CATEGORIES:${escapeText(session.kind)}`,
    `STATUS:${tentative ? 'TENTATIVE' : 'CONFIRMED'}`,
    'END:VEVENT',
  ];
}

/** The whole calendar as an .ics text (CRLF lines, folded). */
export function toICalendar(input: ICalInput): string {
  const { event, sessions, locale } = input;
  const dtstamp = utcStamp(input.now ?? new Date());
  const years = [event.startDate, event.endDate, ...sessions.map((s) => s.date)].map((d) => Number(d.slice(0, 4)));
  const name = input.calendarName ?? str(event.name, locale);
  const sorted = [...sessions].sort((a, b) => (a.date + a.start).localeCompare(b.date + b.start) || a.id.localeCompare(b.id));
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:-//${event.acronym}//Forum program//${locale.toUpperCase()}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(name)}`,
    `X-WR-TIMEZONE:${event.timezone}`,
    ...vtimezone(event.timezone, Math.min(...years), Math.max(...years)),
    ...sorted.flatMap((s) => vevent(s, input, dtstamp)),
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join(CRLF) + CRLF;
}

/** Splits "NAME;PARAM=x:value" at the first colon outside a quoted parameter value. */
function splitContentLine(line: string): { name: string; params: Record<string, string>; value: string } | null {
  let quoted = false;
  let colon = -1;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') quoted = !quoted;
    else if (c === ':' && !quoted) {
      colon = i;
      break;
    }
  }
  if (colon < 0) return null;
  const [name = '', ...rawParams] = line.slice(0, colon).split(';');
  const params: Record<string, string> = {};
  for (const p of rawParams) {
    const eq = p.indexOf('=');
    if (eq > 0) params[p.slice(0, eq).toUpperCase()] = p.slice(eq + 1).replace(/^"|"$/g, '');
  }
  return { name: name.toUpperCase(), params, value: line.slice(colon + 1) };
}

/** The VEVENTs of an .ics text: lines unfolded, TEXT values unescaped. */
export function parseICalEvents(ics: string): ParsedICalEvent[] {
  const lines = ics.replace(/\r?\n[ \t]/g, '').split(/\r?\n/);
  const events: ParsedICalEvent[] = [];
  let current: ParsedICalEvent | null = null;
  for (const line of lines) {
    const parsed = splitContentLine(line);
    if (!parsed) continue;
    const { name, params, value } = parsed;
    if (name === 'BEGIN' && value.toUpperCase() === 'VEVENT') {
      current = { uid: '', summary: '', start: { value: '' }, end: { value: '' } };
    } else if (name === 'END' && value.toUpperCase() === 'VEVENT') {
      if (current) events.push(current);
      current = null;
    } else if (current) {
      const time = params.TZID ? { tzid: params.TZID, value } : { value };
      if (name === 'UID') current.uid = value;
      else if (name === 'SUMMARY') current.summary = unescapeText(value);
      else if (name === 'DTSTART') current.start = time;
      else if (name === 'DTEND') current.end = time;
      else if (name === 'LOCATION') current.location = unescapeText(value);
      else if (name === 'DESCRIPTION') current.description = unescapeText(value);
      else if (name === 'URL') current.url = value;
    }
  }
  return events;
}
