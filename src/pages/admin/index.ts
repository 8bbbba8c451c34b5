import type { APIRoute } from 'astro';
import { adminRoutes } from '../../lib/admin-routes.ts';

/** `/admin` → the workspace in the browser's language. */
export const prerender = false;

export const GET: APIRoute = ({ preferredLocale, redirect }) => {
  const locale = preferredLocale === 'zh' || preferredLocale?.startsWith('zh') ? 'zh' : 'en';
  const response = redirect(adminRoutes.home(locale), 302);
  response.headers.set('Vary', 'Accept-Language');
  response.headers.set('Cache-Control', 'no-store');
  return response;
};
