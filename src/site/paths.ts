import { locales, type Locale } from '../i18n/locale.ts';
import { withCacheKeys } from './cache-keys.ts';

/** getStaticPaths entries for every locale (keyed on all content: such pages read anything). */
export function localePaths() {
  return withCacheKeys(
    locales.map((locale) => ({ params: { locale } })),
    'all',
  );
}

/** getStaticPaths entries for every locale × item. */
export function localeItemPaths<T>(items: T[], param: (item: T) => Record<string, string>) {
  return locales.flatMap((locale: Locale) => items.map((item) => ({ params: { locale, ...param(item) }, props: { item } })));
}

/** Site origin (and base path) without a trailing slash, for absolute links in exports. */
export function baseUrl(site: URL | undefined): string {
  return (site?.href ?? 'http://localhost:4321/').replace(/\/$/, '');
}
