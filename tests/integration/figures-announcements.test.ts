import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { register } from '../../src/features/registration/registration.service.ts';
import { cancelInTransaction } from '../../src/features/registration/waitlist.service.ts';
import { findRegistration } from '../../src/features/registration/registration.repository.ts';
import { inTransaction } from '../../src/db/transaction.ts';
import { syncSlotCapacities } from '../../src/features/visits/visit-jobs.service.ts';
import { liveFigures } from '../../src/features/reports/figures.service.ts';
import { scanTicket } from '../../src/features/checkin/checkin.service.ts';
import { ticketCode } from '../../src/features/printouts/ticket-code.ts';
import {
  announcementProgress,
  draftAnnouncement,
  enqueueAnnouncements,
  getAnnouncement,
  sendAnnouncement,
  sendTestToSelf,
} from '../../src/features/announcements/announcement.service.ts';
import { parseAnnouncement } from '../../src/features/announcements/announcement.schema.ts';
import type { RecipientFilter } from '../../src/features/announcements/announcement.types.ts';
import type { Actor } from '../../src/features/staff/audit.ts';
import { createTestDb, dialects, type TestDb } from '../support/databases.ts';
import { form, makeDeps, type TestDeps } from '../support/deps.ts';
import { bookVisitForm, visitForm } from '../support/visits.ts';

const actor: Actor = { userId: 'staff-1', email: 'desk@example.org' };
const text = { subjectEn: 'Shuttle times', bodyEn: 'Buses leave at 8.\n\nSee you there.', subjectZh: '班车时间', bodyZh: '班车八点发车。' };

