import { describe, it, expect } from 'vitest';
import { foldLine, parseICalEvents, toICalendar } from '../../src/features/program/ical.ts';
import { zonedToUtc } from '../../src/lib/zoned-time.ts';
import type { SessionInfo } from '../../src/features/program/program.types.ts';
import { makeEvent, makeSession } from '../fixtures/program.ts';

const NOW = new Date('2024-11-01T10:20:30Z');
const BASE = 'https://forum.example.org';

function shanghaiCalendar(sessions?: SessionInfo[]): string {
  return toICalendar({
    event: makeEvent(),
    sessions: sessions ?? [
      makeSession(),
      makeSession({
        id: 'p1-cities',
        code: 'P1',
        kind: 'parallel',
        day: 2,
        date: '2024-12-20',
        start: '14:00',
        end: '17:30',
        room: { en: 'Room 201', zh: '201会议室' },
      }),
    ],
    locale: 'en',
    baseUrl: BASE,
    now: NOW,
  });
}

/** Physical lines of the .ics text (without the final empty string after the last CRLF). */
function physicalLines(ics: string): string[] {
  return ics.split('\r\n').slice(0, -1);
}

function unfold(ics: string): string[] {
  return ics
    .replace(/\r\n[ \t]/g, '')
    .split('\r\n')
    .filter(Boolean);
}

interface Observance {
  onsetUtc: number;
  to: number;
}

