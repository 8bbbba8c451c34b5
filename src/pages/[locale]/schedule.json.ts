import type { Locale } from '../../i18n/locale.ts';
import type { APIRoute } from 'astro';
import { toFrabSchedule } from '../../features/program/frab.ts';
import { loadSite } from '../../site/content.ts';
import { baseUrl, localePaths } from '../../site/paths.ts';

export const getStaticPaths = localePaths;

/** frab-compatible schedule for conference apps (Giggity, ConfClerk, Fahrplan). */
export const GET: APIRoute = async ({ params, site }) => {
  const { event, sessions } = await loadSite();
  const schedule = toFrabSchedule({ event, sessions, locale: params.locale as Locale, baseUrl: baseUrl(site) });
  return new Response(JSON.stringify(schedule, null, 2), { headers: { 'Content-Type': 'application/json' } });
};
