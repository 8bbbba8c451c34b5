import { Answers } from './answers.ts';
import { dateTimeFormat, zoneLabel } from './zoned-time.ts';
import { intlLocale, type Locale } from '../i18n/locale.ts';

/** formatInstant's answers by language, zone and second: a burst of registrations formats the same deadlines again and again. */
const formatted = new Answers<string>(1000);

/** "20 December 2024 at 18:30 (China Standard Time (UTC+8))" — always in the event's zone, named. */
export function formatInstant(instant: Date, locale: Locale, timeZone: string): string {
  // The text shows minutes, and no zone offset has a fraction of a second: one second reads the same throughout.
  return formatted.get(`${locale}|${timeZone}|${Math.floor(instant.getTime() / 1000)}`, () => format(instant, locale, timeZone));
}

function format(instant: Date, locale: Locale, timeZone: string): string {
  const text = dateTimeFormat(intlLocale[locale], {
    timeZone,
    dateStyle: 'long',
    timeStyle: 'short',
    hourCycle: 'h23',
  }).format(instant);
  const date = dateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
  return `${text} (${zoneLabel(date, locale, timeZone)})`;
}