describe.each(dialects)('figures and announcements on %s', (dialect) => {
  let t: TestDb;
  let deps: TestDeps;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    t = await createTestDb(dialect, { poolSize: 10 });
    deps = await makeDeps(t);
    await syncSlotCapacities(deps);
    const reg = async (key: string, overrides: Record<string, string | boolean | undefined> = {}) => {
      const result = await register(deps, form(overrides), 'client');
      ids[key] = result.registrationId;
    };
    await reg('p1a', { session: 'p1' });
    await reg('p1b', { session: 'p1', locale: 'zh-hant', name: '陳大文' });
    await reg('p2', { session: 'p2', category: 'international', email: 'guest@example.org' });
    deps.clock.advance(86_400_000);
    await reg('media', { session: 'p2', ticket: 'media' });
    await reg('gone', { session: 'p1' });
    await inTransaction(deps.db, async (trx) => cancelInTransaction(trx, deps, (await findRegistration(trx, ids.gone))!));
    await bookVisitForm(deps, visitForm(1, { email: 'guest@example.org', slot: 'slot-a' }), 'client');
    await scanTicket(deps, { pointId: 'entrance', code: ticketCode(deps.keys.tickets, ids.p1a), deviceId: 'd', clientRef: 'r1' });
  });
  afterAll(() => t.drop());

  it('test_liveFigures_realData_countsFillWaitingAndCheckIns', async () => {
    const f = await liveFigures(deps);
    const p1 = f.sessions.find((s) => s.id === 'p1');
    expect(p1).toMatchObject({ seated: 2, capacity: 100, waiting: 0 });
    expect(f.sessions.find((s) => s.id === 'p2')?.seated).toBeGreaterThanOrEqual(1);
    expect(f.slots.find((s) => s.id === 'slot-a')?.capacity).toBe(30);
    const last = (category: string) => f.registrationsByDay.filter((d) => d.categoryId === category).at(-1)?.cumulative;
    expect(last('mainland')).toBe(3);
    expect(last('international')).toBe(1);
    expect(new Set(f.registrationsByDay.map((d) => d.day)).size).toBe(2);
    expect(f.checkIns.find((c) => c.pointId === 'entrance')?.tickets).toBe(1);
    expect(f.payments).toEqual({ count: 0, sumCents: 0, currency: 'CNY' });
    expect(f.lettersPending).toBe(0);
    expect(f.mainWaiting).toBe(0);
  });

  const recipientsOf = async (filter: RecipientFilter) => {
    const id = await draftAnnouncement(deps, actor, { ...text, filter });
    return (await getAnnouncement(deps, id)).total;
  };

  it('test_recipients_perFilter_matchWithoutDuplicatesOrCancelled', async () => {
    expect(await recipientsOf({})).toBe(4);
    expect(await recipientsOf({ sessionId: 'p1' })).toBe(2);
    expect(await recipientsOf({ sessionId: 'p2' })).toBe(2);
    expect(await recipientsOf({ international: true })).toBe(1);
    expect(await recipientsOf({ ticketId: 'media' })).toBe(1);
    expect(await recipientsOf({ status: 'awaiting_approval' })).toBe(1);
    expect(await recipientsOf({ slotId: 'slot-a' })).toBe(1);
    expect(await recipientsOf({ slotId: 'slot-b' })).toBe(0);
    expect(await recipientsOf({ categoryId: 'mainland', sessionId: 'p1' })).toBe(2);
  });

  it('test_parseAnnouncement_emptyFields_failPerFieldAndFiltersAreKept', () => {
    expect(() => parseAnnouncement({ subjectEn: '', bodyEn: 'x', subjectZh: 'x', bodyZh: 'x' })).toThrow();
    const draft = parseAnnouncement({ ...text, sessionId: 'p1', status: '', international: 'yes' });
    expect(draft.filter).toEqual({ sessionId: 'p1', international: true });
  });

  it('test_sendAnnouncement_postedTwice_enqueuesOncePerRecipientInTheirLanguage', async () => {
    const id = await draftAnnouncement(deps, actor, { ...text, filter: { sessionId: 'p1' } });
    expect(await sendAnnouncement(deps, actor, id)).toBe(true);
    expect(await sendAnnouncement(deps, actor, id)).toBe(false);
    await enqueueAnnouncements(deps, 1);
    await enqueueAnnouncements(deps, 1);
    const rows = await t.db
      .selectFrom('announcement_recipient')
      .innerJoin('outbox', 'outbox.id', 'announcement_recipient.outbox_id')
      .select(['outbox.locale', 'outbox.payload', 'outbox.kind'])
      .where('announcement_id', '=', id)
      .execute();
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.kind === 'announcement')).toBe(true);
    const subjects = rows.map((r) => `${r.locale}:${(JSON.parse(r.payload) as { subject: string }).subject}`).sort();
    expect(subjects).toEqual(['en:Shuttle times', 'zh-hant:班車時間']);
    expect((await getAnnouncement(deps, id)).status).toBe('queued');
    const audits = await t.db.selectFrom('audit_log').select('action').where('subject_id', '=', id).execute();
    expect(audits.map((a) => a.action).sort()).toEqual(['announcement.draft', 'announcement.send']);
  });

  it('test_announcementProgress_outboxRowsSentAndFailed_countedToTheEnd', async () => {
    const id = await draftAnnouncement(deps, actor, { ...text, filter: {} });
    await sendAnnouncement(deps, actor, id);
    expect(await announcementProgress(deps, id)).toMatchObject({ status: 'sending', total: 4, sent: 0, failed: 0, done: false });
    await enqueueAnnouncements(deps);
    const outboxIds = (await t.db.selectFrom('announcement_recipient').select('outbox_id').where('announcement_id', '=', id).execute()).map(
      (r) => r.outbox_id,
    );
    await t.db.updateTable('outbox').set({ status: 'sent' }).where('id', 'in', outboxIds.slice(0, 3)).execute();
    expect(await announcementProgress(deps, id)).toMatchObject({ total: 4, sent: 3, failed: 0, done: false });
    await t.db.updateTable('outbox').set({ status: 'failed' }).where('id', '=', outboxIds[3]).execute();
    expect(await announcementProgress(deps, id)).toEqual({ status: 'queued', total: 4, queued: 4, sent: 3, failed: 1, done: true });
  });

  it('test_sendTestToSelf_staffAddress_oneOutboxRowWithoutMagicLink', async () => {
    const id = await draftAnnouncement(deps, actor, { ...text, filter: {} });
    await sendTestToSelf(deps, actor, id, { email: 'desk@example.org', name: 'Desk', locale: 'zh' });
    const rows = await t.db.selectFrom('outbox').select(['payload', 'locale']).where('recipient', '=', 'desk@example.org').execute();
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0].payload)).toEqual({ announcementId: id, name: 'Desk', subject: '班车时间', body: '班车八点发车。' });
    expect((await getAnnouncement(deps, id)).status).toBe('draft');
  });
});
