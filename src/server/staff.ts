/**
 * The organizer workspace's gate: who is signed in (better-auth's session cookie), whether
 * their role allows the page, and the bridge that sends our HTML forms through better-auth's
 * handler (so its rate limiter sees them) with the client's address.
 */
import type { AstroCookies, AstroCookieSetOptions } from 'astro';
import { pastAbsoluteLimit } from '../features/staff/auth.ts';
import { authCaller, type AuthCall } from '../features/staff/auth-call.ts';
import { can, type Permission } from '../features/staff/roles.ts';
import type { Actor } from '../features/staff/audit.ts';
import type { Locale } from '../i18n/locale.ts';
import { adminRoutes } from '../lib/admin-routes.ts';
import { clientOf } from './client.ts';
import { services } from './services.ts';

export interface StaffUser {
  id: string;
  email: string;
  name: string;
  role: string;
  twoFactorEnabled: boolean;
}

export const actorOf = (staff: StaffUser): Actor => ({ userId: staff.id, email: staff.email });

interface RequestContext {
  request: Request;
  clientAddress: string;
  cookies: AstroCookies;
}

/** Copy better-auth's Set-Cookie headers onto Astro's cookies (values kept as they are signed). */
export function applyCookies(cookies: AstroCookies, setCookies: string[]): void {
  for (const header of setCookies) {
    const [pair = '', ...attributes] = header.split(';').map((part) => part.trim());
    const eq = pair.indexOf('=');
    if (eq < 1) continue;
    const options: AstroCookieSetOptions = { encode: (value) => value };
    for (const attribute of attributes) {
      const [key = '', value = ''] = attribute.split('=');
      const name = key.toLowerCase();
      if (name === 'max-age') options.maxAge = Number(value);
      else if (name === 'path') options.path = value;
      else if (name === 'httponly') options.httpOnly = true;
      else if (name === 'secure') options.secure = true;
      else if (name === 'samesite') options.sameSite = value.toLowerCase() as 'lax' | 'strict' | 'none';
      else if (name === 'expires') options.expires = new Date(value);
    }
    cookies.set(pair.slice(0, eq), pair.slice(eq + 1), options);
  }
}

/**
 * better-auth's endpoints as the browser that sent this request (its cookies, its address as
 * X-Forwarded-For); the cookies they set go on our answer.
 */
export async function authCallFor(context: RequestContext): Promise<AuthCall> {
  const { staffAuth, deps } = await services();
  const call = authCaller(staffAuth, deps.config.siteUrl, {
    address: clientOf(context),
    cookie: context.request.headers.get('cookie'),
    userAgent: context.request.headers.get('user-agent'),
  });
  return async (path, body) => {
    const answer = await call(path, body);
    applyCookies(context.cookies, answer.setCookies);
    return answer;
  };
}

/** The staff member signed in on this request (sessions past the absolute limit end here), or undefined. */
export async function currentStaff(context: RequestContext): Promise<StaffUser | undefined> {
  const { staffAuth, deps } = await services();
  const { headers, response } = await staffAuth.api.getSession({ headers: context.request.headers, returnHeaders: true });
  applyCookies(context.cookies, headers.getSetCookie());
  if (!response) return undefined;
  if (pastAbsoluteLimit(response.session.createdAt, deps.clock.now())) {
    await (
      await authCallFor(context)
    )('/sign-out', {});
    return undefined;
  }
  const user = response.user as typeof response.user & { role?: string | null; twoFactorEnabled?: boolean | null; banned?: boolean | null };
  if (user.banned) return undefined;
  return { id: user.id, email: user.email, name: user.name, role: user.role ?? '', twoFactorEnabled: user.twoFactorEnabled === true };
}

export type StaffGate =
  | { kind: 'ok'; staff: StaffUser }
  /** the page must answer with this (sign-in, or the authenticator set-up an admin owes first) */
  | { kind: 'redirect'; response: Response }
  /** signed in, but the role lacks the permission: the page answers 403 */
  | { kind: 'forbidden'; staff: StaffUser };

interface AstroLike extends RequestContext {
  redirect(path: string, status?: 301 | 302 | 303 | 307 | 308): Response;
  response: { status?: number; headers: Headers };
}

/**
 * The check at the top of every admin page: no-store, signed in (else to the sign-in page),
 * an admin without an authenticator app goes to set one up first, then the permission.
 */
export async function requireStaff(
  astro: AstroLike,
  locale: Locale,
  permission?: Permission,
  options: { enrolling?: boolean } = {},
): Promise<StaffGate> {
  astro.response.headers.set('Cache-Control', 'no-store');
  const staff = await currentStaff(astro);
  if (!staff) return { kind: 'redirect', response: astro.redirect(adminRoutes.signIn(locale), 303) };
  if (staff.role.split(',').includes('admin') && !staff.twoFactorEnabled && !options.enrolling) {
    return { kind: 'redirect', response: astro.redirect(adminRoutes.twoFactor(locale), 303) };
  }
  if (permission && !can(staff.role, permission)) {
    astro.response.status = 403;
    return { kind: 'forbidden', staff };
  }
  return { kind: 'ok', staff };
}
