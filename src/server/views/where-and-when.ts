/**
 * "Where and when": the forum's dates and venue, the main forum and each chosen session (day,
 * time in the event timezone with the zone named, room), or a visit slot (day, time, meeting
 * point, address, what to bring). Plain translated lines for the emails, "my registration" and
 * the ticket PDF, which all draw the same block.
 */
import type { Catalog } from '../../features/registration/catalog.ts';
import { mainSessions } from '../../features/registration/catalog.ts';
import type { SessionInfo } from '../../features/program/program.types.ts';
import type { WhereAndWhenBlock, WhereAndWhenItem, WhereAndWhenLine } from '../../features/shared/where-and-when.types.ts';
import { slotEnd } from '../../features/visits/slots.ts';
import { type Locale, str } from '../../i18n/locale.ts';
import { t } from '../../i18n/t.ts';
import { formatDay, zoneLabel } from '../../lib/zoned-time.ts';

export type { WhereAndWhenBlock, WhereAndWhenItem, WhereAndWhenLine };

/** A chosen session: its id, or (per-block choices) its id with a seat status. */
export type ChosenSession = string | { sessionId: string; status?: 'seated' | 'waiting' | undefined; position?: number | undefined };

const byTime = (a: SessionInfo, b: SessionInfo) => `${a.date} ${a.start}`.localeCompare(`${b.date} ${b.start}`);

function dayAndTime(locale: Locale, timezone: string, date: string, start: string, end: string): WhereAndWhenLine[] {
  return [
    { label: t(locale, 'whereWhen.day'), text: formatDay(date, locale, timezone) },
    { label: t(locale, 'whereWhen.time'), text: t(locale, 'whereWhen.timeRange', { start, end, zone: zoneLabel(date, locale, timezone) }) },
  ];
}

function forumItem(catalog: Catalog, locale: Locale): WhereAndWhenItem {
  const { event } = catalog;
  const first = formatDay(event.startDate, locale, event.timezone);
  const dates = event.endDate === event.startDate ? first : `${first} – ${formatDay(event.endDate, locale, event.timezone)}`;
  const lines: WhereAndWhenLine[] = [
    { label: t(locale, 'whereWhen.dates'), text: dates },
    { label: t(locale, 'whereWhen.venue'), text: str(event.venue.name, locale) },
    { label: t(locale, 'whereWhen.address'), text: str(event.venue.address, locale) },
  ];
  return { title: t(locale, 'whereWhen.forum'), lines: lines.filter((l) => l.text) };
}

function sessionItem(catalog: Catalog, locale: Locale, session: SessionInfo, waiting?: string): WhereAndWhenItem {
  const title = session.kind === 'main' ? str(session.title, locale) : `${session.code} · ${str(session.title, locale)}`;
  const room = str(session.room, locale);
  return {
    title,
    lines: [
      ...dayAndTime(locale, catalog.event.timezone, session.date, session.start, session.end),
      ...(room ? [{ label: t(locale, 'whereWhen.room'), text: room }] : []),
    ],
    waiting,
  };
}

function waitingNote(locale: Locale, choice: ChosenSession): string | undefined {
  if (typeof choice === 'string' || choice.status !== 'waiting') return undefined;
  return choice.position === undefined ? t(locale, 'whereWhen.waiting') : t(locale, 'whereWhen.waitingNumber', { n: choice.position });
}

/** The forum, its main sessions and the chosen sessions (unknown ids are left out), in time order. */
export function registrationWhereAndWhen(catalog: Catalog, locale: Locale, chosen: readonly ChosenSession[]): WhereAndWhenBlock {
  const main = mainSessions(catalog).sort(byTime);
  const picked = chosen
    .map((choice) => {
      const id = typeof choice === 'string' ? choice : choice.sessionId;
      const session = catalog.sessions.find((s) => s.id === id && s.kind !== 'main');
      return session ? { session, waiting: waitingNote(locale, choice) } : undefined;
    })
    .filter((x) => x !== undefined)
    .sort((a, b) => byTime(a.session, b.session));
  return {
    heading: t(locale, 'whereWhen.heading'),
    colon: t(locale, 'site.colon'),
    items: [
      forumItem(catalog, locale),
      ...main.map((s) => sessionItem(catalog, locale, s)),
      ...picked.map((p) => sessionItem(catalog, locale, p.session, p.waiting)),
    ],
  };
}

/** A visit slot: day, time, meeting point, address, what to bring; undefined for an unknown slot. */
export function visitWhereAndWhen(catalog: Catalog, locale: Locale, slotId: string): WhereAndWhenBlock | undefined {
  const slot = catalog.visits.slots.find((s) => s.id === slotId);
  if (!slot) return undefined;
  const { settings } = catalog.visits;
  const lines: WhereAndWhenLine[] = [
    ...dayAndTime(locale, catalog.event.timezone, slot.date, slot.start, slotEnd(slot)),
    { label: t(locale, 'whereWhen.meetingPoint'), text: str(settings.meetingPoint, locale) },
    { label: t(locale, 'whereWhen.address'), text: str(settings.address, locale) },
    { label: t(locale, 'whereWhen.bring'), text: str(settings.bring, locale) },
  ];
  return {
    heading: t(locale, 'whereWhen.heading'),
    colon: t(locale, 'site.colon'),
    items: [{ title: t(locale, 'visits.title'), lines: lines.filter((l) => l.text) }],
  };
}
