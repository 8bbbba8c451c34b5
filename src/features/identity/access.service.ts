/**
 * Passwordless access, by email only. A magic link carries a 128-bit random token, stored
 * only as its SHA-256, issued into one email and valid `linkValidDays` days from then. Opening
 * it and pressing "Continue" signs the browser in with a session of its own (another random
 * token, hashed, with its own expiry); the link token itself never goes into a cookie. No form
 * ever hands out either: submitting a form gives no access to anything.
 */
import type { Deps } from '../deps.ts';
import { iso } from '../shared/clock.ts';
import { DomainError, isDomainError } from '../shared/domain-error.ts';
import { newToken, sha256Hex } from '../shared/secrets.ts';
import { absolute, routes } from '../../lib/routes.ts';
import type { Locale } from '../../i18n/locale.ts';
import type { Executor } from '../../db/transaction.ts';
import { enqueueEmail } from '../notifications/outbox.repository.ts';
import {
  findAccessToken,
  findSession,
  insertAccessToken,
  insertSession,
  revokeLinksOf,
  revokeSession,
  revokeSessionsOf,
} from './identity.repository.ts';
import { checkRateLimit } from './rate-limits.ts';

type TokenDeps = Pick<Deps, 'db' | 'clock' | 'config'>;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** linkValidDays from now: how long a link works after it is issued, and a sign-in after it is made. */
function validUntil(deps: TokenDeps): string {
  return iso(new Date(deps.clock.now().getTime() + deps.config.linkValidDays * 86_400_000));
}

/** Tokens are 22 base64url characters (128 bits); anything else is refused without a lookup. */
const tokenShape = /^[A-Za-z0-9_-]{22}$/;

/** A token row that still opens something: known, not revoked, not expired. */
function usable(deps: TokenDeps, row: { expires_at: string; revoked_at: string | null } | undefined): boolean {
  return row !== undefined && row.revoked_at === null && row.expires_at > iso(deps.clock.now());
}

/** A new magic link for person; the raw value goes into one email and is never stored. */
export async function issueAccessToken(deps: TokenDeps, personId: string, db: Executor = deps.db): Promise<string> {
  const token = newToken();
  await insertAccessToken(db, {
    token_hash: sha256Hex(token),
    person_id: personId,
    created_at: iso(deps.clock.now()),
    expires_at: validUntil(deps),
    revoked_at: null,
  });
  return token;
}

/** The person a magic link opens, or InvalidToken (unknown, malformed, expired or revoked). */
export async function personForLink(deps: TokenDeps, token: string | undefined): Promise<string> {
  if (!token || !tokenShape.test(token)) throw new DomainError('InvalidToken');
  const row = await findAccessToken(deps.db, sha256Hex(token));
  if (!usable(deps, row)) throw new DomainError('InvalidToken');
  return row!.person_id;
}

/** The person a browser's session token (from its cookie) is signed in as, or InvalidToken. */
export async function personForSession(deps: TokenDeps, token: string | undefined): Promise<string> {
  if (!token || !tokenShape.test(token)) throw new DomainError('InvalidToken');
  const row = await findSession(deps.db, sha256Hex(token));
  if (!usable(deps, row)) throw new DomainError('InvalidToken');
  return row!.person_id;
}

export interface Session {
  /** the raw session token, for the browser's cookie only */
  token: string;
  expiresAt: string;
}

/** Sign a browser in as person: a new session token, never the link that was opened. */
export async function startSession(deps: TokenDeps, personId: string): Promise<Session> {
  const token = newToken();
  const expiresAt = validUntil(deps);
  await insertSession(deps.db, {
    token_hash: sha256Hex(token),
    person_id: personId,
    created_at: iso(deps.clock.now()),
    expires_at: expiresAt,
    revoked_at: null,
  });
  return { token, expiresAt };
}

/** Sign this browser out: its session stops working (links and other browsers are untouched). */
export async function signOut(deps: TokenDeps, sessionToken: string | undefined): Promise<void> {
  if (!sessionToken || !tokenShape.test(sessionToken)) return;
  await revokeSession(deps.db, sha256Hex(sessionToken), iso(deps.clock.now()));
}

/** Sign out everywhere: every link and every session of the person stop working. */
export async function signOutEverywhere(deps: TokenDeps, personId: string): Promise<void> {
  const now = iso(deps.clock.now());
  await revokeLinksOf(deps.db, personId, now);
  await revokeSessionsOf(deps.db, personId, now);
}

/**
 * The answer to a form sent with an address that already has what the form asks for (a live
 * registration, a booking of that slot): the owner is emailed their link, a few times an hour
 * at most, and the sender of the form learns nothing.
 */
export async function emailLinkToOwner(
  deps: Pick<Deps, 'db' | 'clock' | 'keys'>,
  notice: { personId: string; recipient: string; locale: Locale; name?: string | undefined; reason: 'registered' | 'booked' },
): Promise<void> {
  try {
    await checkRateLimit(deps, 'owner-link', notice.recipient, 3, 60);
  } catch (error) {
    if (isDomainError(error, 'RateLimited')) return;
    throw error;
  }
  const { personId, recipient, locale, name, reason } = notice;
  await enqueueEmail(deps.db, { kind: 'access-link', recipient, locale, payload: { personId, name, reason } }, deps.clock.now());
}

/** The magic link for an email: absolute, since it is opened from the mailbox. */
export const accessLink = (siteUrl: string, locale: Locale, token: string) => absolute(siteUrl, routes.access(locale, token));
