/**
 * Mailer over the Resend SDK. The SDK answers { data, error } instead of throwing; errors
 * become MailerError, retryable for rate limits, server errors and network failures.
 *
 * Requests are spaced to the account's rate limit (ratePerSecond; Resend's documented default
 * is 2 a second per team); a 429 (another instance used the same allowance) waits what retry-after
 * says and asks again. Emails without attachments go 100 to a request through the batch API.
 */
import { Resend, type ErrorResponse } from 'resend';
import { AlreadySentError, MailerError, type BatchOutcome, type Mailer, type SendRequest } from './email.types.ts';
import { createRateLimiter } from './rate-limiter.ts';

/** Names that mean "try again later" whatever the status code. */
const RETRYABLE_NAMES = new Set<string>([
  'rate_limit_exceeded',
  'application_error',
  'internal_server_error',
  // another request with the same idempotency key is still in flight (our crashed attempt)
  'concurrent_idempotent_requests',
]);

const SEND_TIMEOUT_MS = 30_000;
/** Resend's batch endpoint takes at most 100 emails. */
export const RESEND_BATCH_LIMIT = 100;
/** 429s waited out per request before the relay reschedules the email(s) instead. */
const MAX_RATE_LIMIT_WAITS = 5;
const MAX_RETRY_AFTER_MS = 60_000;

export function toMailerError(error: ErrorResponse): MailerError {
  const status = error.statusCode;
  const text = `resend ${status ?? 'network'} ${error.name}: ${error.message}`;
  // Same key, different body: our earlier request with this key (before a crash) went through.
  if (error.name === 'invalid_idempotent_request') return new AlreadySentError(text);
  const retryable = status === null || status === undefined || status === 429 || status >= 500 || RETRYABLE_NAMES.has(error.name);
  return new MailerError(text, retryable);
}

/** retry-after in seconds (Resend sends whole seconds), bounded; 1 s when absent. */
function retryAfterMs(headers: Record<string, string> | null): number {
  const seconds = Number(headers?.['retry-after']);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds * 1000, MAX_RETRY_AFTER_MS) : 1000;
}

type Answer<T> =
  | { data: T; error: null; headers: Record<string, string> | null }
  | { data: null; error: ErrorResponse; headers: Record<string, string> | null };

/** X-Entity-Ref-ID names the outbox row: inside a batch (one idempotency key) each email keeps its own id. */
function emailOf({ id, from, to, content }: SendRequest) {
  return { from, to, subject: content.subject, html: content.html, text: content.text, headers: { 'X-Entity-Ref-ID': id } };
}

/** baseUrl defaults to env RESEND_BASE_URL, then https://api.resend.com (SDK behaviour). */
export function createResendMailer(options: { apiKey: string; baseUrl?: string | undefined; ratePerSecond?: number | undefined }): Mailer {
  const resend = new Resend(options.apiKey, options.baseUrl ? { baseUrl: options.baseUrl } : undefined);
  // No limit unless told (the server passes RESEND_RATE_PER_SECOND); 429s are still waited out.
  const limiter = createRateLimiter(options.ratePerSecond ?? Number.POSITIVE_INFINITY);

  /** One API call within the rate limit; a 429 is waited out a few times. */
  async function call<T>(request: (signal: AbortSignal) => Promise<Answer<T>>): Promise<T> {
    for (let waits = 0; ; waits++) {
      await limiter.take();
      // A timed-out request comes back as a network error (retryable); the key makes the retry safe.
      const answer = await request(AbortSignal.timeout(SEND_TIMEOUT_MS)).catch((thrown: unknown) => {
        // the SDK rethrows an abort that lands while it reads the answer
        throw new MailerError(`resend network: ${thrown instanceof Error ? thrown.message : String(thrown)}`, true);
      });
      if (!answer.error) return answer.data;
      if (answer.error.statusCode === 429 && waits < MAX_RATE_LIMIT_WAITS) {
        limiter.pause(retryAfterMs(answer.headers));
        continue;
      }
      throw toMailerError(answer.error);
    }
  }

  return {
    kind: 'resend',
    batchLimit: RESEND_BATCH_LIMIT,
    async send(request) {
      const email = {
        ...emailOf(request),
        // Buffers are sent base64-encoded by the SDK.
        attachments: request.content.attachments.map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType })),
      };
      const data = await call((signal) => resend.emails.send(email, { idempotencyKey: request.id, signal }));
      if (!data?.id) throw new MailerError('resend answered without an email id', true);
      return { providerId: data.id };
    },
    async sendBatch(requests, idempotencyKey): Promise<BatchOutcome[]> {
      if (requests.some((r) => r.content.attachments.length > 0)) throw new Error('the batch API takes no attachments');
      // permissive: an address Resend refuses fails that email only, not the whole batch
      const data = await call((signal) =>
        resend.batch.send(requests.map(emailOf), { idempotencyKey, batchValidation: 'permissive', signal }),
      );
      const refused = new Map((data?.errors ?? []).map((e) => [e.index, e.message]));
      const ids = (data?.data ?? []).map((d) => d.id);
      // data lists the accepted emails in request order, the refused ones left out
      return requests.map((_, index) => {
        const message = refused.get(index);
        if (message !== undefined) return { error: new MailerError(`resend 422 validation_error: ${message}`, false) };
        const id = ids.shift();
        return id ? { providerId: id } : { error: new MailerError('resend answered without an email id', true) };
      });
    },
  };
}
