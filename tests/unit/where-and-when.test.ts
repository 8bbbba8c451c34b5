import { describe, expect, it } from 'vitest';
import { registrationWhereAndWhen, visitWhereAndWhen } from '../../src/server/views/where-and-when.ts';
import type { Catalog } from '../../src/features/registration/catalog.ts';
import { makeCatalog } from '../support/deps.ts';
import { makeSession } from '../fixtures/program.ts';

function catalog(): Catalog {
  const base = makeCatalog();
  return {
    ...base,
    sessions: [
      // the test catalog has a P4 of its own: this one is on day 2 in Room 4
      ...base.sessions.filter((s) => s.id !== 'p4'),
      makeSession({
        id: 'p4',
        code: 'P4',
        kind: 'parallel',
        day: 2,
        date: '2024-12-20',
        start: '09:00',
        end: '12:00',
        room: { en: 'Room 4', zh: '四号厅' },
      }),
    ],
    visits: { ...base.visits, settings: { ...base.visits.settings, address: { en: '1 Hotline Road', zh: '热线路1号' } } },
  };
}

const flat = (block: { items: { title: string; lines: { label: string; text: string }[] }[] }) =>
  block.items.map((i) => [i.title, ...i.lines.map((l) => `${l.label}=${l.text}`)]);

describe('where and when', () => {
  it('test_registration_block_names_forum_dates_venue_sessions_and_zone_in_english', () => {
    const block = registrationWhereAndWhen(catalog(), 'en', ['p4', 'p1']);
    expect(block.heading).toBe('Where and when');
    expect(block.colon).toBe(': ');
    const [forum, main, p1, p4] = flat(block);
    expect(forum).toEqual([
      'The forum',
      'Dates=Thursday, 19 December 2024 – Friday, 20 December 2024',
      'Venue=Riverside Conference Centre',
      'Address=1 River Rd',
    ]);
    expect(main).toEqual([
      'Opening plenary',
      'Day=Thursday, 19 December 2024',
      'Time=09:00–12:00, China Standard Time (UTC+8)',
      'Room=Main Hall',
    ]);
    // Chosen sessions come in time order whatever the order given.
    expect(p1?.[0]).toMatch(/^P1 · /);
    expect(p1).toContain('Time=14:00–17:00, China Standard Time (UTC+8)');
    expect(p4).toEqual([
      'P4 · Opening plenary',
      'Day=Friday, 20 December 2024',
      'Time=09:00–12:00, China Standard Time (UTC+8)',
      'Room=Room 4',
    ]);
  });

  it('test_registration_block_is_in_chinese_with_the_zone_named', () => {
    const block = registrationWhereAndWhen(catalog(), 'zh', ['p4']);
    expect(block.heading).toBe('时间和地点');
    expect(block.colon).toBe('：');
    const [forum, main, p4] = flat(block);
    expect(forum).toContain('会期=2024年12月19日 星期四 – 2024年12月20日 星期五');
    expect(forum).toContain('会场=滨江会议中心');
    expect(main).toContain('时间=09:00–12:00（中国标准时间 (UTC+8)）');
    expect(p4).toEqual(['P4 · 开幕全体会议', '日期=2024年12月20日 星期五', '时间=09:00–12:00（中国标准时间 (UTC+8)）', '会议室=四号厅']);
  });

  it('test_registration_block_marks_waiting_choices_and_skips_unknown_ids', () => {
    const block = registrationWhereAndWhen(catalog(), 'en', [
      { sessionId: 'p1', status: 'seated' },
      { sessionId: 'p4', status: 'waiting', position: 3 },
      'gone',
    ]);
    expect(block.items.map((i) => i.title)).toEqual([
      'The forum',
      'Opening plenary',
      expect.stringMatching(/^P1/),
      expect.stringMatching(/^P4/),
    ]);
    expect(block.items[2]?.waiting).toBeUndefined();
    expect(block.items[3]?.waiting).toBe('On the waiting list (number 3)');
    expect(registrationWhereAndWhen(catalog(), 'zh', [{ sessionId: 'p4', status: 'waiting' }]).items[2]?.waiting).toBe('候补中');
  });

  it('test_visit_block_gives_slot_time_zone_meeting_point_address_and_what_to_bring', () => {
    expect(flat(visitWhereAndWhen(catalog(), 'en', 'slot-a')!)).toEqual([
      [
        'Visit the 12345 hotline service center',
        'Day=Friday, 20 December 2024',
        'Time=14:00–15:30, China Standard Time (UTC+8)',
        'Meeting point=Main entrance',
        'Address=1 Hotline Road',
        'Please bring=Your identity document',
      ],
    ]);
    const zh = flat(visitWhereAndWhen(catalog(), 'zh', 'slot-b')!)[0];
    expect(zh).toContain('时间=16:00–17:30（中国标准时间 (UTC+8)）');
    expect(zh).toContain('集合地点=正门');
    expect(visitWhereAndWhen(catalog(), 'en', 'no-such-slot')).toBeUndefined();
  });
});
