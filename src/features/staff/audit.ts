/**
 * The audit log: every staff action that changes data or reveals personal data (who, what,
 * which record, when). Written with `audit()` inside the transaction of the change it records;
 * ids only in `subject` and `detail`, never names, addresses or document numbers of attendees.
 */
import type { Executor } from '../../db/transaction.ts';
import type { Clock } from '../shared/clock.ts';
import { iso } from '../shared/clock.ts';
import { newId } from '../shared/secrets.ts';

/** Who acted: a staff member, or the system (command line, first start). */
export interface Actor {
  userId: string | null;
  email: string | null;
}

export const systemActor: Actor = { userId: null, email: null };

/** What was acted on (a registration, a booking, a staff account …). */
export interface Subject {
  type: string;
  id: string;
}

/** Actions recorded so far; later screens add theirs (`registration.refund`, `visit.reveal-documents` …). */
export type AuditAction =
  | 'staff.create-admin'
  | 'staff.invite'
  | 'staff.password-set'
  | 'staff.role-change'
  | 'staff.ban'
  | 'staff.unban'
  | 'staff.remove'
  | 'staff.sign-in'
  | 'staff.sign-in-failed-totp'
  | 'staff.sign-out'
  | 'staff.totp-enabled'
  | (string & {});

type Detail = Record<string, string | number | boolean | null>;

/** Record one action; call it with the transaction (`{ db: trx, clock }`) that makes the change. */
export async function audit(
  deps: { db: Executor; clock: Clock },
  actor: Actor,
  action: AuditAction,
  subject: Subject | null,
  detail: Detail = {},
): Promise<string> {
  const id = newId();
  await deps.db
    .insertInto('audit_log')
    .values({
      id,
      at: iso(deps.clock.now()),
      actor_user_id: actor.userId,
      actor_email: actor.email,
      action,
      subject_type: subject?.type ?? null,
      subject_id: subject?.id ?? null,
      detail: JSON.stringify(detail),
    })
    .execute();
  return id;
}

/**
 * Record that personal data was shown or exported (identity documents, an export of
 * registrations): call it in the request that reveals them, before the data leaves.
 */
export function auditReveal(
  deps: { db: Executor; clock: Clock },
  actor: Actor,
  what: string,
  subject: Subject | null,
  detail: Detail = {},
) {
  return audit(deps, actor, `reveal.${what}`, subject, detail);
}

export interface AuditEntry {
  id: string;
  at: string;
  actorUserId: string | null;
  actorEmail: string | null;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  detail: Detail;
}

export interface AuditFilter {
  actor?: string | undefined;
  action?: string | undefined;
  page?: number | undefined;
}

export const AUDIT_PAGE_SIZE = 50;

/** One page of the log, newest first, filtered by actor (user id or email) and action (exact or prefix "staff."). */
export async function listAudit(
  db: Executor,
  filter: AuditFilter,
): Promise<{ entries: AuditEntry[]; total: number; page: number; pages: number }> {
  let query = db.selectFrom('audit_log');
  if (filter.actor) {
    const actor = filter.actor.trim().toLowerCase();
    query = query.where((eb) => eb.or([eb('actor_user_id', '=', filter.actor!.trim()), eb('actor_email', '=', actor)]));
  }
  if (filter.action) {
    const action = filter.action.trim();
    query = action.endsWith('.') ? query.where('action', 'like', `${action.replace(/[%_\\]/g, '')}%`) : query.where('action', '=', action);
  }
  const { count } = await query.select((eb) => eb.fn.countAll<string | number>().as('count')).executeTakeFirstOrThrow();
  const total = Number(count);
  const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
  const page = Math.min(Math.max(1, Math.floor(filter.page ?? 1)), pages);
  const rows = await query
    .selectAll()
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(AUDIT_PAGE_SIZE)
    .offset((page - 1) * AUDIT_PAGE_SIZE)
    .execute();
  const entries = rows.map((r) => ({
    id: r.id,
    at: r.at,
    actorUserId: r.actor_user_id,
    actorEmail: r.actor_email,
    action: r.action,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    detail: JSON.parse(r.detail) as Detail,
  }));
  return { entries, total, page, pages };
}

/** The distinct actions recorded, for the filter's choices. */
export async function auditActions(db: Executor): Promise<string[]> {
  const rows = await db.selectFrom('audit_log').select('action').distinct().orderBy('action').execute();
  return rows.map((r) => r.action);
}
