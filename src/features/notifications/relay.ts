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
import { createHash } from 'node:crypto';
import { AlreadySentError, MailerError, type EmailContent, type Mailer, type RenderEmail } from './email.types.ts';
import { onEmailEnqueued } from './outbox-signal.ts';
import {
  BATCH_MARK,
  claimBatchRest,
  claimDue,
  findMessages,
  markBatch,
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
  /** rows claimed per run; default 100 */
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
  /** asked before each send: once it says yes, the rest of the batch is handed back unsent */
  stopping?: () => boolean;
  /** told which rows are being sent (empty when none) */
  sending?: (ids: string[]) => void;
}

/** What goes to the mailer in one call: one email, or several under one batch key. */
interface Unit {
  messages: { message: OutboxMessage; content: EmailContent }[];
  /** set for a batch request; a batch interrupted by a crash is sent again under its key */
  batchKey?: string;
}

/** The idempotency key of a batch: the same rows always give the same key. */
function batchKey(ids: string[]): string {
  return createHash('sha256')
    .update([...ids].sort().join(','))
    .digest('base64url')
    .slice(0, 32);
}

/** Claim a batch, render it, and send it (emails without attachments in batch requests when the mailer can). */
export async function relayOnce(deps: RelayDeps, control: RelayControl = {}): Promise<RelayResult> {
  const stopping = control.stopping ?? (() => false);
  const result: RelayResult = { sent: 0, retried: 0, failed: 0 };
  const lease = { workerId: deps.workerId, leaseMs: deps.leaseMs ?? LEASE_MS };
  const claimed = await claimDue(deps.db, { ...lease, limit: deps.batchSize ?? DEFAULT_BATCH_SIZE, now: deps.clock.now() });
  if (claimed.length === 0) return result;
  const heartbeat = startHeartbeat(deps, lease.leaseMs);
  const done = new Set<string>();
  const held = new Set(claimed.map((m) => m.id));
  try {
    const units = await plan(deps, claimed, lease, held, result, done);
    for (const unit of units) {
      if (stopping()) break;
      control.sending?.(unit.messages.map((m) => m.message.id));
      const outcome = unit.batchKey ? await relayBatch(deps, unit, unit.batchKey, lease) : await relaySingle(deps, unit, lease);
      for (const [id, kind] of outcome) {
        done.add(id);
        result[kind]++;
      }
    }
  } finally {
    control.sending?.([]);
    await heartbeat.stop();
    // Stopped, or a write failed: what was not sent is due again now, not when the lease runs out.
    const unsent = [...held].filter((id) => !done.has(id));
    await releaseClaims(deps.db, deps.workerId, { ids: unsent }).catch((error: unknown) =>
      deps.log?.(`[outbox] handing back claims failed: ${redactError(error instanceof Error ? error.message : String(error))}`),
    );
  }
  return result;
}

const DEFAULT_BATCH_SIZE = 100;

/**
 * Render the claimed rows and cut them into units: first the batches a crashed relay left
 * unfinished (sent again whole, under their key, or handed back when another relay holds part
 * of one), then single emails (attachments, or a mailer without batches) and new batches.
 */
