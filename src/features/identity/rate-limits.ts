/**
 * Rate limits, kept in the database so several instances share them. Subjects (client
 * addresses, email addresses, ticket ids) are stored only as an HMAC, never in clear. Windows
 * are fixed: a refusal says how many seconds remain until its window ends (Retry-After).
 */
import type { Deps } from '../deps.ts';
import { iso } from '../shared/clock.ts';
import { RateLimitedError } from '../shared/domain-error.ts';
import { hmac } from '../shared/secrets.ts';
import { hitRateLimit, unhitRateLimit } from './identity.repository.ts';

type LimitDeps = Pick<Deps, 'db' | 'clock' | 'keys'>;

/** The forms anyone may send without being signed in, each limited per client. */
export type PublicForm = 'register' | 'book' | 'resend';

/** Resend-link forms one client may send per 10 minutes. */
const RESEND_PER_CLIENT = 10;

interface Window {
  key: string;
  expiresAt: string;
  /** seconds from now until the window ends */
  remaining: number;
}

function windowOf(deps: LimitDeps, scope: string, subject: string, windowMinutes: number): Window {
  const now = deps.clock.now().getTime();
  const length = windowMinutes * 60_000;
  const index = Math.floor(now / length);
  const end = (index + 1) * length;
  return { key: `${scope}:${hmac(deps.keys.rateLimit, subject)}:${index}`, expiresAt: iso(new Date(end)), remaining: (end - now) / 1000 };
}

/**
 * Count one hit of `subject` (a client, an email address…) in `scope`; RateLimited (with the
 * seconds left in the window) beyond `limit` hits per window.
 */
export async function checkRateLimit(deps: LimitDeps, scope: string, subject: string, limit: number, windowMinutes: number): Promise<void> {
  const window = windowOf(deps, scope, subject, windowMinutes);
  const hits = await hitRateLimit(deps.db, window.key, window.expiresAt, iso(deps.clock.now()));
  if (hits > limit) throw new RateLimitedError(window.remaining);
}

/** Take back the hit `checkRateLimit` counted in this window (e.g. the attempt was legitimate after all). */
export async function uncountRateLimit(deps: LimitDeps, scope: string, subject: string, windowMinutes: number): Promise<void> {
  await unhitRateLimit(deps.db, windowOf(deps, scope, subject, windowMinutes).key);
}

/**
 * Count one submission of a public form by this client, valid or not: every action calls it
 * first, before the form is read. RateLimited beyond the forms allowed per 10 minutes.
 */
export async function countSubmission(deps: Pick<Deps, 'db' | 'clock' | 'keys' | 'config'>, form: PublicForm, clientKey: string) {
  const limit = form === 'resend' ? RESEND_PER_CLIENT : deps.config.formsPerClientPer10Min;
  await checkRateLimit(deps, form === 'resend' ? 'resend-client' : form, clientKey, limit, 10);
}

/** Count one form sent for this email address (registration, booking): RateLimited beyond the forms allowed per hour. */
export async function countForEmail(deps: Pick<Deps, 'db' | 'clock' | 'keys' | 'config'>, form: PublicForm, email: string) {
  await checkRateLimit(deps, `${form}-email`, email, form === 'resend' ? 3 : deps.config.formsPerEmailPerHour, 60);
}
