import { type ActionError } from 'astro:actions';
import { DomainError, type ErrorCode } from '../features/shared/domain-error.ts';
import { PaymentProviderError } from '../features/payments/gateway.ts';
import { log } from './log.ts';

type ActionCode = ConstructorParameters<typeof ActionError>[0]['code'];

/** Domain error code → HTTP-ish status and the i18n key the page shows. */
const table: Record<ErrorCode, [ActionCode, string]> = {
  InvalidInput: ['BAD_REQUEST', 'error.invalidInput'],
  AlreadyRegistered: ['CONFLICT', 'error.alreadyRegistered'],
  RegistrationClosed: ['FORBIDDEN', 'error.registrationClosed'],
  TicketNotAvailable: ['BAD_REQUEST', 'error.ticketNotAvailable'],
  InvalidInvitationCode: ['BAD_REQUEST', 'form.error.invitationCode'],
  UnknownSession: ['BAD_REQUEST', 'form.error.choice'],
  SessionFull: ['CONFLICT', 'error.sessionFull'],
  NotFound: ['NOT_FOUND', 'error.notFound'],
  InvalidToken: ['UNAUTHORIZED', 'error.invalidToken'],
  RateLimited: ['TOO_MANY_REQUESTS', 'error.rateLimited'],
  PaymentsUnavailable: ['SERVICE_UNAVAILABLE', 'error.paymentsUnavailable'],
  PaymentProviderError: ['SERVICE_UNAVAILABLE', 'error.paymentProvider'],
  HoldExpired: ['CONFLICT', 'error.holdExpired'],
  NotPayable: ['CONFLICT', 'error.notPayable'],
  NotCancellable: ['CONFLICT', 'error.notCancellable'],
  NotChangeable: ['CONFLICT', 'error.notChangeable'],
  SlotFull: ['CONFLICT', 'error.slotFull'],
  SlotClosed: ['CONFLICT', 'error.slotClosed'],
  PartyTooLarge: ['BAD_REQUEST', 'error.partyTooLarge'],
};

export interface FormFailure {
  ok: false;
  /** i18n key of the message above the form */
  error: string;
  /** field → i18n key */
  fields: Record<string, string>;
}

/**
 * Turn what a service threw into a form result the page can show, in its language. Unknown
 * errors are logged (without personal data) and shown as a generic message, never raw text.
 */
export function toFormFailure(error: unknown, where: string): FormFailure {
  if (error instanceof DomainError) return { ok: false, error: table[error.code][1], fields: error.fields };
  if (error instanceof PaymentProviderError) return { ok: false, error: 'error.paymentProvider', fields: {} };
  log.error(`${where} failed: ${error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error'}`);
  return { ok: false, error: 'error.unexpected', fields: {} };
}

export function statusOf(error: unknown): number {
  if (error instanceof DomainError) {
    const code = table[error.code][0];
    return (
      { BAD_REQUEST: 400, UNAUTHORIZED: 401, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409, TOO_MANY_REQUESTS: 429 }[code as string] ?? 503
    );
  }
  return error instanceof PaymentProviderError ? 503 : 500;
}
