import type { APIRoute } from 'astro';
import { type Locale, str } from '../../i18n/locale.ts';
import { manifest } from '../../pwa/worker.ts';
import { localePaths } from '../../site/paths.ts';
import { loadSite } from '../../site/content.ts';

/** The installable app's manifest in each language. */
export const getStaticPaths = localePaths;

export const GET: APIRoute = async ({ params }) => {
  const locale = params.locale as Locale;
  const { event } = await loadSite();
  const body = manifest(locale, str(event.name, locale), str(event.shortName, locale));
  return new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/manifest+json' } });
};
