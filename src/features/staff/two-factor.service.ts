/** Setting up the authenticator app (TOTP): required for admins before anything else. */
import QRCode from 'qrcode';
import { inTransaction } from '../../db/transaction.ts';
import type { Deps } from '../deps.ts';
import { DomainError, RateLimitedError } from '../shared/domain-error.ts';
import { audit, type Actor } from './audit.ts';
import type { AuthCall } from './auth-call.ts';

export interface TotpEnrolment {
  /** otpauth:// URI, for the manual entry */
  uri: string;
  /** the secret alone (base32), for apps without a camera */
  secret: string;
  /** the QR code of the URI, as an SVG drawn on the server */
  qrSvg: string;
  /** one-time backup codes, shown once */
  backupCodes: string[];
}

/** Step 1 (password again): a new secret, not active until a code from it is verified. */
export async function startTotpEnrolment(call: AuthCall, password: string): Promise<TotpEnrolment> {
  const answer = await call('/two-factor/enable', { password });
  if (answer.status === 429) throw new RateLimitedError(answer.retryAfter ?? 60);
  const uri = answer.data?.['totpURI'];
  if (answer.status !== 200 || typeof uri !== 'string') throw new DomainError('InvalidInput', { password: 'staff.error.password' });
  const secret = new URL(uri).searchParams.get('secret') ?? '';
  const qrSvg = await QRCode.toString(uri, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
  const codes = answer.data?.['backupCodes'];
  return { uri, secret, qrSvg, backupCodes: Array.isArray(codes) ? codes.map(String) : [] };
}

/** Step 2: a code from the app turns 2FA on (better-auth issues a new session cookie). */
export async function confirmTotpEnrolment(deps: Pick<Deps, 'db' | 'clock'>, call: AuthCall, actor: Actor, code: string): Promise<void> {
  const answer = await call('/two-factor/verify-totp', { code });
  if (answer.status === 429) throw new RateLimitedError(answer.retryAfter ?? 60);
  if (answer.status !== 200) {
    await inTransaction(deps.db, (trx) =>
      audit(
        { db: trx, clock: deps.clock },
        actor,
        'staff.sign-in-failed-totp',
        { type: 'staff', id: actor.userId ?? '' },
        { enrolment: true },
      ),
    );
    throw new DomainError('InvalidInput', { code: 'staff.error.code' });
  }
  await inTransaction(deps.db, (trx) =>
    audit({ db: trx, clock: deps.clock }, actor, 'staff.totp-enabled', { type: 'staff', id: actor.userId ?? '' }),
  );
}
