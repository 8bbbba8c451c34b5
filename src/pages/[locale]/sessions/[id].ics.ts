import { withCacheKeys } from '../../../site/cache-keys.ts';
import { type Locale, str } from '../../../i18n/locale.ts';
import type { APIRoute } from 'astro';
import type { SessionInfo } from '../../../features/program/program.types.ts';
import { toICalendar } from '../../../features/program/ical.ts';
import { loadSite } from '../../../site/content.ts';
import { baseUrl, localeItemPaths } from '../../../site/paths.ts';

export async function getStaticPaths() {
  const { sessions } = await loadSite();
  return withCacheKeys(
    localeItemPaths(sessions, (s) => ({ id: s.id })),
    'all',
  );
}

export const GET: APIRoute<{ item: SessionInfo }> = async ({ params, props, site }) => {
  const { event } = await loadSite();
  const locale = params.locale as Locale;
  const ics = toICalendar({
    event,
    sessions: [props.item],
    locale,
    baseUrl: baseUrl(site),
    calendarName: `${props.item.code} · ${str(props.item.title, locale)}`,
  });
  return new Response(ics, { headers: { 'Content-Type': 'text/calendar; charset=utf-8' } });
};
