/**
 * Wall-clock times in a named IANA zone, without depending on the machine's zone.
 * Content gives a date 'YYYY-MM-DD' and a time 'HH:MM' in the event timezone; these helpers
 * turn them into instants and display strings using only Intl (no date library).
 */
import { intlLocale, type Locale } from '../i18n/locale.ts';
import { Answers } from './answers.ts';

const MINUTE = 60_000;
const DAY = 86_400_000;

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = partsFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    partsFormatters.set(timeZone, f);
  }
  return f;
}

/** Milliseconds of the wall clock in timeZone at the instant, read as if it were UTC. */
function wallClockMs(instant: Date, timeZone: string): number {
  const p: Record<string, string> = {};
  for (const part of partsFormatter(timeZone).formatToParts(instant)) p[part.type] = part.value;
  let year = Number(p.year);
  if (p.era === 'BC' || p.era === 'B') year = 1 - year;
  const d = new Date(0);
  d.setUTCFullYear(year, Number(p.month) - 1, Number(p.day));
  d.setUTCHours(Number(p.hour), Number(p.minute), Number(p.second), 0);
  return d.getTime();
}

/** Offset of timeZone from UTC at the instant, in minutes (e.g. 480 for Asia/Shanghai). */
export function offsetMinutes(instant: Date, timeZone: string): number {
  // Intl shows whole seconds: compare against the instant truncated to the second.
  const t = Math.floor(instant.getTime() / 1000) * 1000;
  return Math.round((wallClockMs(new Date(t), timeZone) - t) / MINUTE);
}

function parseDate(date: string): [number, number, number] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

function parseTime(time: string): [number, number, number] {
  const m = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(time);
  if (!m) throw new RangeError(`not an HH:MM time: ${time}`);
  return [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
}

/**
 * The instant when the wall clock in timeZone shows date + time.
 * A time skipped by a DST gap is moved forward by the gap (02:30 → 03:30); a time that occurs
 * twice in a DST overlap gives the earlier instant (like Temporal's 'compatible').
 */
export function zonedToUtc(date: string, time: string, timeZone: string): Date {
  // The same few content dates are asked for on every request (the registration window).
  return new Date(instants.get(`${date} ${time} ${timeZone}`, () => computeZonedToUtc(date, time, timeZone).getTime()));
}

const instants = new Answers<number>(10_000);

function computeZonedToUtc(date: string, time: string, timeZone: string): Date {
  const [y, mo, d] = parseDate(date);
  const [h, mi, s] = parseTime(time);
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  // Offsets a day either side: zones change offset at most once within two days.
  const before = offsetMinutes(new Date(wall - DAY), timeZone);
  const after = offsetMinutes(new Date(wall + DAY), timeZone);
  const candidates = [...new Set([before, after])]
    .map((off) => wall - off * MINUTE)
    .filter((t) => wallClockMs(new Date(t), timeZone) === wall)
    .sort((a, b) => a - b);
  if (candidates[0] !== undefined) return new Date(candidates[0]);
  // In a gap: read the time with the offset in force before the gap, which lands after it.
  return new Date(wall - before * MINUTE);
}

/** YYYY-MM-DD plus n days (n may be negative). */
export function addDays(date: string, n: number): string {
  const [y, mo, d] = parseDate(date);
  return new Date(Date.UTC(y, mo - 1, d) + n * DAY).toISOString().slice(0, 10);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * One Intl.DateTimeFormat per language and options, made once: making one costs far more than
 * using it (it loads locale and zone data), and emails and pages format dates on every request.
 */
export function dateTimeFormat(intlTag: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${intlTag}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(intlTag, options);
    formatters.set(key, f);
  }
  return f;
}

function parts(locale: Locale, options: Intl.DateTimeFormatOptions, instant: Date) {
  const f = dateTimeFormat(intlLocale[locale], options);
  const out: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const p of f.formatToParts(instant)) out[p.type] = p.value;
  return out;
}

/** Noon of the date in the zone: safely inside the day whatever the DST rules. */
function middayOf(date: string, timeZone: string): Date {
  return zonedToUtc(date, '12:00', timeZone);
}

/** en "Thursday, 19 December 2024", zh "2024年12月19日 星期四". */
export function formatDay(date: string, locale: Locale, timeZone: string): string {
  const p = parts(
    locale,
    { timeZone, weekday: 'long', day: 'numeric', month: locale === 'en' ? 'long' : 'numeric', year: 'numeric' },
    middayOf(date, timeZone),
  );
  return locale !== 'en' ? `${p.year}年${p.month}月${p.day}日 ${p.weekday}` : `${p.weekday}, ${p.day} ${p.month} ${p.year}`;
}

/** "UTC+8", "UTC+5:30", "UTC-3", "UTC" for an offset in minutes. */
function utcOffsetLabel(minutes: number): string {
  if (minutes === 0) return 'UTC';
  const sign = minutes > 0 ? '+' : '-';
  const abs = Math.abs(minutes);
  const mm = abs % 60;
  return `UTC${sign}${Math.floor(abs / 60)}${mm ? `:${String(mm).padStart(2, '0')}` : ''}`;
}

/** The zone as shown to readers on that date: en "China Standard Time (UTC+8)", zh "中国标准时间 (UTC+8)". */
export function zoneLabel(date: string, locale: Locale, timeZone: string): string {
  return zoneLabels.get(`${date}|${locale}|${timeZone}`, () => computeZoneLabel(date, locale, timeZone));
}

/** zoneLabel's answers: the same few dates are labelled again and again. */
const zoneLabels = new Answers<string>(1000);

function computeZoneLabel(date: string, locale: Locale, timeZone: string): string {
  const instant = middayOf(date, timeZone);
  const offset = utcOffsetLabel(offsetMinutes(instant, timeZone));
  const name = parts(locale, { timeZone, timeZoneName: 'long' }, instant).timeZoneName ?? '';
  // Zones without a localized name come back as "GMT+08:00": the offset alone says it better.
  if (!name || /^(GMT|UTC)([+\-−]|$)/.test(name)) return offset;
  return `${name} (${offset})`;
}
