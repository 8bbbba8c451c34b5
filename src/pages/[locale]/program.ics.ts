import type { Locale } from '../../i18n/locale.ts';
import type { APIRoute } from 'astro';
import { toICalendar } from '../../features/program/ical.ts';
import { loadSite } from '../../site/content.ts';
import { baseUrl, localePaths } from '../../site/paths.ts';

export const getStaticPaths = localePaths;

export const GET: APIRoute = async ({ params, site }) => {
  const { event, sessions } = await loadSite();
  const ics = toICalendar({ event, sessions, locale: params.locale as Locale, baseUrl: baseUrl(site) });
  return new Response(ics, { headers: { 'Content-Type': 'text/calendar; charset=utf-8' } });
};
