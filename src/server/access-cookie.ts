import type { AstroCookies } from 'astro';

/**
 * The magic-link token, kept in a host-only cookie after the link is opened so it leaves
 * the address bar (and the Referer header) at once. `__Host-` forces Secure, Path=/, no Domain.
 */
export const ACCESS_COOKIE = '__Host-forum_access';

export function setAccessCookie(cookies: AstroCookies, token: string): void {
  cookies.set(ACCESS_COOKIE, token, { httpOnly: true, secure: true, sameSite: 'lax', path: '/', maxAge: 60 * 60 * 24 * 60 });
}

export function clearAccessCookie(cookies: AstroCookies): void {
  cookies.delete(ACCESS_COOKIE, { path: '/', secure: true, httpOnly: true, sameSite: 'lax' });
}
