/** Announcements and their recipients in the database (Kysely, SQLite and PostgreSQL alike). */
import type { Database } from '../../db/schema.ts';
import type { Executor } from '../../db/transaction.ts';
import type { Catalog } from '../registration/catalog.ts';
import type { Announcement, AnnouncementDraft, RecipientFilter } from './announcement.types.ts';

const LIVE = ['unconfirmed', 'confirmed', 'pending_payment', 'awaiting_approval', 'waitlisted'] as const;

export interface Recipient {
  registrationId: string;
  personId: string;
  email: string;
  name: string;
  locale: string;
}

/** The registrations a filter selects, one per registration (ordered by id so batches are stable). */
export function recipientsQuery(db: Executor, catalog: Catalog, filter: RecipientFilter) {
  let q = db
    .selectFrom('registration as r')
    .select(['r.id as registrationId', 'r.person_id as personId', 'r.email as email', 'r.name as name', 'r.locale as locale'])
    .where('r.edition', '=', catalog.edition)
    .where('r.status', 'in', filter.status ? [filter.status] : LIVE);
  if (filter.ticketId) q = q.where('r.ticket_id', '=', filter.ticketId);
  if (filter.categoryId) q = q.where('r.category_id', '=', filter.categoryId);
  if (filter.international) {
    const ids = catalog.categories.filter((c) => c.invitationLetter).map((c) => c.id);
    q = q.where('r.category_id', 'in', ids.length ? ids : ['']);
  }
  const sessionId = filter.sessionId;
  if (sessionId)
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('session_choice as c')
          .select('c.registration_id')
          .whereRef('c.registration_id', '=', 'r.id')
          .where('c.session_id', '=', sessionId),
      ),
    );
  const slotId = filter.slotId;
  if (slotId)
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('booking as b')
          .select('b.id')
          .whereRef('b.person_id', '=', 'r.person_id')
          .where('b.slot_id', '=', slotId)
          .where('b.status', 'in', ['unconfirmed', 'confirmed', 'waitlisted']),
      ),
    );
  return q.orderBy('r.id');
}

export async function countRecipients(db: Executor, catalog: Catalog, filter: RecipientFilter): Promise<number> {
  return (await recipientsQuery(db, catalog, filter).execute()).length;
}

type Row = Database['announcement'];

function toAnnouncement(row: Row): Announcement {
  return {
    id: row.id,
    subjectEn: row.subject_en,
    bodyEn: row.body_en,
    subjectZh: row.subject_zh,
    bodyZh: row.body_zh,
    filter: JSON.parse(row.filter) as RecipientFilter,
    createdBy: row.created_by,
    createdAt: row.created_at,
    total: Number(row.total),
    status: row.status,
  };
}

export async function insertAnnouncement(
  db: Executor,
  row: { id: string; edition: string; createdBy: string | null; now: string; total: number } & AnnouncementDraft,
): Promise<void> {
  await db
    .insertInto('announcement')
    .values({
      id: row.id,
      edition: row.edition,
      subject_en: row.subjectEn,
      body_en: row.bodyEn,
      subject_zh: row.subjectZh,
      body_zh: row.bodyZh,
      filter: JSON.stringify(row.filter),
      created_by: row.createdBy,
      created_at: row.now,
      total: row.total,
      status: 'draft',
      sent_at: null,
    })
    .execute();
}

export async function findAnnouncement(db: Executor, id: string): Promise<Announcement | undefined> {
  const row = await db.selectFrom('announcement').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toAnnouncement(row) : undefined;
}

export async function listAnnouncements(db: Executor, edition: string): Promise<Announcement[]> {
  const rows = await db
    .selectFrom('announcement')
    .selectAll()
    .where('edition', '=', edition)
    .orderBy('created_at', 'desc')
    .limit(50)
    .execute();
  return rows.map(toAnnouncement);
}

/** draft → sending, once: the affected-row count tells whether this call decided the send. */
export async function markSending(db: Executor, id: string, total: number, now: string): Promise<boolean> {
  const result = await db
    .updateTable('announcement')
    .set({ status: 'sending', total, sent_at: now })
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function markQueued(db: Executor, id: string): Promise<void> {
  await db.updateTable('announcement').set({ status: 'queued' }).where('id', '=', id).where('status', '=', 'sending').execute();
}

export async function sendingAnnouncements(db: Executor): Promise<Announcement[]> {
  const rows = await db.selectFrom('announcement').selectAll().where('status', '=', 'sending').orderBy('created_at').execute();
  return rows.map(toAnnouncement);
}

/** Recipients of the announcement who have no outbox row yet, up to `limit`. */
export async function nextRecipients(db: Executor, catalog: Catalog, a: Announcement, limit: number): Promise<Recipient[]> {
  return recipientsQuery(db, catalog, a.filter)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('announcement_recipient as ar')
            .select('ar.registration_id')
            .whereRef('ar.registration_id', '=', 'r.id')
            .where('ar.announcement_id', '=', a.id),
        ),
      ),
    )
    .limit(limit)
    .execute();
}

export async function insertRecipient(db: Executor, announcementId: string, registrationId: string, outboxId: string): Promise<void> {
  await db
    .insertInto('announcement_recipient')
    .values({ announcement_id: announcementId, registration_id: registrationId, outbox_id: outboxId })
    .execute();
}

/** Outbox rows of the announcement per status. */
export async function outboxCounts(db: Executor, announcementId: string): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('announcement_recipient as ar')
    .innerJoin('outbox as o', 'o.id', 'ar.outbox_id')
    .select('o.status')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('ar.announcement_id', '=', announcementId)
    .groupBy('o.status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
