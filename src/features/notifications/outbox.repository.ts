/**
 * The email outbox: rows are written in the same transaction as the change they report and
 * sent later by the relay. Claiming uses a lease (locked_by / locked_until) taken with a
 * conditional UPDATE whose affected-row count decides who owns the row, so several instances
 * can relay at once on SQLite and PostgreSQL without SELECT … FOR UPDATE.
 */
import type { Locale } from '../../i18n/locale.ts';
import { sql } from 'kysely';
import type { Database, OutboxStatus } from '../../db/schema.ts';
import type { Executor } from '../../db/transaction.ts';
import { insertRow } from '../../db/prepared.ts';
import { iso } from '../shared/clock.ts';
import { newId } from '../shared/secrets.ts';
import type { EmailKind, EmailPayload, OutgoingEmail } from './email.types.ts';
import { emailEnqueued } from './outbox-signal.ts';

export interface OutboxMessage {
  id: string;
  kind: EmailKind;
  recipient: string;
  locale: Locale;
  payload: EmailPayload;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: string;
  lockedBy: string | null;
  lockedUntil: string | null;
  lastError: string | null;
  providerId: string | null;
  createdAt: string;
  sentAt: string | null;
}

type OutboxRow = Database['outbox'];

function toMessage(row: OutboxRow): OutboxMessage {
  return {
    id: row.id,
    kind: row.kind as EmailKind,
    recipient: row.recipient,
    locale: row.locale as Locale,
    payload: JSON.parse(row.payload) as EmailPayload,
    status: row.status,
    attempts: Number(row.attempts),
    nextAttemptAt: row.next_attempt_at,
    lockedBy: row.locked_by,
    lockedUntil: row.locked_until,
    lastError: row.last_error,
    providerId: row.provider_id,
    createdAt: row.created_at,
    sentAt: row.sent_at,
  };
}

