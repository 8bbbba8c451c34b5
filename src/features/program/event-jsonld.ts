import { type Locale, str } from '../../i18n/locale.ts';
import type { EventInfo, SessionInfo } from './program.types.ts';
import { isoWithOffset } from '../../lib/iso-offset.ts';
import { sessionSpeakers } from './timetable.ts';
import { absolute, routes } from '../../lib/routes.ts';

interface Ctx {
  locale: Locale;
  baseUrl: string;
  /** a past edition's path: its pages live under it (/en/2024/sessions/…) */
  edition?: string | undefined;
}

function place(event: EventInfo, locale: Locale, room?: string) {
  return {
    '@type': 'Place',
    name: room ? `${room}${locale === 'en' ? ', ' : '，'}${str(event.venue.name, locale)}` : str(event.venue.name, locale),
    address: { '@type': 'PostalAddress', streetAddress: str(event.venue.address, locale), addressLocality: str(event.city, locale) },
  };
}

/** schema.org Event for the forum as a whole (home page). */
export function forumJsonLd(event: EventInfo, sessions: SessionInfo[], ctx: Ctx) {
  const first = sessions[0];
  const last = sessions.at(-1);
  return {
    '@context': 'https://schema.org',
    '@type': 'Event',
    name: str(event.name, ctx.locale),
    description: str(event.summary, ctx.locale),
    startDate: isoWithOffset(event.startDate, first?.start ?? '09:00', event.timezone),
    endDate: isoWithOffset(event.endDate, last?.end ?? '18:00', event.timezone),
    eventStatus: 'https://schema.org/EventScheduled',
    eventAttendanceMode: 'https://schema.org/OfflineEventAttendanceMode',
    inLanguage: { en: 'en', zh: 'zh-CN', 'zh-hant': 'zh-Hant' }[ctx.locale],
    url: absolute(ctx.baseUrl, routes.home(ctx.locale)),
    location: place(event, ctx.locale),
    organizer: event.organizers.map((o) => ({ '@type': 'Organization', name: str(o.name, ctx.locale) })),
    subEvent: sessions.map((s) => ({
      '@type': 'Event',
      name: str(s.title, ctx.locale),
      startDate: isoWithOffset(s.date, s.start, event.timezone),
      url: absolute(ctx.baseUrl, routes.session(ctx.locale, s.id)),
    })),
  };
}

/** schema.org Event for one session, part of the forum. */
export function sessionJsonLd(event: EventInfo, session: SessionInfo, ctx: Ctx) {
  return {
    '@context': 'https://schema.org',
    '@type': 'Event',
    name: str(session.title, ctx.locale),
    description: str(session.summary, ctx.locale),
    startDate: isoWithOffset(session.date, session.start, event.timezone),
    endDate: isoWithOffset(session.date, session.end, event.timezone),
    eventStatus: 'https://schema.org/EventScheduled',
    eventAttendanceMode: 'https://schema.org/OfflineEventAttendanceMode',
    inLanguage: session.languages.map((l) => (l === 'en' ? 'en' : 'zh-CN')),
    url: absolute(ctx.baseUrl, routes.session(ctx.locale, session.id, ctx.edition)),
    location: place(event, ctx.locale, str(session.room, ctx.locale)),
    maximumAttendeeCapacity: session.capacity,
    performer: sessionSpeakers(session).map((p) => ({
      '@type': 'Person',
      name: str(p.name, ctx.locale),
      affiliation: { '@type': 'Organization', name: str(p.affiliation, ctx.locale) },
    })),
    superEvent: {
      '@type': 'Event',
      name: str(event.name, ctx.locale),
      url: absolute(ctx.baseUrl, ctx.edition ? routes.program(ctx.locale, ctx.edition) : routes.home(ctx.locale)),
    },
  };
}
