import { DomainError, RateLimitedError, type ErrorCode } from '../features/shared/domain-error.ts';
import { PaymentProviderError } from '../features/payments/gateway.ts';
import type { MessageKey } from '../i18n/catalogues.ts';
import { log } from './log.ts';

/** Domain error code → the i18n key the page shows. */
const messages: Record<ErrorCode, MessageKey> = {
  InvalidInput: 'error.invalidInput',
  RegistrationClosed: 'error.registrationClosed',
  RegistrationNotOpen: 'error.registrationNotOpen',
  SessionFull: 'error.sessionFull',
  NotFound: 'error.notFound',
  InvalidToken: 'error.invalidToken',
  RateLimited: 'error.rateLimited',
  PaymentsUnavailable: 'error.paymentsUnavailable',
  HoldExpired: 'error.holdExpired',
  NotPayable: 'error.notPayable',
  NotCancellable: 'error.notCancellable',
  NotChangeable: 'error.notChangeable',
  SlotFull: 'error.slotFull',
  SlotClosed: 'error.slotClosed',
  PartyTooLarge: 'error.partyTooLarge',
  Forbidden: 'staff.forbidden.body',
};

export interface FormFailure {
  ok: false;
  /** i18n key of the message above the form */
  error: string;
  /** field → i18n key */
  fields: Record<string, string>;
  /** RateLimited: seconds until the client may try again (the page's 429 Retry-After) */
  retryAfter?: number;
}

/**
 * Turn what a service threw into a form result the page can show, in its language. Unknown
 * errors are logged (without personal data) and shown as a generic message, never raw text.
 */
export function toFormFailure(error: unknown, where: string): FormFailure {
  if (error instanceof RateLimitedError) return { ok: false, error: messages.RateLimited, fields: {}, retryAfter: error.retryAfterSeconds };
  if (error instanceof DomainError) return { ok: false, error: messages[error.code], fields: error.fields };
  if (error instanceof PaymentProviderError) return { ok: false, error: 'error.paymentProvider', fields: {} };
  log.error(`${where} failed: ${error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error'}`);
  return { ok: false, error: 'error.unexpected', fields: {} };
}
