/**
 * Passwordless access: a 128-bit random token, stored only as its SHA-256, opens the
 * person's own registration and bookings. Links expire some days after the event.
 */
import type { Deps } from '../deps.ts';
import { iso } from '../shared/clock.ts';
import { DomainError } from '../shared/domain-error.ts';
import { newToken, sha256Hex } from '../shared/secrets.ts';
import { addDays } from '../../lib/zoned-time.ts';
import { absolute, routes } from '../../lib/routes.ts';
import type { Locale } from '../../i18n/locale.ts';
import { findAccessToken, insertAccessToken } from './identity.repository.ts';

type TokenDeps = Pick<Deps, 'db' | 'clock' | 'config' | 'catalog'>;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Links work until some days after the event, and never for less than that many days. */
function tokenExpiry(deps: TokenDeps): string {
  const afterEvent = `${addDays(deps.catalog.event.endDate, deps.config.linkValidDays)}T23:59:59.999Z`;
  const fromNow = iso(new Date(deps.clock.now().getTime() + deps.config.linkValidDays * 86_400_000));
  return afterEvent > fromNow ? afterEvent : fromNow;
}

/** A new token for person; the raw value goes into one link or cookie and is never stored. */
export async function issueAccessToken(deps: TokenDeps, personId: string, db = deps.db): Promise<string> {
  const token = newToken();
  await insertAccessToken(db, {
    token_hash: sha256Hex(token),
    person_id: personId,
    created_at: iso(deps.clock.now()),
    expires_at: tokenExpiry(deps),
  });
  return token;
}

/** The person a token opens, or InvalidToken (unknown, malformed or expired). */
export async function personForToken(deps: TokenDeps, token: string | undefined): Promise<string> {
  if (!token || !/^[A-Za-z0-9_-]{22}$/.test(token)) throw new DomainError('InvalidToken');
  const row = await findAccessToken(deps.db, sha256Hex(token));
  if (!row || row.expires_at < iso(deps.clock.now())) throw new DomainError('InvalidToken');
  return row.person_id;
}

/** The magic link for an email: absolute, since it is opened from the mailbox. */
export const accessLink = (siteUrl: string, locale: Locale, token: string) => absolute(siteUrl, routes.access(locale, token));
