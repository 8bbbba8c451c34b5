/**
 * The language for a visitor arriving at `/`, from the browser's Accept-Language header.
 * Chinese asks for Traditional characters by script (zh-Hant) or by region (Taiwan, Hong Kong,
 * Macao); any other Chinese gets Simplified; everything else English.
 */
import type { Locale } from './locale.ts';

const traditionalRegions = new Set(['tw', 'hk', 'mo']);

/** The site locale one language tag stands for, or undefined when the site has none for it. */
export function localeOfTag(tag: string): Locale | undefined {
  const [language, ...rest] = tag.trim().toLowerCase().split(/[-_]/);
  if (language === 'en') return 'en';
  if (language !== 'zh') return undefined;
  if (rest.includes('hant')) return 'zh-hant';
  if (rest.includes('hans')) return 'zh';
  return rest.some((part) => traditionalRegions.has(part)) ? 'zh-hant' : 'zh';
}

/** The best site locale for an Accept-Language header (by q-value, then order); English by default. */
export function negotiateLocale(header: string | null | undefined): Locale {
  const ranges = (header ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag, q: q === undefined ? 1 : Number(q), index };
    })
    .filter((r) => r.q > 0 && !Number.isNaN(r.q))
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const range of ranges) {
    const locale = localeOfTag(range.tag);
    if (locale) return locale;
  }
  return 'en';
}
