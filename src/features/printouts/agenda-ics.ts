/** The attendee's own calendar: the main forum plus the session they chose, as .ics. */
import { type Locale, str } from '../../i18n/locale.ts';
import type { EventInfo, SessionInfo } from '../program/program.types.ts';
import { toICalendar } from '../program/ical.ts';
import { t } from '../../i18n/t.ts';

export interface AttendeeAgendaInput {
  event: EventInfo;
  /** the main forum + the chosen session */
  sessions: SessionInfo[];
  locale: Locale;
  baseUrl: string;
  /** DTSTAMP; defaults to now */
  now?: Date;
}

export function attendeeAgendaIcs(input: AttendeeAgendaInput): string {
  const { event, locale } = input;
  // A session listed twice (e.g. chosen and also part of the main forum) gets one VEVENT.
  const sessions = [...new Map(input.sessions.map((s) => [s.id, s])).values()];
  const calendarName = t(locale, 'doc.agenda.calendarName', { event: str(event.shortName, locale) || str(event.name, locale) });
  return toICalendar({
    event,
    sessions,
    locale,
    baseUrl: input.baseUrl,
    calendarName,
    ...(input.now ? { now: input.now } : {}),
  });
}
