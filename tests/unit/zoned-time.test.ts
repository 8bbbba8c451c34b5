import { describe, it, expect } from 'vitest';
import { addDays, formatDay, offsetMinutes, zoneLabel, zonedToUtc } from '../../src/lib/zoned-time.ts';
import { formatInstant } from '../../src/lib/format-instant.ts';
import type { Locale } from '../../src/i18n/locale.ts';

describe('zonedToUtc', () => {
  it('test_reads_shanghai_wall_clock_time_as_utc_8', () => {
    expect(zonedToUtc('2024-12-19', '09:00', 'Asia/Shanghai').toISOString()).toBe('2024-12-19T01:00:00.000Z');
  });

  it('test_uses_cet_in_winter_and_cest_in_summer_for_berlin', () => {
    expect(zonedToUtc('2024-01-15', '09:00', 'Europe/Berlin').toISOString()).toBe('2024-01-15T08:00:00.000Z');
    expect(zonedToUtc('2024-07-15', '09:00', 'Europe/Berlin').toISOString()).toBe('2024-07-15T07:00:00.000Z');
  });

  it('test_handles_the_hours_right_next_to_a_dst_change', () => {
    expect(zonedToUtc('2024-03-31', '01:59', 'Europe/Berlin').toISOString()).toBe('2024-03-31T00:59:00.000Z');
    expect(zonedToUtc('2024-03-31', '03:00', 'Europe/Berlin').toISOString()).toBe('2024-03-31T01:00:00.000Z');
    expect(zonedToUtc('2024-10-27', '03:00', 'Europe/Berlin').toISOString()).toBe('2024-10-27T02:00:00.000Z');
  });

  it('test_moves_a_time_in_the_spring_forward_gap_forward_by_the_gap', () => {
    // 02:30 does not exist on 2024-03-31 in Berlin; it is read as 03:30 CEST.
    expect(zonedToUtc('2024-03-31', '02:30', 'Europe/Berlin').toISOString()).toBe('2024-03-31T01:30:00.000Z');
  });

  it('test_takes_the_earlier_instant_for_a_time_that_occurs_twice_in_the_autumn_overlap', () => {
    // 02:30 happens at 00:30Z (CEST) and again at 01:30Z (CET).
    expect(zonedToUtc('2024-10-27', '02:30', 'Europe/Berlin').toISOString()).toBe('2024-10-27T00:30:00.000Z');
  });

  it('test_works_for_zones_with_half_hour_offsets_and_the_southern_hemisphere', () => {
    expect(zonedToUtc('2024-12-19', '09:00', 'Asia/Kolkata').toISOString()).toBe('2024-12-19T03:30:00.000Z');
    expect(zonedToUtc('2024-12-19', '09:00', 'Australia/Sydney').toISOString()).toBe('2024-12-18T22:00:00.000Z');
  });

  it('test_rejects_malformed_input', () => {
    expect(() => zonedToUtc('19/12/2024', '09:00', 'Asia/Shanghai')).toThrow(RangeError);
    expect(() => zonedToUtc('2024-12-19', '9am', 'Asia/Shanghai')).toThrow(RangeError);
  });
});

describe('offsetMinutes', () => {
  it('test_gives_the_offset_in_force_at_the_instant', () => {
    expect(offsetMinutes(new Date('2024-12-19T01:00:00Z'), 'Asia/Shanghai')).toBe(480);
    expect(offsetMinutes(new Date('2024-03-31T00:59:00Z'), 'Europe/Berlin')).toBe(60);
    expect(offsetMinutes(new Date('2024-03-31T01:00:00Z'), 'Europe/Berlin')).toBe(120);
    expect(offsetMinutes(new Date('2024-07-01T12:00:00Z'), 'America/New_York')).toBe(-240);
  });
});

describe('addDays', () => {
  it('test_crosses_month_year_and_leap_day_boundaries', () => {
    expect(addDays('2024-12-19', 1)).toBe('2024-12-20');
    expect(addDays('2024-01-31', 1)).toBe('2024-02-01');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
    expect(addDays('2024-03-30', 2)).toBe('2024-04-01');
  });
});

describe('formatDay', () => {
  it('test_writes_the_day_in_english_and_chinese', () => {
    expect(formatDay('2024-12-19', 'en', 'Asia/Shanghai')).toBe('Thursday, 19 December 2024');
    expect(formatDay('2024-12-19', 'zh', 'Asia/Shanghai')).toBe('2024年12月19日 星期四');
  });

  it('test_names_the_calendar_date_in_the_event_zone_not_shifted_by_the_utc_offset', () => {
    // Far-east zone: the date must not slip to the previous day.
    expect(formatDay('2024-12-19', 'en', 'Pacific/Kiritimati')).toContain('19 December');
    expect(formatDay('2024-12-19', 'en', 'Pacific/Pago_Pago')).toContain('19 December');
  });
});

describe('zoneLabel', () => {
  it('test_names_the_zone_with_its_utc_offset_in_both_languages', () => {
    expect(zoneLabel('2024-12-19', 'en', 'Asia/Shanghai')).toBe('China Standard Time (UTC+8)');
    expect(zoneLabel('2024-12-19', 'zh', 'Asia/Shanghai')).toBe('中国标准时间 (UTC+8)');
  });

  it('test_follows_daylight_saving_time_on_the_given_date', () => {
    expect(zoneLabel('2024-07-01', 'en', 'Europe/Berlin')).toMatch(/Summer Time \(UTC\+2\)$/);
    expect(zoneLabel('2024-12-19', 'en', 'Europe/Berlin')).toMatch(/Standard Time \(UTC\+1\)$/);
  });

  it('test_shows_minutes_for_half_hour_offsets', () => {
    expect(zoneLabel('2024-12-19', 'en', 'Asia/Kolkata')).toContain('(UTC+5:30)');
  });
});

describe('formatInstant', () => {
  it('test_names_the_instant_in_the_zone_and_language_asked_whatever_was_formatted_before', () => {
    const at = new Date('2024-12-20T10:30:15.250Z');
    const cases: [Locale, string, string][] = [
      ['en', 'Asia/Shanghai', '20 December 2024 at 18:30 (China Standard Time (UTC+8))'],
      ['en', 'Europe/Berlin', '20 December 2024 at 11:30 ('],
      ['zh', 'Asia/Shanghai', '2024年12月20日 18:30'],
    ];
    // twice round, so every answer is also given from what was kept of the first
    for (const round of [1, 2]) {
      for (const [locale, zone, start] of cases) expect(formatInstant(at, locale, zone), `${round} ${locale} ${zone}`).toContain(start);
    }
    // the same second reads the same; the next minute does not
    expect(formatInstant(new Date('2024-12-20T10:30:15.999Z'), 'en', 'Asia/Shanghai')).toBe(formatInstant(at, 'en', 'Asia/Shanghai'));
    expect(formatInstant(new Date('2024-12-20T10:31:00.000Z'), 'en', 'Asia/Shanghai')).toContain('18:31');
    expect(formatInstant(new Date('2024-12-20T10:30:59.999Z'), 'en', 'Asia/Shanghai')).toContain('18:30');
  });
});
