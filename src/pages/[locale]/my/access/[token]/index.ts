import type { APIRoute } from 'astro';
import { services } from '../../../../../server/services.ts';
import { setAccessCookie } from '../../../../../server/access-cookie.ts';
import { personForToken } from '../../../../../features/identity/access.service.ts';
import { isLocale } from '../../../../../i18n/t.ts';
import { routes } from '../../../../../lib/routes.ts';

export const prerender = false;

/** Opening a magic link: check the token, keep it in a cookie, and drop it from the URL. */
export const GET: APIRoute = async ({ params, cookies, redirect }) => {
  const locale = isLocale(params.locale) ? params.locale : 'en';
  const { deps } = await services();
  try {
    await personForToken(deps, params.token);
  } catch {
    return redirect(routes.my(locale, 'linkInvalid'), 303);
  }
  setAccessCookie(cookies, params.token!);
  const response = redirect(routes.my(locale), 303);
  response.headers.set('Referrer-Policy', 'same-origin');
  response.headers.set('Cache-Control', 'no-store');
  return response;
};
