/**
 * Calls to better-auth's endpoints through `auth.handler` (never `auth.api.*`, which skips its
 * rate limiter), as one browser: its cookies, its address as X-Forwarded-For, our own origin.
 */
import { AUTH_BASE_PATH, type StaffAuth } from './auth.ts';

export interface AuthAnswer {
  status: number;
  data: Record<string, unknown> | null;
  /** seconds to wait, when rate limited (429) */
  retryAfter?: number | undefined;
  /** Set-Cookie headers for the browser */
  setCookies: string[];
}

/** One browser's request, as far as better-auth needs it. */
export interface Caller {
  /** the client's address (TRUSTED_PROXIES already applied) */
  address: string;
  /** the Cookie header the browser sent */
  cookie?: string | null | undefined;
  userAgent?: string | null | undefined;
}

export type AuthCall = (path: string, body: Record<string, unknown>) => Promise<AuthAnswer>;

export function authCaller(auth: StaffAuth, siteUrl: string, caller: Caller): AuthCall {
  return async (path, body) => {
    const headers = new Headers({ 'content-type': 'application/json', origin: siteUrl, 'x-forwarded-for': caller.address });
    if (caller.cookie) headers.set('cookie', caller.cookie);
    if (caller.userAgent) headers.set('user-agent', caller.userAgent);
    const response = await auth.handler(
      new Request(`${siteUrl}${AUTH_BASE_PATH}${path}`, { method: 'POST', headers, body: JSON.stringify(body) }),
    );
    const text = await response.text();
    let data: Record<string, unknown> | null;
    try {
      data = text ? (JSON.parse(text) as Record<string, unknown>) : null;
    } catch {
      data = null;
    }
    const retry = response.headers.get('x-retry-after');
    return { status: response.status, data, retryAfter: retry ? Number(retry) : undefined, setCookies: response.headers.getSetCookie() };
  };
}

/** The value of one cookie in a Cookie header (URL-decoded), or undefined. */
export function cookieValue(cookieHeader: string | null | undefined, name: string): string | undefined {
  for (const part of (cookieHeader ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
