import type { AstroCookies } from 'astro';
import { SITE_URL } from 'astro:env/server';

/**
 * The magic-link token, kept in a cookie after the link is opened so it leaves the address
 * bar (and the Referer header) at once. On an https site it is a `__Host-` cookie (Secure,
 * Path=/, no Domain: no subdomain can set or read it). Browsers refuse Secure cookies on a
 * plain-http address such as the embedded default http://127.0.0.1:4321, so there the same
 * cookie goes without the prefix and the Secure flag.
 */
const secure = (SITE_URL ?? '').startsWith('https://');
export const ACCESS_COOKIE = secure ? '__Host-forum_access' : 'forum_access';

export function setAccessCookie(cookies: AstroCookies, token: string): void {
  cookies.set(ACCESS_COOKIE, token, { httpOnly: true, secure, sameSite: 'lax', path: '/', maxAge: 60 * 60 * 24 * 60 });
}
