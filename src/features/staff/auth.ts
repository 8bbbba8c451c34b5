/**
 * Staff sign-in: better-auth on the project's own Kysely instance (SQLite or PostgreSQL), its
 * tables prefixed `org_` and created by our migration (src/db/migrations/…-staff-accounts.ts),
 * never by its runtime migrator. Sign-up is off: staff are invited (invite.service.ts).
 */
import { betterAuth } from 'better-auth';
import { admin, twoFactor } from 'better-auth/plugins';
import type { Kysely } from 'kysely';
import type { Dialect } from '../../db/database.ts';
import { accessControl, staffRoles } from './roles.ts';

export interface StaffAuthConfig {
  /** public origin, e.g. https://forum.example.org (http only for the embedded default) */
  siteUrl: string;
  /** 32+ characters; signs cookies and encrypts TOTP secrets */
  secret: string;
  /** name shown in authenticator apps */
  issuer: string;
  /** sign-in attempts one address may make per window (a venue NAT shares one address) */
  signInsPerAddress?: number;
}

/** Where better-auth's endpoints live; not mounted as a route: only our form actions call them. */
export const AUTH_BASE_PATH = '/api/staff-auth';
/** A session ends after this long without a request … */
export const IDLE_SECONDS = 30 * 60;
/** … and after this long in any case (checked by `staffSession`). */
export const ABSOLUTE_SECONDS = 12 * 60 * 60;
/** Whether a session started at `createdAt` has reached the absolute limit (it then ends, however active). */
export function pastAbsoluteLimit(createdAt: Date | string, now: Date): boolean {
  return now.getTime() - new Date(createdAt).getTime() >= ABSOLUTE_SECONDS * 1000;
}

/** seconds of the per-address sign-in window */
export const SIGN_IN_WINDOW_SECONDS = 5 * 60;

/* eslint-disable-next-line @typescript-eslint/no-explicit-any -- better-auth types its Kysely loosely */
type AnyKysely = Kysely<any>;

export function staffAuthOptions(db: AnyKysely, dialect: Dialect, config: StaffAuthConfig) {
  const https = config.siteUrl.startsWith('https://');
  return {
    appName: config.issuer,
    baseURL: config.siteUrl,
    basePath: AUTH_BASE_PATH,
    secret: config.secret,
    database: { db, type: dialect, transaction: true },
    user: { modelName: 'org_user' },
    session: {
      modelName: 'org_session',
      // sliding: every request pushes the end IDLE_SECONDS ahead (written at most once a minute)
      expiresIn: IDLE_SECONDS,
      updateAge: 60,
    },
    account: { modelName: 'org_account' },
    verification: { modelName: 'org_verification' },
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 12, maxPasswordLength: 128 },
    rateLimit: {
      enabled: true,
      storage: 'database' as const,
      modelName: 'org_rate_limit',
      customRules: {
        '/sign-in/email': { window: SIGN_IN_WINDOW_SECONDS, max: config.signInsPerAddress ?? 100 },
        '/two-factor/*': { window: 60, max: 60 },
      },
    },
    advanced: {
      // our form actions set it from the client address (TRUSTED_PROXIES respected)
      ipAddress: { ipAddressHeaders: ['x-forwarded-for'] },
      cookiePrefix: 'staff',
      // https: the session cookie is __Host- (Secure, Path=/, no Domain); http only for the embedded default
      ...(https
        ? {
            useSecureCookies: false,
            defaultCookieAttributes: { secure: true, sameSite: 'lax' as const, path: '/' },
            cookies: { session_token: { name: '__Host-staff_session' } },
          }
        : {}),
    },
    telemetry: { enabled: false },
    plugins: [
      admin({ ac: accessControl, roles: staffRoles, adminRoles: ['admin'], defaultRole: 'checkin' }),
      twoFactor({ issuer: config.issuer, schema: { twoFactor: { modelName: 'org_two_factor' } } }),
    ],
  };
}

export function createStaffAuth(db: AnyKysely, dialect: Dialect, config: StaffAuthConfig) {
  return betterAuth(staffAuthOptions(db, dialect, config));
}

export type StaffAuth = ReturnType<typeof createStaffAuth>;
