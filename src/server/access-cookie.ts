import type { AstroCookies } from 'astro';
import { SITE_URL } from 'astro:env/server';

/**
 * The browser's sign-in: a session token of its own (never the magic link's token), set only
 * by the "Continue" POST after a link from the mailbox was opened. On an https site it is a
 * `__Host-` cookie (Secure, Path=/, no Domain: no subdomain can set or read it). Browsers
 * refuse Secure cookies on a plain-http address such as the embedded default
 * http://127.0.0.1:4321, so there the same cookie goes without the prefix and the Secure flag.
 */
const secure = (SITE_URL ?? '').startsWith('https://');
export const ACCESS_COOKIE = secure ? '__Host-forum_access' : 'forum_access';

const options = { httpOnly: true, secure, sameSite: 'lax', path: '/' } as const;

/** Keep the session token until the session expires (expiresAt, ISO). */
export function setAccessCookie(cookies: AstroCookies, token: string, expiresAt: string): void {
  cookies.set(ACCESS_COOKIE, token, { ...options, expires: new Date(expiresAt) });
}

export function clearAccessCookie(cookies: AstroCookies): void {
  cookies.delete(ACCESS_COOKIE, options);
}

/** The session token this browser sent, if any. */
export function accessCookie(cookies: AstroCookies): string | undefined {
  return cookies.get(ACCESS_COOKIE)?.value;
}
