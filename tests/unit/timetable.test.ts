import { describe, expect, it } from 'vitest';
import { buildTimetable, sessionSpeakers } from '../../src/features/program/timetable.ts';
import { checkSessionTimes, ContentError } from '../../src/features/program/content-rules.ts';
import { makeSession, makeSpeaker } from '../fixtures/program.ts';

describe('timetable', () => {
  it('test_parallel_sessions_share_a_slot_and_days_are_ordered', () => {
    const days = buildTimetable([
      makeSession({ id: 'p4', code: 'P4', day: 2, date: '2024-12-20', start: '09:00', end: '12:00' }),
      makeSession({ id: 'p2', code: 'P2', day: 1, date: '2024-12-19', start: '14:00', end: '17:30' }),
      makeSession({ id: 'main', code: 'MAIN', day: 1, date: '2024-12-19', start: '09:00', end: '12:00' }),
      makeSession({ id: 'p1', code: 'P1', day: 1, date: '2024-12-19', start: '14:00', end: '18:00' }),
    ]);
    expect(days.map((d) => d.day)).toEqual([1, 2]);
    expect(days[0].slots.map((s) => [s.start, s.end, s.sessions.map((x) => x.code)])).toEqual([
      ['09:00', '12:00', ['MAIN']],
      ['14:00', '18:00', ['P1', 'P2']],
    ]);
  });

  it('test_session_speakers_lists_chairs_first_each_once', () => {
    const a = makeSpeaker({ id: 'a' });
    const b = makeSpeaker({ id: 'b' });
    const session = makeSession({
      chairs: [a],
      agenda: [
        { start: '09:00', end: '09:30', kind: 'talk', title: { en: 'x' }, speakers: [b, a] },
        { start: '09:30', end: '10:00', kind: 'talk', title: { en: 'y' }, speakers: [b] },
      ],
    });
    expect(sessionSpeakers(session).map((s) => s.id)).toEqual(['a', 'b']);
  });

  it('test_agenda_outside_or_overlapping_is_a_content_error_naming_the_field', () => {
    const outside = makeSession({
      start: '09:00',
      end: '10:00',
      agenda: [{ start: '09:30', end: '10:30', kind: 'talk', title: { en: 'x' }, speakers: [] }],
    });
    expect(() => checkSessionTimes(outside, 'content/sessions/x.yaml')).toThrow(
      new ContentError('content/sessions/x.yaml', 'agenda[0]', "09:30–10:30 is outside the session's 09:00–10:00"),
    );
    const overlap = makeSession({
      start: '09:00',
      end: '11:00',
      agenda: [
        { start: '09:00', end: '10:00', kind: 'talk', title: { en: 'x' }, speakers: [] },
        { start: '09:45', end: '10:30', kind: 'talk', title: { en: 'y' }, speakers: [] },
      ],
    });
    expect(() => checkSessionTimes(overlap, 'f.yaml')).toThrow(/f\.yaml: agenda\[1\]\.start: 09:45 overlaps/);
  });
});