/** Error text is kept for operators: no email addresses in it, and bounded in length. */
export function redactError(error: string): string {
  return error.replace(/[^\s@<>"'`,;:()[\]]+@[^\s@<>"'`,;:()[\]]+/g, '[address]').slice(0, 500);
}

/** Call inside the transaction that makes the change the email reports. */
export async function enqueueEmail(trx: Executor, email: OutgoingEmail, now: Date): Promise<string> {
  const id = newId();
  await insertRow(trx, 'outbox', {
    id,
    kind: email.kind,
    recipient: email.recipient,
    locale: email.locale,
    payload: JSON.stringify(email.payload),
    status: 'pending',
    attempts: 0,
    next_attempt_at: iso(now),
    locked_until: null,
    locked_by: null,
    last_error: null,
    provider_id: null,
    created_at: iso(now),
    sent_at: null,
  });
  emailEnqueued();
  return id;
}

/**
 * Written into the SQL, not bound: SQLite uses the partial indexes on pending rows (outbox_due,
 * outbox_batch) only for a query that names the same value (migration 2026-12-07T0100).
 */
const pending = sql.lit<OutboxStatus>('pending');

/**
 * Lease up to `limit` due rows for workerId. A row whose lease ran out (worker crashed) is due
 * again; the provider idempotency key (outbox id) keeps a resend from delivering twice.
 */
export async function claimDue(
  db: Executor,
  options: { limit: number; workerId: string; now: Date; leaseMs: number },
): Promise<OutboxMessage[]> {
  const now = iso(options.now);
  const lockedUntil = iso(new Date(options.now.getTime() + options.leaseMs));
  const unlocked = sql<boolean>`(locked_until is null or locked_until < ${now})`;
  const candidates = await db
    .selectFrom('outbox')
    .select('id')
    .where('status', '=', pending)
    .where('next_attempt_at', '<=', now)
    .where(unlocked)
    // the order of outbox_due: the earliest due first, and the claim stops after `limit` rows
    .orderBy('next_attempt_at')
    .orderBy('created_at')
    .orderBy('id')
    .limit(options.limit)
    .execute();

  if (candidates.length === 0) return [];
  // One UPDATE for the lot, its conditions re-checked row by row: another worker may have
  // claimed (or even sent and rescheduled) a row since the SELECT; only one UPDATE can match.
  // The rows that are ours are those stamped with this worker and this lease.
  await db
    .updateTable('outbox')
    .set({ locked_by: options.workerId, locked_until: lockedUntil })
    .where(
      'id',
      'in',
      candidates.map((c) => c.id),
    )
    .where('status', '=', pending)
    .where('next_attempt_at', '<=', now)
    .where(unlocked)
    .execute();
  const rows = await db
    .selectFrom('outbox')
    .selectAll()
    .where(
      'id',
      'in',
      candidates.map((c) => c.id),
    )
    .where('locked_by', '=', options.workerId)
    .where('locked_until', '=', lockedUntil)
    .where('status', '=', pending)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toMessage);
}

/** provider_id of rows handed to the provider in one batch request whose outcome is not known yet. */
export const BATCH_MARK = 'batch:';

/**
 * Before a batch request: stamp the rows this worker still holds with the batch's idempotency
 * key (so that after a crash they are sent again together, under the same key) and give them
 * a full lease. Returns the ids stamped.
 */
export async function markBatch(
  db: Executor,
  options: { workerId: string; now: Date; leaseMs: number; ids: string[]; key: string },
): Promise<string[]> {
  if (options.ids.length === 0) return [];
  const rows = await db
    .updateTable('outbox')
    .set({ provider_id: `${BATCH_MARK}${options.key}`, locked_until: iso(new Date(options.now.getTime() + options.leaseMs)) })
    .where('locked_by', '=', options.workerId)
    .where('status', '=', pending)
    .where('id', 'in', options.ids)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Claim the other pending rows of an earlier batch request (same key) that nobody holds, and
 * tell whether this worker now holds the whole batch.
 */
export async function claimBatchRest(
  db: Executor,
  options: { workerId: string; now: Date; leaseMs: number; key: string },
): Promise<{ complete: boolean; ids: string[] }> {
  const mark = `${BATCH_MARK}${options.key}`;
  const now = iso(options.now);
  await db
    .updateTable('outbox')
    .set({ locked_by: options.workerId, locked_until: iso(new Date(options.now.getTime() + options.leaseMs)) })
    .where('provider_id', '=', mark)
    .where('status', '=', pending)
    .where(sql<boolean>`(locked_until is null or locked_until < ${now})`)
    .execute();
  const rows = await db
    .selectFrom('outbox')
    .select(['id', 'locked_by'])
    .where('provider_id', '=', mark)
    .where('status', '=', pending)
    .execute();
  return {
    complete: rows.every((r) => r.locked_by === options.workerId),
    ids: rows.filter((r) => r.locked_by === options.workerId).map((r) => r.id),
  };
}

/** Rows of one batch request by id (the ones claimBatchRest added). */
export async function findMessages(db: Executor, ids: string[]): Promise<OutboxMessage[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('outbox').selectAll().where('id', 'in', ids).orderBy('created_at').orderBy('id').execute();
  return rows.map(toMessage);
}

export async function markSent(db: Executor, id: string, providerId: string, now: Date): Promise<void> {
  await db
    .updateTable('outbox')
    .set({
      status: 'sent',
      attempts: sql`attempts + 1`,
      provider_id: providerId,
      sent_at: iso(now),
      locked_by: null,
      locked_until: null,
      last_error: null,
    })
    .where('id', '=', id)
    .execute();
}

/** Release the claim and count the attempt, recording the (redacted) reason. */
const attemptFailed = (error: string) => ({
  attempts: sql<number>`attempts + 1`,
  locked_by: null,
  locked_until: null,
  last_error: redactError(error),
});

/** Only a pending row is rescheduled: a row another worker already sent stays sent. */
export async function markRetry(db: Executor, id: string, error: string, nextAttemptAt: Date): Promise<void> {
  await db
    .updateTable('outbox')
    .set({ ...attemptFailed(error), next_attempt_at: iso(nextAttemptAt) })
    .where('id', '=', id)
    .where('status', '=', pending)
    .execute();
}

export async function markFailed(db: Executor, id: string, error: string): Promise<void> {
  await db
    .updateTable('outbox')
    .set({ ...attemptFailed(error), status: 'failed', provider_id: null })
    .where('id', '=', id)
    .where('status', '=', pending)
    .execute();
}

/**
 * Extend the lease of rows workerId still holds (all of them, or only `ids`) to now + leaseMs.
 * Returns how many were extended: a row another worker took over after our lease ran out is
 * not ours any more and is left alone.
 */
export async function renewLeases(
  db: Executor,
  options: { workerId: string; now: Date; leaseMs: number; ids?: string[] },
): Promise<number> {
  if (options.ids?.length === 0) return 0;
  let query = db
    .updateTable('outbox')
    .set({ locked_until: iso(new Date(options.now.getTime() + options.leaseMs)) })
    .where('locked_by', '=', options.workerId)
    .where('status', '=', pending);
  if (options.ids) query = query.where('id', 'in', options.ids);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Hand back rows workerId claimed but will not send (all of them, only `ids`, or all but
 * `except`, the one being sent): due again at once for any relay.
 */
export async function releaseClaims(db: Executor, workerId: string, options: { ids?: string[]; except?: string[] } = {}): Promise<number> {
  if (options.ids?.length === 0) return 0;
  let query = db
    .updateTable('outbox')
    .set({ locked_by: null, locked_until: null })
    .where('locked_by', '=', workerId)
    .where('status', '=', pending);
  if (options.ids) query = query.where('id', 'in', options.ids);
  if (options.except?.length) query = query.where('id', 'not in', options.except);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}
