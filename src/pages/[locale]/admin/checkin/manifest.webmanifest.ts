/** The check-in screen as an installable app (home screen of a volunteer's phone); names nothing private. */
import type { APIRoute } from 'astro';
import { manifest } from '../../../../pwa/worker.ts';
import { htmlLang, isLocale, t } from '../../../../i18n/t.ts';
import { adminRoutes } from '../../../../lib/admin-routes.ts';

export const prerender = false;

export const GET: APIRoute = ({ params }) => {
  const locale = params.locale;
  if (!isLocale(locale)) return new Response('Not found', { status: 404 });
  const title = t(locale, 'checkin.title');
  const body = {
    ...manifest(locale, title, title),
    id: adminRoutes.checkin(locale),
    lang: htmlLang[locale],
    start_url: adminRoutes.checkin(locale),
    scope: adminRoutes.checkin(locale),
  };
  return new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/manifest+json', 'Cache-Control': 'no-store' } });
};
