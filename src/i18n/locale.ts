/** The site's languages and bilingual text: the vocabulary every layer speaks. */
export type Locale = 'en' | 'zh';
export const locales: readonly Locale[] = ['en', 'zh'];

/** Text in both languages; at least one is present. */
export interface Localized {
  en?: string | undefined;
  zh?: string | undefined;
}

export interface Picked {
  text: string;
  /** language the text is actually in */
  lang: Locale;
  /** true when the requested language was missing and the other one is shown */
  fallback: boolean;
}

/** The text in the wanted language, or the other language marked as a fallback. */
export function pick(value: Localized, locale: Locale): Picked {
  const wanted = value[locale];
  if (wanted) return { text: wanted, lang: locale, fallback: false };
  const other: Locale = locale === 'en' ? 'zh' : 'en';
  const text = value[other];
  if (text) return { text, lang: other, fallback: true };
  return { text: '', lang: locale, fallback: true };
}

/** Plain string in the wanted language (with fallback), for attributes and exports. */
export function str(value: Localized | undefined, locale: Locale): string {
  return value ? pick(value, locale).text : '';
}
