/**
 * Mailer over the Resend SDK. The SDK answers { data, error } instead of throwing; errors
 * become MailerError, retryable for rate limits, server errors and network failures.
 */
import { Resend, type ErrorResponse } from 'resend';
import { MailerError, type Mailer } from './email.types.ts';

/** Names that mean "try again later" whatever the status code. */
const RETRYABLE_NAMES = new Set<string>([
  'rate_limit_exceeded',
  'application_error',
  'internal_server_error',
  // another request with the same idempotency key is still in flight (our crashed attempt)
  'concurrent_idempotent_requests',
]);

const SEND_TIMEOUT_MS = 30_000;

export function toMailerError(error: ErrorResponse): MailerError {
  const status = error.statusCode;
  const retryable = status === null || status === undefined || status === 429 || status >= 500 || RETRYABLE_NAMES.has(error.name);
  return new MailerError(`resend ${status ?? 'network'} ${error.name}: ${error.message}`, retryable);
}

/** baseUrl defaults to env RESEND_BASE_URL, then https://api.resend.com (SDK behaviour). */
export function createResendMailer(options: { apiKey: string; baseUrl?: string | undefined }): Mailer {
  const resend = new Resend(options.apiKey, options.baseUrl ? { baseUrl: options.baseUrl } : undefined);
  return {
    kind: 'resend',
    async send({ id, from, to, content }) {
      const email = {
        from,
        to,
        subject: content.subject,
        html: content.html,
        text: content.text,
        // Buffers are sent base64-encoded by the SDK.
        attachments: content.attachments.map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType })),
      };
      // A timed-out request comes back as a network error (retryable); the key makes the retry safe.
      const { data, error } = await resend.emails
        .send(email, { idempotencyKey: id, signal: AbortSignal.timeout(SEND_TIMEOUT_MS) })
        .catch((thrown: unknown) => {
          // the SDK rethrows an abort that lands while it reads the answer
          throw new MailerError(`resend network: ${thrown instanceof Error ? thrown.message : String(thrown)}`, true);
        });
      if (error) throw toMailerError(error);
      if (!data?.id) throw new MailerError('resend answered without an email id', true);
      return { providerId: data.id };
    },
  };
}
