/** The site's languages and multilingual text: the vocabulary every layer speaks. */
import { toTraditional } from './traditional.ts';

/** English, Simplified Chinese (`zh`) and Traditional Chinese (`zh-hant`, converted from zh). */
export type Locale = 'en' | 'zh' | 'zh-hant';
export const locales: readonly Locale[] = ['en', 'zh', 'zh-hant'];

/** The language whose written text a locale reads: Traditional Chinese reads the zh text, converted. */
export type SourceLocale = 'en' | 'zh';
export const sourceLocale = (locale: Locale): SourceLocale => (locale === 'en' ? 'en' : 'zh');

/** Text in English and Simplified Chinese; at least one is present. `zhHant` overrides the conversion. */
export interface Localized {
  en?: string | undefined;
  zh?: string | undefined;
  zhHant?: string | undefined;
}

export interface Picked {
  text: string;
  /** language the text is actually in */
  lang: Locale;
  /** true when the requested language was missing and the other one is shown */
  fallback: boolean;
}

/** Chinese text in the wanted script: Traditional is the override or the converted Simplified. */
function chinese(value: Localized, locale: Locale): string | undefined {
  if (locale !== 'zh-hant') return value.zh;
  return value.zhHant ?? (value.zh ? toTraditional(value.zh) : undefined);
}

/** The text in the wanted language, or the other language marked as a fallback. */
export function pick(value: Localized, locale: Locale): Picked {
  const wanted = locale === 'en' ? value.en : chinese(value, locale);
  if (wanted) return { text: wanted, lang: locale, fallback: false };
  const other: Locale = locale === 'en' ? 'zh' : 'en';
  const text = other === 'en' ? value.en : value.zh;
  if (text) return { text, lang: other, fallback: true };
  return { text: '', lang: locale, fallback: true };
}

/** Plain string in the wanted language (with fallback), for attributes and exports. */
export function str(value: Localized | undefined, locale: Locale): string {
  return value ? pick(value, locale).text : '';
}

/** A per-language list (keywords) in the wanted language; Traditional converts the zh list. */
export function listIn(value: { en: string[]; zh: string[] }, locale: Locale): string[] {
  const list = value[sourceLocale(locale)];
  return locale === 'zh-hant' ? list.map(toTraditional) : list;
}

/** A locale as stored (registrations, bookings): unknown values read as English. */
export function storedLocale(value: string | null | undefined): Locale {
  return value === 'zh' || value === 'zh-hant' ? value : 'en';
}

/** The locale tag Intl formats dates, lists and numbers with. */
export const intlLocale: Record<Locale, string> = { en: 'en-GB', zh: 'zh-CN', 'zh-hant': 'zh-TW' };

/** Text written in one language's file (a zh prose page), in the locale's script. */
export function inScript(text: string, locale: Locale): string {
  return locale === 'zh-hant' ? toTraditional(text) : text;
}
