import type { APIRoute } from 'astro';
import { getRelativeLocaleUrl } from 'astro:i18n';

/** `/` picks the language from Accept-Language; every other page is static. */
export const prerender = false;

export const GET: APIRoute = ({ preferredLocale, redirect }) => {
  const locale = preferredLocale === 'zh' || preferredLocale?.startsWith('zh') ? 'zh' : 'en';
  const response = redirect(getRelativeLocaleUrl(locale), 302);
  response.headers.set('Vary', 'Accept-Language');
  return response;
};
