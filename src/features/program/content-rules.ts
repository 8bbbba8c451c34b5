import { addDays } from '../../lib/zoned-time.ts';
import type { EventInfo, SessionInfo } from './program.types.ts';

/** A content mistake, reported as "file: field: problem" so organizers can fix it. */
export class ContentError extends Error {
  readonly file: string;
  readonly field: string;
  readonly problem: string;

  constructor(file: string, field: string, problem: string) {
    super(`${file}: ${field}: ${problem}`);
    this.name = 'ContentError';
    this.file = file;
    this.field = field;
    this.problem = problem;
  }
}

/** The date of a session's day (day 1 is the event's startDate); the day must not fall after the event's endDate. */
export function sessionDate(event: Pick<EventInfo, 'startDate' | 'endDate'>, day: number, file: string): string {
  const date = addDays(event.startDate, day - 1);
  if (date > event.endDate) {
    throw new ContentError(file, 'day', `day ${day} is after the event's endDate ${event.endDate}`);
  }
  return date;
}

type TimedSession = Pick<SessionInfo, 'start' | 'end'> & { agenda: readonly { start: string; end: string }[] };

/** Agenda items must sit inside their session and must not overlap each other. */
export function checkSessionTimes(session: TimedSession, file: string): void {
  let previousEnd = session.start;
  session.agenda.forEach((item, i) => {
    if (item.start < session.start || item.end > session.end) {
      throw new ContentError(file, `agenda[${i}]`, `${item.start}–${item.end} is outside the session's ${session.start}–${session.end}`);
    }
    if (item.start < previousEnd) {
      throw new ContentError(file, `agenda[${i}].start`, `${item.start} overlaps the item before (ends ${previousEnd})`);
    }
    previousEnd = item.end;
  });
}
