/**
 * Composition-root settings, read once from astro:env (declared in astro.config.mjs).
 * The embedded defaults need nothing: SQLite file, local mail outbox, simulated payments.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import {
  APP_SECRET,
  DATA_DIR,
  DATABASE_NAMED_STATEMENTS,
  DATABASE_POOL_SIZE,
  DATABASE_URL,
  FORUM_MODE,
  HOLD_MINUTES,
  JOBS_INTERVAL_SECONDS,
  LINK_VALID_DAYS,
  MAIL_FROM,
  OFFER_HOURS,
  ORGANIZER_EMAIL,
  RATE_LIMIT_EMAIL,
  RATE_LIMIT_FORMS,
  RESEND_API_KEY,
  RESEND_BASE_URL,
  RESEND_RATE_PER_SECOND,
  STAFF_AUTH_SECRET,
  STRIPE_API_BASE,
  STRIPE_SECRET_KEY,
  STRIPE_WEBHOOK_SECRET,
  TRUSTED_PROXIES,
} from 'astro:env/server';
import { parseTrustedProxies } from '../lib/client-address.ts';
import type { AppConfig, Keys } from '../features/deps.ts';
import { deriveKey } from '../features/shared/secrets.ts';

// Read at run time: Vite would replace a literal process.env.NODE_ENV at build time.
const runtimeEnv = process.env;
const nodeEnv = runtimeEnv['NODE' + '_ENV'];

export const production = FORUM_MODE === 'production' || (FORUM_MODE === undefined && nodeEnv === 'production');

export const settings = {
  databaseUrl: DATABASE_URL ?? 'sqlite:data/forum.db',
  /** PostgreSQL connections per instance (undefined: the default of openDatabase) */
  databasePoolSize: DATABASE_POOL_SIZE,
  /** PostgreSQL: the hot queries as named statements (false behind a pooler that drops them) */
  databaseNamedStatements: DATABASE_NAMED_STATEMENTS,
  dataDir: DATA_DIR ?? 'data',
  mailFrom: MAIL_FROM ?? 'Forum <noreply@localhost>',
  stripe: STRIPE_SECRET_KEY ? { secretKey: STRIPE_SECRET_KEY, webhookSecret: STRIPE_WEBHOOK_SECRET, apiBase: STRIPE_API_BASE } : undefined,
  resend: RESEND_API_KEY ? { apiKey: RESEND_API_KEY, baseUrl: RESEND_BASE_URL, ratePerSecond: RESEND_RATE_PER_SECOND ?? 2 } : undefined,
  jobsIntervalMs: (JOBS_INTERVAL_SECONDS ?? 15) * 1000,
  /** whose X-Forwarded-For entries are believed (a malformed setting stops the server) */
  trustedProxies: parseTrustedProxies(TRUSTED_PROXIES),
};

export function appConfig(siteUrl: string): AppConfig {
  return {
    siteUrl: siteUrl.replace(/\/$/, ''),
    holdMinutes: HOLD_MINUTES ?? 30,
    offerHours: OFFER_HOURS ?? 24,
    production,
    linkValidDays: LINK_VALID_DAYS ?? 14,
    formsPerClientPer10Min: RATE_LIMIT_FORMS ?? 20,
    formsPerEmailPerHour: RATE_LIMIT_EMAIL ?? 5,
    organizerEmail: ORGANIZER_EMAIL?.trim() || undefined,
  };
}

/**
 * Keys derived from APP_SECRET. Without it (embedded default) a random secret is created
 * once in the data folder; in production a missing APP_SECRET stops the server.
 */
export function loadKeys(): Keys {
  const root = Buffer.from(appSecret(), 'utf8');
  return {
    encryption: deriveKey(root, 'encryption'),
    tickets: deriveKey(root, 'tickets'),
    rateLimit: deriveKey(root, 'rate-limit'),
  };
}

/** The secret of staff sign-in (cookies, TOTP secrets at rest): STAFF_AUTH_SECRET, else derived from APP_SECRET. */
export function staffAuthSecret(): string {
  if (STAFF_AUTH_SECRET) {
    if (STAFF_AUTH_SECRET.length < 32) throw new Error('STAFF_AUTH_SECRET must be at least 32 characters long.');
    return STAFF_AUTH_SECRET;
  }
  return deriveKey(Buffer.from(appSecret(), 'utf8'), 'staff-auth').toString('base64url');
}

function appSecret(): string {
  let secret = APP_SECRET;
  if (!secret) {
    if (production) throw new Error('APP_SECRET is required in production (32+ random characters).');
    const file = join(settings.dataDir, 'secret.key');
    if (!existsSync(file)) {
      mkdirSync(settings.dataDir, { recursive: true });
      writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
    }
    secret = readFileSync(file, 'utf8').trim();
  }
  if (secret.length < 32) throw new Error('APP_SECRET must be at least 32 characters long.');
  return secret;
}