async function plan(
  deps: RelayDeps,
  claimed: OutboxMessage[],
  lease: { workerId: string; leaseMs: number },
  held: Set<string>,
  result: RelayResult,
  done: Set<string>,
): Promise<Unit[]> {
  const units: Unit[] = [];
  const fresh: OutboxMessage[] = [];
  const earlier = new Map<string, OutboxMessage[]>();
  for (const message of claimed) {
    const key = message.providerId?.startsWith(BATCH_MARK) ? message.providerId.slice(BATCH_MARK.length) : undefined;
    if (key) earlier.set(key, [...(earlier.get(key) ?? []), message]);
    else fresh.push(message);
  }
  for (const [key, messages] of earlier) {
    const rest = await claimBatchRest(deps.db, { ...lease, key, now: deps.clock.now() });
    rest.ids.forEach((id) => held.add(id));
    if (!rest.complete) continue; // the relay that holds the other part sends it, or hands it back
    const known = new Set(messages.map((m) => m.id));
    const all = [
      ...messages,
      ...(await findMessages(
        deps.db,
        rest.ids.filter((id) => !known.has(id)),
      )),
    ];
    units.push({ messages: await renderAll(deps, all, result, done), batchKey: key });
  }
  const rendered = await renderAll(deps, fresh, result, done);
  const limit = deps.mailer.sendBatch ? (deps.mailer.batchLimit ?? DEFAULT_BATCH_SIZE) : 1;
  let batch: Unit['messages'] = [];
  const flush = () => {
    if (batch.length > 1) units.push({ messages: batch, batchKey: batchKey(batch.map((m) => m.message.id)) });
    else if (batch.length === 1) units.push({ messages: batch });
    batch = [];
  };
  for (const item of rendered) {
    if (item.content.attachments.length > 0 || limit === 1) {
      units.push({ messages: [item] });
      continue;
    }
    batch.push(item);
    if (batch.length >= limit) flush();
  }
  flush();
  return units.filter((u) => u.messages.length > 0);
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Rendered rows; a row that fails to render is marked failed (a template bug does not fix itself). */
async function renderAll(deps: RelayDeps, messages: OutboxMessage[], result: RelayResult, done: Set<string>): Promise<Unit['messages']> {
  const rendered: Unit['messages'] = [];
  for (const message of messages) {
    // One email per turn of the event loop. On SQLite a render's statements (its magic link's
    // token, the registration it reads) resolve without the loop turning, so a batch of 100
    // rendered in one stretch held every request behind it for about 70 ms.
    await nextTurn();
    const { id, kind, locale, payload } = message;
    try {
      rendered.push({ message, content: await deps.render({ id, kind, locale, payload }) });
    } catch (error) {
      const text = describe(error, message);
      await markFailed(deps.db, id, `render: ${text}`);
      deps.log?.(`[outbox] ${id} ${kind} failed to render: ${text}`);
      done.add(id);
      result.failed++;
    }
  }
  return rendered;
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

type Outcome = [id: string, kind: keyof RelayResult][];

/** Send one email with a fresh full lease; a row whose lease ran out (or that stop() handed back) is skipped. */
async function relaySingle(deps: RelayDeps, unit: Unit, lease: { workerId: string; leaseMs: number }): Promise<Outcome> {
  const item = unit.messages[0];
  if (!item) return [];
  const { message, content } = item;
  if ((await renewLeases(deps.db, { ...lease, now: deps.clock.now(), ids: [message.id] })) === 0) return [];
  try {
    const { providerId } = await deps.mailer.send({ id: message.id, from: deps.from, to: message.recipient, content });
    return [[message.id, await recordSent(deps, message, providerId)]];
  } catch (error) {
    return [[message.id, await recordFailure(deps, message, error, undefined)]];
  }
}

/** Send several emails in one request under the batch key, stamped on the rows first. */
async function relayBatch(deps: RelayDeps, unit: Unit, key: string, lease: { workerId: string; leaseMs: number }): Promise<Outcome> {
  const ids = unit.messages.map((m) => m.message.id);
  const ours = new Set(await markBatch(deps.db, { ...lease, now: deps.clock.now(), ids, key }));
  const items = unit.messages.filter((m) => ours.has(m.message.id));
  if (items.length === 0) return [];
  const requests = items.map(({ message, content }) => ({ id: message.id, from: deps.from, to: message.recipient, content }));
  const outcome: Outcome = [];
  try {
    const answers = await deps.mailer.sendBatch!(requests, key);
    for (const [i, { message }] of items.entries()) {
      const answer = answers[i];
      outcome.push([
        message.id,
        answer && 'providerId' in answer
          ? await recordSent(deps, message, answer.providerId)
          : await recordFailure(deps, message, answer?.error ?? new MailerError('no answer for this email', true), undefined),
      ]);
    }
  } catch (error) {
    // The whole request failed: every email of it is retried together (one due time, same key).
    const due = new Date(deps.clock.now().getTime() + backoffMs(Math.max(...items.map((m) => m.message.attempts))));
    for (const { message } of items) outcome.push([message.id, await recordFailure(deps, message, error, due)]);
  }
  return outcome;
}

async function recordSent(deps: RelayDeps, message: OutboxMessage, providerId: string): Promise<keyof RelayResult> {
  await markSent(deps.db, message.id, providerId, deps.clock.now());
  deps.log?.(`[outbox] ${message.id} ${message.kind} sent (${deps.mailer.kind} ${providerId})`);
  return 'sent';
}

/** Retry later (with backoff, or at `due` for a batch) or give up; an already-sent answer counts as sent. */
async function recordFailure(deps: RelayDeps, message: OutboxMessage, error: unknown, due: Date | undefined): Promise<keyof RelayResult> {
  if (error instanceof AlreadySentError) return recordSent(deps, message, `${deps.mailer.kind}:sent-before-restart`);
  const { db, clock } = deps;
  const log = deps.log ?? (() => {});
  const { id, kind } = message;
  const text = describe(error, message);
  const attempts = message.attempts + 1;
  // Errors that are not MailerError (disk full for the local mailer, a bug) are retried:
  // maxAttempts still bounds them.
  const retryable = !(error instanceof MailerError) || error.retryable;
  if (retryable && attempts < (deps.maxAttempts ?? 8)) {
    const next = due ?? new Date(clock.now().getTime() + backoffMs(message.attempts));
    await markRetry(db, id, text, next);
    log(`[outbox] ${id} ${kind} attempt ${attempts} failed, retry at ${next.toISOString()}: ${text}`);
    return 'retried';
  }
  await markFailed(db, id, text);
  log(`[outbox] ${id} ${kind} failed after ${attempts} attempt(s): ${text}`);
  return 'failed';
}

/**
 * relayOnce now and then every intervalMs after the previous run ended (runs never overlap).
 * A run that found work is followed at once by the next, so a backlog drains at the mailer's
 * speed; an email enqueued by this process wakes the relay within WAKE_DELAY_MS (polling still
 * finds other instances' emails). stop() hands back at once every row this relay claimed
 * except the ones in flight (a hung provider must not keep them claimed until the process is
 * cut), lets those finish, and hands back whatever is left.
 */
export function startRelay(deps: RelayDeps, options: { intervalMs: number }): { stop(): Promise<void> } {
  const log = deps.log ?? ((msg: string) => console.warn(msg));
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | undefined;
  let inFlight: string[] = [];
  /** wake-ups not yet answered by a run that found work (the enqueuing transaction may not have committed) */
  let wakes = 0;
  const handBack = (options: { except?: string[] }) =>
    releaseClaims(deps.db, deps.workerId, options).catch((error: unknown) =>
      log(`[outbox] handing back claims failed: ${redactError(error instanceof Error ? error.message : String(error))}`),
    );

  /** when the armed timer fires */
  let dueAt = 0;
  const schedule = (ms: number) => {
    if (stopped || running) return;
    const at = Date.now() + ms;
    // A run already due sooner stays: registrations arriving faster than WAKE_DELAY_MS apart
    // would otherwise push it back again and again, and nothing would be sent until they stop.
    if (timer && dueAt <= at) return;
    if (timer) clearTimeout(timer);
    dueAt = at;
    timer = setTimeout(tick, ms);
    timer.unref?.();
  };
  const tick = () => {
    timer = undefined;
    const woken = wakes;
    running = relayOnce(deps, { stopping: () => stopped, sending: (ids) => (inFlight = ids) })
      .then(
        (result) => result.sent + result.retried + result.failed > 0,
        (error: unknown) => {
          log(`[outbox] relay run failed: ${redactError(error instanceof Error ? error.message : String(error))}`);
          return false;
        },
      )
      .then((worked) => {
        running = undefined;
        if (worked) wakes = 0;
        else if (woken > 0) wakes = Math.max(0, wakes - 1);
        // Found work: go on at once. Woken but found nothing: look again shortly (commit pending).
        schedule(worked ? 0 : wakes > 0 ? WAKE_RETRY_MS : options.intervalMs);
      });
  };
  const unsubscribe = onEmailEnqueued(() => {
    wakes = Math.min(wakes + 1, MAX_WAKE_RETRIES);
    schedule(WAKE_DELAY_MS);
  });
  tick();

  return {
    async stop() {
      stopped = true;
      unsubscribe();
      if (timer) clearTimeout(timer);
      if (running) await handBack({ except: inFlight });
      await running;
      await handBack({});
    },
  };
}

/** after an enqueue in this process: long enough for its transaction to commit */
const WAKE_DELAY_MS = 20;
const WAKE_RETRY_MS = 100;
const MAX_WAKE_RETRIES = 3;
