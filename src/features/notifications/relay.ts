/**
 * Sends what the outbox holds: claim due rows, render, send with the outbox id as the
 * provider's idempotency key, record the outcome. Logs carry outbox ids and kinds only.
 *
 * Claims are short leases (30 s), renewed while the batch is being sent (a heartbeat every
 * 10 s, and once more just before each send), so a relay that dies (kill -9, a crashed
 * host) holds its rows for at most 30 s: another relay, or the restarted one, sends them
 * then, with the same idempotency key. A relay that is stopped (SIGTERM) hands the rest of
 * its batch back at once and lets the email in flight finish.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Clock } from '../shared/clock.ts';
import { MailerError, type EmailContent, type Mailer, type RenderEmail } from './email.types.ts';
import {
  claimDue,
  markFailed,
  markRetry,
  markSent,
  redactError,
  releaseClaims,
  renewLeases,
  type OutboxMessage,
} from './outbox.repository.ts';

export interface RelayDeps {
  db: Kysely<Database>;
  clock: Clock;
  mailer: Mailer;
  render: RenderEmail;
  from: string;
  workerId: string;
  /** sends tried before a row is marked failed; default 8 */
  maxAttempts?: number;
  log?: (msg: string) => void;
  /** rows claimed per run; default 20 */
  batchSize?: number;
  /** how long a claim holds unless renewed; default LEASE_MS */
  leaseMs?: number;
  /** how often the leases of the batch being sent are renewed; default leaseMs / 3 */
  heartbeatMs?: number;
}

/** A claim not renewed for this long is free again: the longest a dead relay delays an email. */
export const LEASE_MS = 30_000;

export interface RelayResult {
  sent: number;
  retried: number;
  failed: number;
}

const BASE_DELAY_MS = 30_000;
const MAX_DELAY_MS = 60 * 60_000;

/** 30 s × 2^attempts, capped at 1 h, plus up to 20 % jitter so retries spread out. */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const delay = Math.min(BASE_DELAY_MS * 2 ** attempts, MAX_DELAY_MS);
  return Math.round(delay * (1 + 0.2 * random()));
}

/** Error text without the recipient's address or name (they may be echoed by a provider). */
function describe(error: unknown, message: OutboxMessage): string {
  let text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const name = 'name' in message.payload ? message.payload.name : undefined;
  for (const secret of [message.recipient, name]) {
    if (secret && secret.trim().length > 1) text = text.split(secret).join('[redacted]');
  }
  return redactError(text);
}

export interface RelayControl {
  /** asked before each email: once it says yes, the rest of the batch is handed back unsent */
  stopping?: () => boolean;
  /** told which row is being rendered and sent (undefined when none) */
  sending?: (id: string | undefined) => void;
}

/** Claim a batch and send it. */
export async function relayOnce(deps: RelayDeps, control: RelayControl = {}): Promise<RelayResult> {
  const stopping = control.stopping ?? (() => false);
  const result: RelayResult = { sent: 0, retried: 0, failed: 0 };
  const lease = { workerId: deps.workerId, leaseMs: deps.leaseMs ?? LEASE_MS };
  const claimed = await claimDue(deps.db, { ...lease, limit: deps.batchSize ?? 20, now: deps.clock.now() });
  if (claimed.length === 0) return result;
  const heartbeat = startHeartbeat(deps, lease.leaseMs);
  let next = 0;
  try {
    for (; next < claimed.length && !stopping(); next++) {
      const message = claimed[next];
      control.sending?.(message.id);
      // A full lease for this send; a row whose lease ran out (or that stop() handed back) is skipped.
      if ((await renewLeases(deps.db, { ...lease, now: deps.clock.now(), ids: [message.id] })) === 0) continue;
      result[await relayMessage(deps, message)]++;
    }
  } finally {
    control.sending?.(undefined);
    await heartbeat.stop();
    // Stopped, or a write failed: what was not sent is due again now, not when the lease runs out.
    const unsent = claimed.slice(next).map((m) => m.id);
    await releaseClaims(deps.db, deps.workerId, { ids: unsent }).catch((error: unknown) =>
      deps.log?.(`[outbox] handing back claims failed: ${redactError(error instanceof Error ? error.message : String(error))}`),
    );
  }
  return result;
}

