/** Every way a domain operation can be refused; actions map each to a status and an i18n key. */
export type ErrorCode =
  | 'InvalidInput'
  | 'RegistrationClosed'
  | 'RegistrationNotOpen'
  | 'SessionFull'
  | 'NotFound'
  | 'InvalidToken'
  | 'RateLimited'
  | 'PaymentsUnavailable'
  | 'HoldExpired'
  | 'NotPayable'
  | 'NotCancellable'
  | 'NotChangeable'
  | 'SlotFull'
  | 'SlotClosed'
  | 'PartyTooLarge'
  /** a staff member's role does not allow the action */
  | 'Forbidden';

export class DomainError extends Error {
  readonly code: ErrorCode;
  /** field → i18n key, for form errors */
  readonly fields: Record<string, string>;

  constructor(code: ErrorCode, fields: Record<string, string> = {}) {
    super(code);
    this.name = 'DomainError';
    this.code = code;
    this.fields = fields;
  }
}

export function isDomainError(error: unknown, code?: ErrorCode): error is DomainError {
  return error instanceof DomainError && (code === undefined || error.code === code);
}

/** RateLimited, with the seconds until the window that refused the request ends (the page's Retry-After). */
export class RateLimitedError extends DomainError {
  readonly retryAfterSeconds: number;

  constructor(retryAfterSeconds: number) {
    super('RateLimited');
    this.retryAfterSeconds = Math.max(1, Math.ceil(retryAfterSeconds));
  }
}