/** "+0530" → 330 */
function offsetOf(text: string): number {
  const m = /^([+-])(\d{2})(\d{2})$/.exec(text);
  if (!m) throw new Error(`bad offset ${text}`);
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

/** 20241219T090000 read as if it were UTC, in ms. */
function stampMs(stamp: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})$/.exec(stamp);
  if (!m) throw new Error(`bad stamp ${stamp}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
}

/** The observances of the VTIMEZONE with the given TZID, as a calendar client reads them. */
function observances(ics: string, tzid: string): { kinds: string[]; list: Observance[] } {
  const lines = unfold(ics);
  const start = lines.indexOf(`TZID:${tzid}`);
  expect(start).toBeGreaterThan(0);
  const kinds: string[] = [];
  const list: Observance[] = [];
  let current: Record<string, string> = {};
  for (const line of lines.slice(start + 1)) {
    if (line === 'END:VTIMEZONE') break;
    const [name = '', value = ''] = line.split(/:(.*)/s);
    if (name === 'BEGIN') {
      kinds.push(value);
      current = {};
    } else if (name === 'END') {
      const from = offsetOf(current.TZOFFSETFROM ?? '');
      list.push({ onsetUtc: stampMs(current.DTSTART ?? '') - from * 60_000, to: offsetOf(current.TZOFFSETTO ?? '') });
    } else current[name] = value;
  }
  return { kinds, list };
}

/** UTC instant of a local DTSTART/DTEND using only the VTIMEZONE data (latest observance already in force). */
function toUtcViaVtimezone(stamp: string, obs: Observance[]): string {
  const local = stampMs(stamp);
  const sorted = [...obs].sort((a, b) => b.onsetUtc - a.onsetUtc);
  const match = sorted.find((o) => local - o.to * 60_000 >= o.onsetUtc);
  if (!match) throw new Error(`no observance covers ${stamp}`);
  return new Date(local - match.to * 60_000).toISOString();
}

function expectTimesMatchEventZone(ics: string, sessions: SessionInfo[], tz: string) {
  const { list } = observances(ics, tz);
  const events = parseICalEvents(ics);
  expect(events).toHaveLength(sessions.length);
  for (const s of sessions) {
    const e = events.find((ev) => ev.uid.startsWith(`${s.id}@`));
    expect(e, s.id).toBeDefined();
    expect(e?.start.tzid).toBe(tz);
    expect(e?.end.tzid).toBe(tz);
    expect(toUtcViaVtimezone(e?.start.value ?? '', list), `${s.id} start`).toBe(zonedToUtc(s.date, s.start, tz).toISOString());
    expect(toUtcViaVtimezone(e?.end.value ?? '', list), `${s.id} end`).toBe(zonedToUtc(s.date, s.end, tz).toISOString());
  }
}

describe('toICalendar', () => {
  it('test_writes_the_calendar_header_and_one_vevent_per_session', () => {
    const ics = shanghaiCalendar();
    const lines = unfold(ics);
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines.at(-1)).toBe('END:VCALENDAR');
    for (const l of [
      'VERSION:2.0',
      'CALSCALE:GREGORIAN',
      'METHOD:PUBLISH',
      'X-WR-TIMEZONE:Asia/Shanghai',
      'X-WR-CALNAME:Forum on Digital Governance 2024',
    ]) {
      expect(lines).toContain(l);
    }
    expect(lines.some((l) => l.startsWith('PRODID:'))).toBe(true);
    expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(2);
  });

  it('test_identifies_stamps_and_links_each_session', () => {
    const lines = unfold(shanghaiCalendar());
    expect(lines).toContain('UID:opening-plenary@fdg2024');
    expect(lines).toContain('DTSTAMP:20241101T102030Z');
    expect(lines).toContain('DTSTART;TZID=Asia/Shanghai:20241219T090000');
    expect(lines).toContain('DTEND;TZID=Asia/Shanghai:20241219T120000');
    expect(lines).toContain('URL:https://forum.example.org/en/sessions/opening-plenary/');
    expect(lines).toContain('CATEGORIES:main');
    expect(lines).toContain('LOCATION:Main Hall\\, Riverside Conference Centre');
  });

  it('test_uses_crlf_line_endings_only', () => {
    const ics = shanghaiCalendar();
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(/(?<!\r)\n/.test(ics)).toBe(false);
    expect(/\r(?!\n)/.test(ics)).toBe(false);
  });
});

describe('toICalendar time zones', () => {
  it('test_gives_a_fixed_offset_zone_one_standard_block_at_0800', () => {
    const ics = shanghaiCalendar();
    const lines = unfold(ics);
    const { kinds } = observances(ics, 'Asia/Shanghai');
    expect(kinds).toEqual(['STANDARD']);
    expect(lines).toContain('TZOFFSETFROM:+0800');
    expect(lines).toContain('TZOFFSETTO:+0800');
    expect(lines).toContain('DTSTART:19700101T000000');
    expect(lines).toContain('TZNAME:CST');
  });

  it('test_gives_event_times_that_equal_the_event_timezone_times_asia_shanghai', () => {
    const sessions = [makeSession(), makeSession({ id: 'late', date: '2024-12-20', start: '19:30', end: '23:45' })];
    expectTimesMatchEventZone(shanghaiCalendar(sessions), sessions, 'Asia/Shanghai');
  });

  it('test_describes_europe_berlin_with_standard_and_daylight_transitions_at_the_right_local_times', () => {
    const sessions = [
      makeSession({ id: 'winter', date: '2024-03-30', start: '09:00', end: '10:00' }),
      makeSession({ id: 'after-spring', date: '2024-03-31', start: '03:00', end: '04:00' }),
      makeSession({ id: 'summer', date: '2024-07-01', start: '09:00', end: '18:00' }),
      makeSession({ id: 'after-fall', date: '2024-10-27', start: '03:00', end: '10:00' }),
      makeSession({ id: 'december', date: '2024-12-19', start: '09:00', end: '12:00' }),
      makeSession({ id: 'next-summer', date: '2025-07-01', start: '09:00', end: '12:00' }),
    ];
    const ics = toICalendar({
      event: makeEvent({ timezone: 'Europe/Berlin', startDate: '2024-03-30', endDate: '2025-07-01' }),
      sessions,
      locale: 'en',
      baseUrl: BASE,
      now: NOW,
    });
    const { kinds } = observances(ics, 'Europe/Berlin');
    expect(kinds).toContain('STANDARD');
    expect(kinds).toContain('DAYLIGHT');
    const text = unfold(ics).join('\n');
    expect(text).toContain('BEGIN:DAYLIGHT\nDTSTART:20240331T020000\nTZOFFSETFROM:+0100\nTZOFFSETTO:+0200\nTZNAME:CEST');
    expect(text).toContain('BEGIN:STANDARD\nDTSTART:20241027T030000\nTZOFFSETFROM:+0200\nTZOFFSETTO:+0100\nTZNAME:CET');
    expect(text).toContain('DTSTART:20250330T020000');
    expect(text).toContain('DTSTART:20251026T030000');
    expectTimesMatchEventZone(ics, sessions, 'Europe/Berlin');
  });
});

describe('toICalendar text', () => {
  it('test_escapes_and_newlines_so_they_round_trip', () => {
    const title = 'Cities; regions, and a back\\slash';
    const summary = 'Line one\nLine two; with, punctuation\\';
    const ics = shanghaiCalendar([makeSession({ title: { en: title }, summary: { en: summary }, agenda: [], chairs: [] })]);
    expect(unfold(ics)).toContain('SUMMARY:M1 · Cities\\; regions\\, and a back\\\\slash');
    const [event] = parseICalEvents(ics);
    expect(event?.summary).toBe(`M1 · ${title}`);
    expect(event?.description).toBe(summary);
  });

  it('test_describes_the_session_with_chairs_and_agenda_lines', () => {
    const [event] = parseICalEvents(shanghaiCalendar([makeSession()]));
    const description = event?.description ?? '';
    expect(description).toContain('Welcome and keynotes.');
    expect(description).toContain('Chairs: Wei Li');
    expect(description).toContain('09:00–09:30 Welcome — Wei Li');
    expect(description).toContain('09:30–10:30 Keynote — Anna Schmidt, Wei Li');
  });

  it('test_writes_chinese_text_falling_back_to_english_where_chinese_is_missing', () => {
    const ics = toICalendar({
      event: makeEvent(),
      sessions: [makeSession({ title: { en: 'English only title' } })],
      locale: 'zh',
      baseUrl: BASE,
      now: NOW,
    });
    const [event] = parseICalEvents(ics);
    expect(event?.summary).toBe('M1 · English only title');
    expect(event?.description).toContain('主持人：李伟');
    expect(event?.location).toBe('主会场，滨江会议中心');
    expect(event?.url).toBe('https://forum.example.org/zh/sessions/opening-plenary/');
  });

  it('test_folds_lines_at_75_octets_without_splitting_multi_byte_characters', () => {
    const longTitle = '数字治理与公众信任：城市、区域与全球合作的新路径🙂'.repeat(6);
    const ics = toICalendar({
      event: makeEvent(),
      sessions: [makeSession({ title: { zh: longTitle } })],
      locale: 'zh',
      baseUrl: BASE,
      now: NOW,
    });
    const lines = physicalLines(ics);
    const encoder = new TextEncoder();
    const decoder = new TextDecoder('utf-8', { fatal: true });
    expect(lines.some((l) => l.startsWith(' '))).toBe(true);
    for (const line of lines) {
      const bytes = encoder.encode(line);
      expect(bytes.length, line).toBeLessThanOrEqual(75);
      expect(line.isWellFormed(), line).toBe(true);
      expect(decoder.decode(bytes)).toBe(line);
    }
    expect(parseICalEvents(ics)[0]?.summary).toBe(`M1 · ${longTitle}`);
  });
});

describe('foldLine', () => {
  it('test_leaves_short_lines_alone_and_makes_continuation_lines_start_with_a_space', () => {
    expect(foldLine('SUMMARY:short')).toBe('SUMMARY:short');
    const folded = foldLine(`DESCRIPTION:${'x'.repeat(200)}`).split('\r\n');
    expect(folded[0]).toHaveLength(75);
    expect(folded.slice(1).every((l) => l.startsWith(' ') && l.length <= 75)).toBe(true);
  });
});

describe('parseICalEvents', () => {
  it('test_unfolds_lines_and_reads_tzid_parameters', () => {
    const ics = [
      'BEGIN:VCALENDAR',
      'BEGIN:VEVENT',
      'UID:x@y',
      'SUMMARY:Hello\\, wor',
      ' ld',
      'DTSTART;TZID="Europe/Berlin":20240701T090000',
      'DTEND:20240701T100000Z',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n');
    expect(parseICalEvents(ics)).toEqual([
      {
        uid: 'x@y',
        summary: 'Hello, world',
        start: { tzid: 'Europe/Berlin', value: '20240701T090000' },
        end: { value: '20240701T100000Z' },
      },
    ]);
  });
});

describe('entry links and places', () => {
  it('test_url_and_location_can_be_given_per_entry', () => {
    const ics = toICalendar({
      event: makeEvent(),
      sessions: [makeSession({ id: 'visit-1' })],
      locale: 'en',
      baseUrl: 'https://forum.example',
      urlFor: () => 'https://forum.example/en/my/',
      locationFor: () => 'Main entrance; 12345 center',
    });
    const [entry] = parseICalEvents(ics);
    expect(entry?.url).toBe('https://forum.example/en/my/');
    expect(entry?.location).toBe('Main entrance; 12345 center');
  });
});
