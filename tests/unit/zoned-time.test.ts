import { describe, it, expect } from 'vitest';
import { addDays, formatDay, offsetMinutes, zoneLabel, zonedToUtc } from '../../src/lib/zoned-time.ts';

describe('zonedToUtc', () => {
  it('reads Shanghai wall-clock time as UTC+8', () => {
    expect(zonedToUtc('2024-12-19', '09:00', 'Asia/Shanghai').toISOString()).toBe('2024-12-19T01:00:00.000Z');
  });

  it('uses CET in winter and CEST in summer for Berlin', () => {
    expect(zonedToUtc('2024-01-15', '09:00', 'Europe/Berlin').toISOString()).toBe('2024-01-15T08:00:00.000Z');
    expect(zonedToUtc('2024-07-15', '09:00', 'Europe/Berlin').toISOString()).toBe('2024-07-15T07:00:00.000Z');
  });

  it('handles the hours right next to a DST change', () => {
    expect(zonedToUtc('2024-03-31', '01:59', 'Europe/Berlin').toISOString()).toBe('2024-03-31T00:59:00.000Z');
    expect(zonedToUtc('2024-03-31', '03:00', 'Europe/Berlin').toISOString()).toBe('2024-03-31T01:00:00.000Z');
    expect(zonedToUtc('2024-10-27', '03:00', 'Europe/Berlin').toISOString()).toBe('2024-10-27T02:00:00.000Z');
  });

  it('moves a time in the spring-forward gap forward by the gap', () => {
    // 02:30 does not exist on 2024-03-31 in Berlin; it is read as 03:30 CEST.
    expect(zonedToUtc('2024-03-31', '02:30', 'Europe/Berlin').toISOString()).toBe('2024-03-31T01:30:00.000Z');
  });

  it('takes the earlier instant for a time that occurs twice in the autumn overlap', () => {
    // 02:30 happens at 00:30Z (CEST) and again at 01:30Z (CET).
    expect(zonedToUtc('2024-10-27', '02:30', 'Europe/Berlin').toISOString()).toBe('2024-10-27T00:30:00.000Z');
  });

  it('works for zones with half-hour offsets and the southern hemisphere', () => {
    expect(zonedToUtc('2024-12-19', '09:00', 'Asia/Kolkata').toISOString()).toBe('2024-12-19T03:30:00.000Z');
    expect(zonedToUtc('2024-12-19', '09:00', 'Australia/Sydney').toISOString()).toBe('2024-12-18T22:00:00.000Z');
  });

  it('rejects malformed input', () => {
    expect(() => zonedToUtc('19/12/2024', '09:00', 'Asia/Shanghai')).toThrow(RangeError);
    expect(() => zonedToUtc('2024-12-19', '9am', 'Asia/Shanghai')).toThrow(RangeError);
  });
});

describe('offsetMinutes', () => {
  it('gives the offset in force at the instant', () => {
    expect(offsetMinutes(new Date('2024-12-19T01:00:00Z'), 'Asia/Shanghai')).toBe(480);
    expect(offsetMinutes(new Date('2024-03-31T00:59:00Z'), 'Europe/Berlin')).toBe(60);
    expect(offsetMinutes(new Date('2024-03-31T01:00:00Z'), 'Europe/Berlin')).toBe(120);
    expect(offsetMinutes(new Date('2024-07-01T12:00:00Z'), 'America/New_York')).toBe(-240);
  });
});

describe('addDays', () => {
  it('crosses month, year and leap-day boundaries', () => {
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
  it('writes the day in English and Chinese', () => {
    expect(formatDay('2024-12-19', 'en', 'Asia/Shanghai')).toBe('Thursday, 19 December 2024');
    expect(formatDay('2024-12-19', 'zh', 'Asia/Shanghai')).toBe('2024年12月19日 星期四');
  });

  it('names the calendar date in the event zone, not shifted by the UTC offset', () => {
    // Far-east zone: the date must not slip to the previous day.
    expect(formatDay('2024-12-19', 'en', 'Pacific/Kiritimati')).toContain('19 December');
    expect(formatDay('2024-12-19', 'en', 'Pacific/Pago_Pago')).toContain('19 December');
  });
});

describe('zoneLabel', () => {
  it('names the zone with its UTC offset in both languages', () => {
    expect(zoneLabel('2024-12-19', 'en', 'Asia/Shanghai')).toBe('China Standard Time (UTC+8)');
    expect(zoneLabel('2024-12-19', 'zh', 'Asia/Shanghai')).toBe('中国标准时间 (UTC+8)');
  });

  it('follows daylight saving time on the given date', () => {
    expect(zoneLabel('2024-07-01', 'en', 'Europe/Berlin')).toMatch(/Summer Time \(UTC\+2\)$/);
    expect(zoneLabel('2024-12-19', 'en', 'Europe/Berlin')).toMatch(/Standard Time \(UTC\+1\)$/);
  });

  it('shows minutes for half-hour offsets', () => {
    expect(zoneLabel('2024-12-19', 'en', 'Asia/Kolkata')).toContain('(UTC+5:30)');
  });
});
