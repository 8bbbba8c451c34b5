import type { SessionInfo } from './program.types.ts';

interface TimeSlot {
  start: string;
  end: string;
  /** sessions starting together: more than one means parallel sessions */
  sessions: SessionInfo[];
}

interface ProgramDay {
  day: number;
  date: string;
  slots: TimeSlot[];
}

/** Sessions grouped by day, then by start time; a slot ends when its last session ends. */
export function buildTimetable(sessions: SessionInfo[]): ProgramDay[] {
  const days = new Map<number, ProgramDay>();
  const sorted = [...sessions].sort((a, b) => a.day - b.day || a.start.localeCompare(b.start) || a.code.localeCompare(b.code));
  for (const session of sorted) {
    let day = days.get(session.day);
    if (!day) {
      day = { day: session.day, date: session.date, slots: [] };
      days.set(session.day, day);
    }
    const slot = day.slots.find((s) => s.start === session.start);
    if (slot) {
      slot.sessions.push(session);
      if (session.end > slot.end) slot.end = session.end;
    } else {
      day.slots.push({ start: session.start, end: session.end, sessions: [session] });
    }
  }
  return [...days.values()];
}

/** Speakers of a session (chairs first), each once. */
export function sessionSpeakers(session: SessionInfo) {
  const seen = new Map<string, SessionInfo['chairs'][number]>();
  for (const s of [...session.chairs, ...session.agenda.flatMap((i) => i.speakers)]) seen.set(s.id, s);
  return [...seen.values()];
}
