/**
 * Rate limits, kept in the database so several instances share them. Subjects (client
 * addresses, email addresses, ticket ids) are stored only as an HMAC, never in clear. Windows
 * are fixed: a refusal says how many seconds remain until its window ends (Retry-After).
 */
import type { Deps } from '../deps.ts';
import { iso } from '../shared/clock.ts';
import { RateLimitedError } from '../shared/domain-error.ts';
import { hmac } from '../shared/secrets.ts';
import { hitRateLimits, unhitRateLimit } from './identity.repository.ts';

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

/** One limit to count a hit against: `limit` hits of `subject` in `scope` per window of `windowMinutes`. */
interface Limit {
  scope: string;
  subject: string;
  limit: number;
  windowMinutes: number;
}

/**
 * Count one hit against each limit, all in one statement; RateLimited (with the seconds left in
 * its window) for the first limit, in the order given, that is beyond its hits per window.
 */
async function checkRateLimits(deps: LimitDeps, limits: Limit[]): Promise<void> {
  const windows = limits.map((l) => windowOf(deps, l.scope, l.subject, l.windowMinutes));
  const hits = await hitRateLimits(deps.db, windows, iso(deps.clock.now()));
  const beyond = limits.findIndex((l, i) => hits[i] > l.limit);
  if (beyond >= 0) throw new RateLimitedError(windows[beyond].remaining);
}

/**
 * Count one hit of `subject` (a client, an email address…) in `scope`; RateLimited (with the
 * seconds left in the window) beyond `limit` hits per window.
 */
export async function checkRateLimit(deps: LimitDeps, scope: string, subject: string, limit: number, windowMinutes: number): Promise<void> {
  await checkRateLimits(deps, [{ scope, subject, limit, windowMinutes }]);
}

/** Take back the hit `checkRateLimit` counted in this window (e.g. the attempt was legitimate after all). */
export async function uncountRateLimit(deps: LimitDeps, scope: string, subject: string, windowMinutes: number): Promise<void> {
  await unhitRateLimit(deps.db, windowOf(deps, scope, subject, windowMinutes).key);
}

/** The limit on the public forms one client may send per 10 minutes. */
function clientLimit(deps: Pick<Deps, 'config'>, form: PublicForm, clientKey: string): Limit {
  const limit = form === 'resend' ? RESEND_PER_CLIENT : deps.config.formsPerClientPer10Min;
  return { scope: form === 'resend' ? 'resend-client' : form, subject: clientKey, limit, windowMinutes: 10 };
}

/** The limit on the forms sent for one email address per hour. */
function emailLimit(deps: Pick<Deps, 'config'>, form: PublicForm, email: string): Limit {
  return { scope: `${form}-email`, subject: email, limit: form === 'resend' ? 3 : deps.config.formsPerEmailPerHour, windowMinutes: 60 };
}

/**
 * Count one submission of a public form by this client, valid or not: every action calls it
 * first, before the form is read (or, for a form counted with its address, when it could not
 * be read). RateLimited beyond the forms allowed per 10 minutes.
 */
export async function countSubmission(deps: Pick<Deps, 'db' | 'clock' | 'keys' | 'config'>, form: PublicForm, clientKey: string) {
  await checkRateLimits(deps, [clientLimit(deps, form, clientKey)]);
}

/** Count one form sent for this email address (registration, booking): RateLimited beyond the forms allowed per hour. */
export async function countForEmail(deps: Pick<Deps, 'db' | 'clock' | 'keys' | 'config'>, form: PublicForm, email: string) {
  await checkRateLimits(deps, [emailLimit(deps, form, email)]);
}

/**
 * Read a form that the service then counts with its address (countSubmissionForEmail): one that
 * cannot be read (`read` throws) counts against its client alone, and its error is raised.
 */
export async function readCountingFailure<T>(
  deps: Pick<Deps, 'db' | 'clock' | 'keys' | 'config'>,
  form: PublicForm,
  clientKey: string,
  read: () => T,
): Promise<T> {
  try {
    return read();
  } catch (error) {
    await countSubmission(deps, form, clientKey);
    throw error;
  }
}

/**
 * Count a form sent by this client for this email address: both counts in one statement (a
 * round trip less on PostgreSQL, on the path a registration burst takes). RateLimited when the
 * client is beyond its forms per 10 minutes (checked first) or the address beyond its forms
 * per hour. Both are counted even when the client is refused (counted one after the other,
 * the address was not): an address sent on by a client beyond its limit still counts.
 */
export async function countSubmissionForEmail(
  deps: Pick<Deps, 'db' | 'clock' | 'keys' | 'config'>,
  form: PublicForm,
  clientKey: string,
  email: string,
) {
  await checkRateLimits(deps, [clientLimit(deps, form, clientKey), emailLimit(deps, form, email)]);
}
