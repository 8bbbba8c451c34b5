import type { SessionInfo } from './program.types.ts';

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

/** Agenda items must sit inside their session and must not overlap each other. */
export function checkSessionTimes(session: SessionInfo, file: string): void {
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
