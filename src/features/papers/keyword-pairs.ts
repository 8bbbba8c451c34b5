import { type Locale, listIn } from '../../i18n/locale.ts';
import type { PaperInfo } from '../program/program.types.ts';
import { paperKeywords, slugify } from './facets.ts';

/**
 * The other language's keyword page that is the same keyword, for hreflang alternates: keyword
 * lists are parallel per paper (en[i] translates zh[i]). A pair counts only when every paper
 * agrees both ways, so the two pages name each other; otherwise undefined.
 */
export function keywordCounterpart(papers: PaperInfo[], locale: Locale, slug: string, other: Locale): string | undefined {
  const there = translate(papers, locale, slug, other);
  if (there === undefined) return undefined;
  return translate(papers, other, there, locale) === slug ? there : undefined;
}

function translate(papers: PaperInfo[], from: Locale, slug: string, to: Locale): string | undefined {
  const found = new Set<string>();
  for (const paper of papers) {
    const own = paperKeywords(paper, from);
    const index = own.findIndex((k) => slugify(k) === slug);
    if (index < 0) continue;
    // Only lists given in both languages pair up (not one shown in place of a missing one).
    const theirs = listIn(paper.keywords, to);
    if (listIn(paper.keywords, from).length !== own.length || theirs.length !== own.length) return undefined;
    found.add(slugify(theirs[index]));
  }
  return found.size === 1 ? [...found][0] : undefined;
}
