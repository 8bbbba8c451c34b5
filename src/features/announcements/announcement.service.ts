/**
 * Announcements: write (a draft with its recipient count), preview, a test to oneself, send.
 * Sending marks the announcement once (draft → sending, audited in that transaction); the job
 * `enqueueAnnouncements` then writes one outbox row per recipient in batches, each row linked
 * to its registration, so nothing is enqueued twice and progress is counted from the outbox.
 */
import type { Locale } from '../../i18n/locale.ts';
import { toTraditional } from '../../i18n/traditional.ts';
import { inTransaction } from '../../db/transaction.ts';
import type { Deps } from '../deps.ts';
import { enqueueEmail } from '../notifications/outbox.repository.ts';
import { iso } from '../shared/clock.ts';
import { DomainError } from '../shared/domain-error.ts';
import { newId } from '../shared/secrets.ts';
import { audit, type Actor } from '../staff/audit.ts';
import * as repo from './announcement.repository.ts';
import type { Announcement, AnnouncementDraft, AnnouncementProgress, AnnouncementText } from './announcement.types.ts';

/** Emails enqueued per transaction by the job. */
export const BATCH_SIZE = 100;

const subjectOf = (id: string) => ({ type: 'announcement', id });

/** The subject and body a recipient reads: English, Simplified, or Traditional converted from Simplified. */
export function announcementIn(text: AnnouncementText, locale: Locale): { subject: string; body: string } {
  if (locale === 'en') return { subject: text.subjectEn, body: text.bodyEn };
  if (locale === 'zh') return { subject: text.subjectZh, body: text.bodyZh };
  return { subject: toTraditional(text.subjectZh), body: toTraditional(text.bodyZh) };
}

const asLocale = (value: string): Locale => (value === 'zh' || value === 'zh-hant' ? value : 'en');

/** Save a draft; returns its id. The page then shows the preview and the recipient count. */
export async function draftAnnouncement(deps: Deps, actor: Actor, draft: AnnouncementDraft): Promise<string> {
  const id = newId();
  await inTransaction(deps.db, async (trx) => {
    const total = await repo.countRecipients(trx, deps.catalog, draft.filter);
    await repo.insertAnnouncement(trx, {
      ...draft,
      id,
      edition: deps.catalog.edition,
      createdBy: actor.userId,
      now: iso(deps.clock.now()),
      total,
    });
    await audit({ db: trx, clock: deps.clock }, actor, 'announcement.draft', subjectOf(id), { total });
  });
  return id;
}

export async function getAnnouncement(deps: Deps, id: string): Promise<Announcement> {
  const found = await repo.findAnnouncement(deps.db, id);
  if (!found) throw new DomainError('NotFound');
  return found;
}

export const listAnnouncements = (deps: Deps) => repo.listAnnouncements(deps.db, deps.catalog.edition);

/** Recipients the draft's filter selects right now. */
export const countRecipients = (deps: Deps, a: Announcement) => repo.countRecipients(deps.db, deps.catalog, a.filter);

/** One copy to the staff member's own address, in the language they read the workspace in. */
export async function sendTestToSelf(
  deps: Deps,
  actor: Actor,
  id: string,
  to: { email: string; name: string; locale: Locale },
): Promise<void> {
  const a = await getAnnouncement(deps, id);
  await inTransaction(deps.db, async (trx) => {
    const payload = { announcementId: a.id, name: to.name, ...announcementIn(a, to.locale) };
    await enqueueEmail(trx, { kind: 'announcement', recipient: to.email, locale: to.locale, payload }, deps.clock.now());
    await audit({ db: trx, clock: deps.clock }, actor, 'announcement.test', subjectOf(a.id));
  });
}

/** Decide the send (once: a second post changes nothing); the job enqueues the emails. */
export async function sendAnnouncement(deps: Deps, actor: Actor, id: string): Promise<boolean> {
  return inTransaction(deps.db, async (trx) => {
    const a = await repo.findAnnouncement(trx, id);
    if (!a) throw new DomainError('NotFound');
    const total = await repo.countRecipients(trx, deps.catalog, a.filter);
    const decided = await repo.markSending(trx, id, total, iso(deps.clock.now()));
    if (decided) await audit({ db: trx, clock: deps.clock }, actor, 'announcement.send', subjectOf(id), { total });
    return decided;
  });
}

/** One batch of one announcement; true when every recipient has an outbox row. */
async function enqueueBatch(deps: Deps, a: Announcement, size: number): Promise<boolean> {
  return inTransaction(deps.db, async (trx) => {
    const now = deps.clock.now();
    const batch = await repo.nextRecipients(trx, deps.catalog, a, size);
    for (const r of batch) {
      const locale = asLocale(r.locale);
      const payload = { announcementId: a.id, personId: r.personId, name: r.name, ...announcementIn(a, locale) };
      const outboxId = await enqueueEmail(trx, { kind: 'announcement', recipient: r.email, locale, payload }, now);
      await repo.insertRecipient(trx, a.id, r.registrationId, outboxId);
    }
    if (batch.length < size) await repo.markQueued(trx, a.id);
    return batch.length < size;
  });
}

/** The job: every announcement being sent gets its outbox rows, a batch per transaction. */
export async function enqueueAnnouncements(deps: Deps, size = BATCH_SIZE): Promise<number> {
  let batches = 0;
  for (const a of await repo.sendingAnnouncements(deps.db)) {
    let done = false;
    while (!done) {
      done = await enqueueBatch(deps, a, size);
      batches += 1;
    }
  }
  return batches;
}

/** Sent, failed and total so far. */
export async function announcementProgress(deps: Deps, id: string): Promise<AnnouncementProgress> {
  const a = await getAnnouncement(deps, id);
  const counts = await repo.outboxCounts(deps.db, id);
  const sent = counts.sent ?? 0;
  const failed = counts.failed ?? 0;
  const queued = sent + failed + (counts.pending ?? 0);
  const total = a.status === 'queued' ? queued : a.total;
  return { status: a.status, total, queued, sent, failed, done: a.status === 'queued' && sent + failed === queued };
}
