import { inScript, sourceLocale, type Locale } from '../i18n/locale.ts';
import { getCollection, type CollectionEntry } from 'astro:content';
import { routes } from '../lib/routes.ts';

export type ProsePage = CollectionEntry<'pages'>;

/** Prose pages of one language, keyed by slug (content/pages/en/venue.md → "venue"). */
export async function prosePages(locale: Locale): Promise<Map<string, ProsePage>> {
  const source = sourceLocale(locale); // Traditional Chinese reads the Simplified files
  const all = await getCollection('pages', (p) => p.id.startsWith(`${source}/`));
  return new Map(all.map((p) => [p.id.slice(source.length + 1), p]));
}

/** Every slug in either language: a page missing in one language falls back to the other. */
export async function proseSlugs(): Promise<string[]> {
  const all = await getCollection('pages');
  return [...new Set(all.map((p) => p.id.replace(/^(en|zh)\//, '')))].sort();
}

export interface NavLink {
  href: string;
  label: string;
}

/** Menu entries from pages that set `nav`, in nav order. */
export async function proseNav(locale: Locale): Promise<NavLink[]> {
  const own = await prosePages(locale);
  const other = await prosePages(locale === 'en' ? 'zh' : 'en');
  const slugs = new Set([...own.keys(), ...other.keys()]);
  return [...slugs]
    .map((slug) => own.get(slug) ?? other.get(slug)!)
    .filter((p) => p.data.nav !== undefined)
    .sort((a, b) => a.data.nav! - b.data.nav!)
    .map((p) => ({ href: routes.page(locale, p.id.replace(/^(en|zh)\//, '')), label: inScript(p.data.title, locale) }));
}
