import { type Locale, type SourceLocale, listIn, str } from '../../i18n/locale.ts';
import type { PaperInfo } from '../program/program.types.ts';

export type FacetName = 'collection' | 'keyword' | 'year' | 'language';
export const facetNames: FacetName[] = ['collection', 'keyword', 'year', 'language'];

interface FacetValue {
  /** URL segment */
  slug: string;
  /** label in the page's language */
  label: string;
  papers: PaperInfo[];
}

/** Keywords of a paper in the locale, falling back to the other language's list. */
export function paperKeywords(paper: PaperInfo, locale: Locale): string[] {
  const own = listIn(paper.keywords, locale);
  return own.length > 0 ? own : paper.keywords[locale === 'en' ? 'zh' : 'en'];
}

/** URL-safe segment; Chinese keywords keep their characters (percent-encoded by the browser). */
export function slugify(value: string): string {
  return value
    .trim()
    .toLowerCase()
    .replace(/[\s/?#%\\]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function valuesOf(paper: PaperInfo, facet: FacetName, locale: Locale, languageLabel: (l: SourceLocale) => string) {
  switch (facet) {
    case 'collection':
      return [{ slug: paper.collection.id, label: str(paper.collection.title, locale) }];
    case 'keyword':
      return paperKeywords(paper, locale).map((k) => ({ slug: slugify(k), label: k }));
    case 'year':
      return [{ slug: String(paper.year), label: String(paper.year) }];
    case 'language':
      return [{ slug: paper.language, label: languageLabel(paper.language) }];
  }
}

/** Every value of a facet with the papers that carry it, most papers first. */
export function facetValues(
  papers: PaperInfo[],
  facet: FacetName,
  locale: Locale,
  languageLabel: (l: SourceLocale) => string,
): FacetValue[] {
  const values = new Map<string, FacetValue>();
  for (const paper of papers) {
    for (const v of valuesOf(paper, facet, locale, languageLabel)) {
      const entry = values.get(v.slug) ?? { ...v, papers: [] };
      if (!entry.papers.includes(paper)) entry.papers.push(paper);
      values.set(v.slug, entry);
    }
  }
  const list = [...values.values()];
  if (facet === 'year') return list.sort((a, b) => b.slug.localeCompare(a.slug));
  if (facet === 'collection') return list.sort((a, b) => a.papers[0].collection.order - b.papers[0].collection.order);
  return list.sort((a, b) => b.papers.length - a.papers.length || a.label.localeCompare(b.label, locale));
}
