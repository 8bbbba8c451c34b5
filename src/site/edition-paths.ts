/** getStaticPaths entries for the pages of past editions (/en/2024/program/ …). */
import { locales } from '../i18n/locale.ts';
import { pastEditions } from './content.ts';
import { withCacheKeys } from './cache-keys.ts';

type PastEdition = Awaited<ReturnType<typeof pastEditions>>[number];

/** Every locale × past edition: params { locale, edition } and the edition as props. */
export async function pastEditionPaths() {
  const past = await pastEditions();
  return withCacheKeys(
    locales.flatMap((locale) => past.map((edition) => ({ params: { locale, edition: edition.path }, props: { edition } }))),
    'all',
  );
}

/** Every locale × past edition × item of it (its sessions, its speakers …). */
export async function pastEditionItemPaths<T>(items: (edition: PastEdition) => T[], param: (item: T) => Record<string, string>) {
  const past = await pastEditions();
  return withCacheKeys(
    locales.flatMap((locale) =>
      past.flatMap((edition) =>
        items(edition).map((item) => ({ params: { locale, edition: edition.path, ...param(item) }, props: { edition, item } })),
      ),
    ),
    'all',
  );
}

export type { PastEdition };
