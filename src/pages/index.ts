import type { APIRoute } from 'astro';
import { negotiateLocale } from '../i18n/negotiate.ts';
import { routes } from '../lib/routes.ts';

/** `/` picks the language from Accept-Language; every other page is static. */
export const prerender = false;

export const GET: APIRoute = ({ request, redirect }) => {
  const locale = negotiateLocale(request.headers.get('accept-language'));
  const response = redirect(routes.home(locale), 302);
  response.headers.set('Vary', 'Accept-Language');
  return response;
};