/** Renew this relay's leases every heartbeatMs while a batch is being sent (one renewal at a time). */
function startHeartbeat(deps: RelayDeps, leaseMs: number): { stop(): Promise<void> } {
  const log = deps.log ?? (() => {});
  let beating: Promise<void> | undefined;
  const timer = setInterval(
    () => {
      beating ??= renewLeases(deps.db, { workerId: deps.workerId, leaseMs, now: deps.clock.now() })
        .then(
          () => undefined,
          (error: unknown) => log(`[outbox] lease renewal failed: ${redactError(error instanceof Error ? error.message : String(error))}`),
        )
        .finally(() => (beating = undefined));
    },
    deps.heartbeatMs ?? leaseMs / 3,
  );
  timer.unref?.();
  return {
    async stop() {
      clearInterval(timer);
      await beating;
    },
  };
}

/** Render and send one claimed row, then record how it went. */
async function relayMessage(deps: RelayDeps, message: OutboxMessage): Promise<keyof RelayResult> {
  const { db, clock, mailer, render, from } = deps;
  const maxAttempts = deps.maxAttempts ?? 8;
  const log = deps.log ?? (() => {});
  const { id, kind, locale, payload } = message;
  let content: EmailContent;
  try {
    content = await render({ id, kind, locale, payload });
  } catch (error) {
    // A template or payload bug does not fix itself by waiting.
    const text = describe(error, message);
    await markFailed(db, id, `render: ${text}`);
    log(`[outbox] ${id} ${kind} failed to render: ${text}`);
    return 'failed';
  }

  try {
    const { providerId } = await mailer.send({ id, from, to: message.recipient, content });
    await markSent(db, id, providerId, clock.now());
    log(`[outbox] ${id} ${kind} sent (${mailer.kind} ${providerId})`);
    return 'sent';
  } catch (error) {
    const text = describe(error, message);
    const attempts = message.attempts + 1;
    // Errors that are not MailerError (disk full for the local mailer, a bug) are retried:
    // maxAttempts still bounds them.
    const retryable = !(error instanceof MailerError) || error.retryable;
    if (retryable && attempts < maxAttempts) {
      const next = new Date(clock.now().getTime() + backoffMs(message.attempts));
      await markRetry(db, id, text, next);
      log(`[outbox] ${id} ${kind} attempt ${attempts} failed, retry at ${next.toISOString()}: ${text}`);
      return 'retried';
    }
    await markFailed(db, id, text);
    log(`[outbox] ${id} ${kind} failed after ${attempts} attempt(s): ${text}`);
    return 'failed';
  }
}

/**
 * relayOnce now and then every intervalMs after the previous run ended (runs never overlap).
 * stop() hands back at once every row this relay claimed except the email in flight (a hung
 * provider must not keep them claimed until the process is cut), lets that one finish, and
 * hands back whatever is left.
 */
export function startRelay(deps: RelayDeps, options: { intervalMs: number }): { stop(): Promise<void> } {
  const log = deps.log ?? ((msg: string) => console.warn(msg));
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | undefined;
  let inFlight: string | undefined;
  const handBack = (options: { except?: string }) =>
    releaseClaims(deps.db, deps.workerId, options).catch((error: unknown) =>
      log(`[outbox] handing back claims failed: ${redactError(error instanceof Error ? error.message : String(error))}`),
    );

  // A run that filled its batch found a backlog: the next one starts at once, so a backlog
  // drains at the mailer's speed instead of one batch per interval.
  const batchSize = deps.batchSize ?? 20;
  const tick = () => {
    running = relayOnce(deps, { stopping: () => stopped, sending: (id) => (inFlight = id) })
      .then(
        (result) => result.sent + result.retried + result.failed >= batchSize,
        (error: unknown) => {
          log(`[outbox] relay run failed: ${redactError(error instanceof Error ? error.message : String(error))}`);
          return false;
        },
      )
      .then((backlog) => {
        running = undefined;
        if (!stopped) {
          timer = setTimeout(tick, backlog ? 0 : options.intervalMs);
          timer.unref?.();
        }
      });
  };
  tick();

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (running) await handBack({ except: inFlight });
      await running;
      await handBack({});
    },
  };
}
