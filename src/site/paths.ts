import { locales, type Locale } from '../i18n/locale.ts';

/** getStaticPaths entries for every locale. */
export function localePaths() {
  return locales.map((locale) => ({ params: { locale } }));
}

/** getStaticPaths entries for every locale × item. */
export function localeItemPaths<T>(items: T[], param: (item: T) => Record<string, string>) {
  return locales.flatMap((locale: Locale) => items.map((item) => ({ params: { locale, ...param(item) }, props: { item } })));
}

/** Site origin (and base path) without a trailing slash, for absolute links in exports. */
export function baseUrl(site: URL | undefined): string {
  return (site?.href ?? 'http://localhost:4321/').replace(/\/$/, '');
}
