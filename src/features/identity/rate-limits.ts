/**
 * Rate limits, kept in the database so several instances share them. Subjects (client
 * addresses, email addresses, ticket ids) are stored only as an HMAC, never in clear. Windows
 * are fixed: a refusal says how many seconds remain until its window ends (Retry-After).
 */
import { limitPassed } from '../../db/errors.ts';
import type { Trx } from '../../db/transaction.ts';
import type { Deps } from '../deps.ts';
import { iso } from '../shared/clock.ts';
import { RateLimitedError } from '../shared/domain-error.ts';
import { hmac } from '../shared/secrets.ts';
import { hitRateLimits, hitRateLimitsWithin, unhitRateLimit } from './identity.repository.ts';

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
  const beyond = await hitWindows(deps, limits, windows);
  if (beyond >= 0) throw new RateLimitedError(windows[beyond].remaining);
}

/** Count one hit in each limit's window, in one statement: the index of the first limit now past its hits, or -1. */
async function hitWindows(deps: Pick<Deps, 'db' | 'clock'>, limits: Limit[], windows: Window[]): Promise<number> {
  const hits = await hitRateLimits(deps.db, windows, iso(deps.clock.now()));
  return limits.findIndex((l, i) => hits[i] > l.limit);
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
  await checkRateLimits(deps, formLimits(deps, form, clientKey, email));
}

/** The limits a form sent by a client for an address counts against: the client's first, then the address's. */
function formLimits(deps: Pick<Deps, 'config'>, form: PublicForm, clientKey: string, email: string): Limit[] {
  return [clientLimit(deps, form, clientKey), emailLimit(deps, form, email)];
}

/**
 * The counts of a form sent by a client for an address (its client's and its address's
 * limits), to be taken once: before the form is acted on (countOutside), or, on PostgreSQL,
 * inside the transaction that acts on it (countInTransaction), where they cost no message of
 * their own; when that transaction does not commit (refused by a limit or not), countOutside
 * counts them afterwards. Every form counts, refused or not, as countSubmissionForEmail's do.
 */
export interface FormCount {
  limits: Limit[];
  windows: Window[];
}

/**
 * Windows this process saw refused, per database, each until it ends: a window's count only
 * grows, so a client or address refused once is refused again without a statement, and
 * without counting (a flood costs the database nothing more). Keys are HMACs, never an
 * address or client in clear.
 */
const refused = new WeakMap<object, Map<string, number>>();
/** Refusals remembered per database before the ended ones are dropped (all of them, if none has ended). */
const rememberedRefusals = 10_000;

function rememberRefusal(db: object, window: Window, now: number): void {
  let known = refused.get(db);
  if (!known) refused.set(db, (known = new Map<string, number>()));
  if (known.size >= rememberedRefusals) {
    for (const [key, end] of known) if (end <= now) known.delete(key);
    if (known.size >= rememberedRefusals) known.clear();
  }
  known.set(window.key, now + window.remaining * 1000);
}

/**
 * The limits a form sent by this client for this address counts against, counted later
 * (countInTransaction or countOutside). RateLimited at once when this process saw one of
 * them refused in its current window.
 */
export function formCount(
  deps: Pick<Deps, 'db' | 'clock' | 'keys' | 'config'>,
  form: PublicForm,
  clientKey: string,
  email: string,
): FormCount {
  const limits = formLimits(deps, form, clientKey, email);
  const windows = limits.map((l) => windowOf(deps, l.scope, l.subject, l.windowMinutes));
  const known = refused.get(deps.db);
  const now = deps.clock.now().getTime();
  for (const window of windows) {
    const end = known?.get(window.key);
    if (end !== undefined && end > now) throw new RateLimitedError((end - now) / 1000);
  }
  return { limits, windows };
}

/** PostgreSQL: count the form in the open transaction; a limit passed raises an error that refusalIn turns into RateLimited. */
export async function countInTransaction(trx: Trx, deps: Pick<Deps, 'clock'>, count: FormCount): Promise<void> {
  const hits = count.windows.map((w, i) => ({ key: w.key, expiresAt: w.expiresAt, limit: count.limits[i].limit }));
  await hitRateLimitsWithin(trx, hits, iso(deps.clock.now()));
}

/** The refusal an error of a transaction that counted the form stands for (remembered), if it is one. */
export function refusalIn(count: FormCount, error: unknown, deps: Pick<Deps, 'db' | 'clock'>): RateLimitedError | undefined {
  const which = limitPassed(error);
  const window = which === undefined ? undefined : count.windows[which];
  if (!window) return undefined;
  rememberRefusal(deps.db, window, deps.clock.now().getTime());
  return new RateLimitedError(window.remaining);
}

/** Count the form in a statement of its own: RateLimited (remembered) past a limit, the client's first; both are counted either way. */
export async function countOutside(deps: Pick<Deps, 'db' | 'clock'>, count: FormCount): Promise<void> {
  const beyond = await hitWindows(deps, count.limits, count.windows);
  if (beyond < 0) return;
  rememberRefusal(deps.db, count.windows[beyond], deps.clock.now().getTime());
  throw new RateLimitedError(count.windows[beyond].remaining);
}
