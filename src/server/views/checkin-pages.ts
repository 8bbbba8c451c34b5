/** What the check-in pages show: the points with live counts, one point's screen, its search fallback. */
import { checkInPoints, findPoint } from '../../features/checkin/checkin-points.ts';
import { checkInCounts, searchTickets } from '../../features/checkin/checkin-views.service.ts';
import type { CheckInPoint, PointCount, RosterEntry } from '../../features/checkin/checkin.types.ts';
import type { Catalog } from '../../features/registration/catalog.ts';
import { str, type Locale } from '../../i18n/locale.ts';
import { t, type MessageKey } from '../../i18n/t.ts';
import { adminRoutes } from '../../lib/admin-routes.ts';
import { services } from '../services.ts';

export interface PointView {
  id: string;
  label: string;
  room: string;
  href: string;
  count: PointCount | undefined;
}

export function pointLabel(locale: Locale, point: CheckInPoint): string {
  if (point.kind === 'session') return str(point.label, locale);
  return t(locale, point.kind === 'entrance' ? 'checkin.point.entrance' : 'checkin.point.center');
}

/** Every point of the edition with its counts. */
export async function checkinHomeView(locale: Locale): Promise<PointView[]> {
  const { deps } = await services();
  const counts = new Map((await checkInCounts(deps)).map((c) => [c.pointId, c]));
  return checkInPoints(deps.catalog).map((p) => ({
    id: p.id,
    label: pointLabel(locale, p),
    room: p.room ? str(p.room, locale) : '',
    href: adminRoutes.checkinPoint(locale, p.id),
    count: counts.get(p.id),
  }));
}

const screenKeys = [
  'online',
  'offline',
  'rosterCount',
  'rosterAt',
  'queued',
  'checkedIn',
  'duplicate',
  'refused',
  'firstAt',
  'party',
  'access',
  'startCamera',
  'stopCamera',
  'cameraFailed',
] as const;
const reasons = [
  'unknown-code',
  'cancelled',
  'waitlisted',
  'unpaid',
  'awaiting-approval',
  'unconfirmed',
  'not-for-this-point',
  'not-on-device',
];

/** Every string the scanner script shows, in the page's language (it has no catalogue of its own). */
function screenStrings(locale: Locale, catalog: Catalog): Record<string, string> {
  const strings: Record<string, string> = {};
  for (const k of screenKeys) strings[k] = t(locale, `checkin.screen.${k}` as MessageKey);
  for (const r of reasons) strings[`reason.${r}`] = t(locale, `checkin.reason.${r}` as MessageKey);
  for (const c of catalog.categories) strings[`category.${c.id}`] = str(c.label, locale);
  for (const k of catalog.tickets) strings[`ticket.${k.id}`] = str(k.name, locale);
  for (const s of catalog.sessions) strings[`session.${s.id}`] = `${s.code} ${str(s.title, locale)}`.trim();
  return strings;
}

export interface PointScreenView {
  point: CheckInPoint;
  label: string;
  config: string;
  count: PointCount | undefined;
  query: string;
  matches: RosterEntry[];
  labels: (entry: RosterEntry) => string[];
}

/** One point's screen: the script's configuration, and the search fallback's matches for ?q=. */
export async function pointScreenView(locale: Locale, pointId: string, query: string): Promise<PointScreenView | undefined> {
  const { deps } = await services();
  const point = findPoint(deps.catalog, pointId);
  if (!point) return undefined;
  const q = query.trim().slice(0, 100);
  const matches = q ? await searchTickets(deps, point.id, q) : [];
  const count = (await checkInCounts(deps)).find((c) => c.pointId === point.id);
  const strings = screenStrings(locale, deps.catalog);
  const config = JSON.stringify({
    point: point.id,
    rosterUrl: adminRoutes.checkinRoster(locale, point.id),
    syncUrl: adminRoutes.checkinSync(locale, point.id),
    strings,
  });
  const labels = (e: RosterEntry) =>
    [
      e.attendee.category && strings[`category.${e.attendee.category}`],
      e.attendee.ticket && strings[`ticket.${e.attendee.ticket}`],
      ...e.attendee.sessions.map((id) => strings[`session.${id}`]),
    ].filter((x): x is string => Boolean(x));
  return { point, label: pointLabel(locale, point), config, count, query: q, matches, labels };
}
