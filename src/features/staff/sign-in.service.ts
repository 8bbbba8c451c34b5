/**
 * Staff sign-in: email and password, then the authenticator code when 2FA is on. Throttled per
 * address by better-auth (generous: a venue NAT shares one address among the staff) and per
 * account here (strict: failed attempts only). Sign-ins and failed codes are audited.
 */
import { inTransaction } from '../../db/transaction.ts';
import type { Deps } from '../deps.ts';
import { checkRateLimit, uncountRateLimit } from '../identity/rate-limits.ts';
import { DomainError, RateLimitedError } from '../shared/domain-error.ts';
import { audit, type Actor } from './audit.ts';
import { cookieValue, type AuthAnswer, type AuthCall } from './auth-call.ts';
import { pendingTwoFactorUser, findStaff } from './staff.repository.ts';

type SignInDeps = Pick<Deps, 'db' | 'clock' | 'keys'>;

/** Failed password attempts one account may have per window before it is refused (429). */
export const ACCOUNT_FAILURES = 5;
export const ACCOUNT_WINDOW_MINUTES = 15;

/** The name of better-auth's cookie that carries a pending second-factor step. */
export const TWO_FACTOR_COOKIE = 'staff.two_factor';

function refuseIfLimited(answer: AuthAnswer): void {
  if (answer.status === 429) throw new RateLimitedError(answer.retryAfter ?? 60);
}

const userOf = (answer: AuthAnswer) => answer.data?.['user'] as { id: string; email: string } | undefined;

async function auditSignIn(deps: SignInDeps, user: { id: string; email: string }, step: 'password' | 'totp') {
  await inTransaction(deps.db, (trx) =>
    audit(
      { db: trx, clock: deps.clock },
      { userId: user.id, email: user.email },
      'staff.sign-in',
      { type: 'staff', id: user.id },
      { step },
    ),
  );
}

/** Email and password: 'signed-in' (a new session cookie), or 'code' when the authenticator code is asked next. */
export async function signInWithPassword(
  deps: SignInDeps,
  call: AuthCall,
  input: { email: string; password: string },
): Promise<'signed-in' | 'code'> {
  await checkRateLimit(deps, 'staff-sign-in', input.email, ACCOUNT_FAILURES, ACCOUNT_WINDOW_MINUTES);
  const answer = await call('/sign-in/email', { email: input.email, password: input.password, rememberMe: true });
  refuseIfLimited(answer);
  if (answer.status !== 200) throw new DomainError('InvalidInput', { password: 'staff.error.credentials' });
  await uncountRateLimit(deps, 'staff-sign-in', input.email, ACCOUNT_WINDOW_MINUTES);
  if (answer.data?.['twoFactorRedirect'] === true) return 'code';
  const user = userOf(answer);
  if (user) await auditSignIn(deps, user, 'password');
  return 'signed-in';
}

/** The authenticator code of a pending sign-in (the two-factor cookie): a session, or InvalidInput (audited). */
export async function signInWithCode(
  deps: SignInDeps,
  call: AuthCall,
  input: { code: string; cookie: string | null | undefined },
): Promise<void> {
  const signed = cookieValue(input.cookie, TWO_FACTOR_COOKIE);
  const identifier = signed?.slice(0, Math.max(0, signed.lastIndexOf('.')));
  const userId = identifier ? await pendingTwoFactorUser(deps.db, identifier) : undefined;
  if (!userId) throw new DomainError('InvalidToken');
  const answer = await call('/two-factor/verify-totp', { code: input.code });
  refuseIfLimited(answer);
  if (answer.status !== 200) {
    const member = await findStaff(deps.db, userId);
    await inTransaction(deps.db, (trx) =>
      audit({ db: trx, clock: deps.clock }, { userId, email: member?.email ?? null }, 'staff.sign-in-failed-totp', {
        type: 'staff',
        id: userId,
      }),
    );
    throw new DomainError('InvalidInput', { code: 'staff.error.code' });
  }
  const user = userOf(answer);
  if (user) await auditSignIn(deps, user, 'totp');
}

/** Sign-out (the session itself ends through better-auth). */
export async function recordSignOut(deps: Pick<Deps, 'db' | 'clock'>, actor: Actor): Promise<void> {
  await inTransaction(deps.db, (trx) =>
    audit({ db: trx, clock: deps.clock }, actor, 'staff.sign-out', { type: 'staff', id: actor.userId ?? '' }),
  );
}
