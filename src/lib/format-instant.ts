import { dateTimeFormat, zoneLabel } from './zoned-time.ts';
import { intlLocale, type Locale } from '../i18n/locale.ts';

/** "20 December 2024, 18:30 (China Standard Time (UTC+8))" — always in the event's zone, named. */
export function formatInstant(instant: Date, locale: Locale, timeZone: string): string {
  const text = dateTimeFormat(intlLocale[locale], {
    timeZone,
    dateStyle: 'long',
    timeStyle: 'short',
    hourCycle: 'h23',
  }).format(instant);
  const date = dateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
  return `${text} (${zoneLabel(date, locale, timeZone)})`;
}
