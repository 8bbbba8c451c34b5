import { offsetMinutes, zonedToUtc } from './zoned-time.ts';

/** "2024-12-19T09:00:00+08:00": wall-clock time in the zone with the zone's offset. */
export function isoWithOffset(date: string, time: string, timeZone: string): string {
  const minutes = offsetMinutes(zonedToUtc(date, time, timeZone), timeZone);
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${date}T${time}:00${sign}${hh}:${mm}`;
}
