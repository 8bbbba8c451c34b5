import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import draft6MetaSchema from 'ajv/dist/refs/json-schema-draft-06.json' with { type: 'json' };
import { toFrabSchedule, uuidV5 } from '../../src/features/program/frab.ts';
import { makeEvent, makeSession, makeSpeaker } from '../fixtures/program.ts';

// ajv-formats is CommonJS: its default export is the plugin under ESM interop.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/** The voc/schedule schema with its `//` comment lines removed. */
function loadSchema(): object {
  const text = readFileSync(new URL('../fixtures/frab-schedule.schema.jsonc', import.meta.url), 'utf8');
  return JSON.parse(text.replace(/^\s*\/\/.*$/gm, '')) as object;
}

function makeValidator() {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addMetaSchema(draft6MetaSchema);
  // The schema's own "color" format (tracks/colors) is not a standard one; we emit no colors.
  ajv.addFormat('color', true);
  return ajv.compile(loadSchema());
}

const validate = makeValidator();

const speaker = makeSpeaker({ id: 'anna-schmidt', name: { en: 'Anna Schmidt', zh: '安娜·施密特' }, bio: { en: 'Researcher.' } });
const sessions = [
  makeSession(),
  makeSession({
    id: 'p1-cities',
    code: 'P1',
    kind: 'parallel',
    title: { en: 'Cities' },
    day: 1,
    date: '2024-12-19',
    start: '14:00',
    end: '17:30',
    room: { en: 'Room 201', zh: '201会议室' },
    capacity: 80,
    chairs: [speaker],
    agenda: [{ start: '14:00', end: '15:00', kind: 'talk', title: { en: 'Talk' }, speakers: [speaker, makeSpeaker()] }],
  }),
  makeSession({ id: 'closing', code: 'M2', day: 2, date: '2024-12-20', start: '16:00', end: '17:00', agenda: [] }),
];

function schedule(locale: 'en' | 'zh' = 'en') {
  return toFrabSchedule({ event: makeEvent(), sessions, baseUrl: 'https://forum.example.org', locale }) as {
    schedule: {
      version: string;
      base_url: string;
      conference: {
        acronym: string;
        daysCount: number;
        start: string;
        end: string;
        time_zone_name: string;
        rooms: { name: string; guid: string }[];
        days: { index: number; date: string; day_start: string; day_end: string; rooms: Record<string, Record<string, unknown>[]> }[];
      };
    };
  };
}

describe('toFrabSchedule against the voc/schedule schema', () => {
  it('test_validates_against_the_voc_schedule_json_schema', () => {
    for (const locale of ['en', 'zh'] as const) {
      const ok = validate(schedule(locale));
      expect(validate.errors ?? [], locale).toEqual([]);
      expect(ok).toBe(true);
    }
  });

  it('test_fails_validation_when_conference_acronym_is_missing_the_check_can_fail', () => {
    const broken = structuredClone(schedule()) as { schedule: { conference: Record<string, unknown> } };
    delete broken.schedule.conference.acronym;
    expect(validate(broken)).toBe(false);
    expect(validate.errors?.some((e) => e.message?.includes('acronym'))).toBe(true);
  });

  it('test_fails_validation_for_an_hh_mm_event_start_which_is_why_start_carries_the_full_date_time', () => {
    const broken = structuredClone(schedule());
    const event = broken.schedule.conference.days[0]?.rooms['Main Hall']?.[0];
    if (event) event.start = '09:00';
    expect(validate(broken)).toBe(false);
  });
});

describe('toFrabSchedule content', () => {
  it('test_describes_the_conference_with_its_days_rooms_and_timezone', () => {
    const { conference, version, base_url } = schedule().schedule;
    expect(conference.acronym).toBe('fdg2024');
    expect(conference.start).toBe('2024-12-19');
    expect(conference.end).toBe('2024-12-20');
    expect(conference.daysCount).toBe(2);
    expect(conference.time_zone_name).toBe('Asia/Shanghai');
    expect(conference.rooms.map((r) => r.name)).toEqual(['Main Hall', 'Room 201']);
    expect(conference.days.map((d) => [d.index, d.date])).toEqual([
      [1, '2024-12-19'],
      [2, '2024-12-20'],
    ]);
    expect(base_url).toBe('https://forum.example.org/');
    expect(version).toMatch(/^[0-9a-f]{12}$/);
  });

  it('test_groups_each_session_into_its_day_and_room', () => {
    const [day1, day2] = schedule().schedule.conference.days;
    expect(day1?.rooms['Main Hall']?.map((e) => e.slug)).toEqual(['fdg2024-opening-plenary']);
    expect(day1?.rooms['Room 201']?.map((e) => e.slug)).toEqual(['fdg2024-p1-cities']);
    expect(day2?.rooms['Main Hall']?.map((e) => e.slug)).toEqual(['fdg2024-closing']);
    expect(day2?.rooms['Room 201']).toEqual([]);
  });

  it('test_writes_dates_with_the_08_00_offset_and_durations_as_hh_mm', () => {
    const [day1] = schedule().schedule.conference.days;
    expect(day1?.day_start).toBe('2024-12-19T09:00:00+08:00');
    expect(day1?.day_end).toBe('2024-12-19T17:30:00+08:00');
    const event = day1?.rooms['Room 201']?.[0];
    expect(event?.date).toBe('2024-12-19T14:00:00+08:00');
    expect(event?.start).toBe('2024-12-19T14:00:00+08:00');
    expect(event?.duration).toBe('03:30');
    expect(event?.url).toBe('https://forum.example.org/en/sessions/p1-cities/');
    expect(event?.track).toBe('parallel');
  });

  it('test_lists_chairs_and_agenda_speakers_once_each_as_persons', () => {
    const event = schedule().schedule.conference.days[0]?.rooms['Room 201']?.[0] as {
      persons: { name: string; guid: string; biography?: string }[];
    };
    expect(event.persons.map((p) => p.name)).toEqual(['Anna Schmidt', 'Wei Li']);
    expect(event.persons[0]?.biography).toBe('Researcher.');
    expect(new Set(event.persons.map((p) => p.guid)).size).toBe(2);
  });

  it('test_keeps_ids_and_guids_stable_across_builds_and_languages', () => {
    const en = schedule('en').schedule.conference.days[0]?.rooms['Main Hall']?.[0];
    const zh = schedule('zh').schedule.conference.days[0]?.rooms['主会场']?.[0];
    expect(en?.guid).toBe(zh?.guid);
    expect(en?.id).toBe(zh?.id);
    expect(en?.guid).toBe(uuidV5('fdg2024:session:opening-plenary'));
    expect(en?.title).toBe('Opening plenary');
    expect(zh?.title).toBe('开幕全体会议');
  });
});

describe('uuidV5', () => {
  it('test_matches_the_rfc_4122_name_based_uuid_for_a_known_name', () => {
    // Python: uuid.uuid5(uuid.NAMESPACE_URL, 'https://example.org/')
    expect(uuidV5('https://example.org/')).toBe('527dda32-a0de-5105-a042-cb475b5f7d11');
  });
});
