/**
 * The organizers' registration screens on both databases: the list's search, filters and pages,
 * and every staff action (approve, reject, letters, move a session, resend, notes, cancel with or
 * without refund, offline payment) with its idempotency and its audit row in the same transaction.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { register } from '../../src/features/registration/registration.service.ts';
import { findRegistration } from '../../src/features/registration/registration.repository.ts';
import { applyCheckout, startCheckout } from '../../src/features/payments/payment.service.ts';
import { completeSimulatedCheckout } from '../../src/features/payments/simulated-gateway.ts';
import { listRegistrations, REGISTRATION_PAGE_SIZE } from '../../src/features/organizer/registration-list.service.ts';
import { parseRegistrationListQuery } from '../../src/features/organizer/registration-list.schema.ts';
import { parseOfflinePayment } from '../../src/features/organizer/registration-admin.schema.ts';
import {
  addNote,
  approveByStaff,
  decideLetterByStaff,
  moveChoiceByStaff,
  rejectByStaff,
  resendLinkByStaff,
} from '../../src/features/organizer/registration-decisions.service.ts';
import { cancelByStaff, recordOfflinePayment } from '../../src/features/organizer/registration-money.service.ts';
import { registrationDetail } from '../../src/features/organizer/registration-detail.service.ts';
import { can } from '../../src/features/staff/roles.ts';
import type { Actor } from '../../src/features/staff/audit.ts';
import { createTestDb, dialects, type TestDb } from '../support/databases.ts';
import { BLOCK_1, form, makeCatalog, makeDeps, type TestDeps } from '../support/deps.ts';
import { refusal, rejects } from '../support/domain.ts';

const actor: Actor = { userId: 'staff-1', email: 'desk@example.org' };

const letter = {
  category: 'international',
  letter: true,
  passportName: 'SCHMIDT ANNA',
  passportNumber: 'C01X00T47',
  nationality: 'Germany',
  arrival: '2024-12-17',
  departure: '2024-12-22',
  birthDate: '1985-03-03',
  passportExpiry: '2031-06-01',
};

describe.each(dialects)('registration admin on %s', (dialect) => {
  let t: TestDb;
  let deps: TestDeps;
  beforeAll(async () => {
    t = await createTestDb(dialect, { poolSize: 10 });
    deps = await makeDeps(t, { catalog: makeCatalog({ parallelSeats: 2 }) });
  });
  afterAll(() => t.drop());

  // Each registration from a client of its own: one client may send 20 forms per 10 minutes.
  let clients = 0;
  const client = () => `client-${++clients}`;
  const registerWith = async (overrides: Parameters<typeof form>[0] = {}) =>
    (await register(deps, form(overrides), client())).registrationId;
  const auditOf = (id: string) =>
    t.db.selectFrom('audit_log').select(['action', 'actor_email']).where('subject_id', '=', id).orderBy('at').orderBy('id').execute();
  const kinds = async (email: string) =>
    (await t.db.selectFrom('outbox').select('kind').where('recipient', '=', email).orderBy('created_at').execute()).map((r) => r.kind);
  const list = (query: string) => listRegistrations(t.db, deps.catalog.edition, parseRegistrationListQuery(new URLSearchParams(query)));
  const paid = async (name: string) => {
    const reg = await register(deps, form({ ticket: 'paid', name }), client());
    const url = await startCheckout(deps, reg.personId, 'en');
    await applyCheckout(deps, (await completeSimulatedCheckout(t.db, url.split('/').at(-2)!, deps.clock))!);
    return reg.registrationId;
  };

  it('test_list_searches_by_name_email_organization_and_reference', async () => {
    const id = await registerWith({
      name: 'Zhou Wenqing 周文清',
      organization: 'Hotline Research Unit',
      email: `zhou-${dialect}@example.org`,
    });
    for (const q of ['wenqing', '周文清', 'HOTLINE research', `zhou-${dialect}@`, id.slice(0, 8)]) {
      const result = await list(`q=${encodeURIComponent(q)}`);
      expect(
        result.rows.map((r) => r.id),
        q,
      ).toContain(id);
    }
    expect((await list('q=nobody-has-this-name')).total).toBe(0);
    expect((await list('q=%25')).rows.length).toBeLessThanOrEqual(REGISTRATION_PAGE_SIZE);
  });

  it('test_list_filters_by_status_ticket_session_letter_payment_and_checkin', async () => {
    const media = await registerWith({ ticket: 'media', name: 'Filter Media' });
    const withLetter = await registerWith({ ...letter, name: 'Filter Letter', session: 'p2' });
    const card = await paid(`Filter Paid ${dialect}`);
    await t.db.updateTable('registration').set({ checked_in_at: '2024-12-19T01:00:00.000Z' }).where('id', '=', card).execute();
    const ids = async (q: string) => (await list(q)).rows.map((r) => r.id);
    expect(await ids('status=awaiting_approval&ticket=media')).toContain(media);
    expect(await ids('status=awaiting_approval')).not.toContain(card);
    expect(await ids('letter=requested')).toContain(withLetter);
    expect(await ids('letter=requested')).not.toContain(media);
    expect(await ids('session=p2')).toContain(withLetter);
    expect(await ids('session=p2')).not.toContain(media);
    expect(await ids(`payment=paid&q=Filter Paid ${dialect}`)).toEqual([card]);
    expect(await ids(`payment=none&q=Filter Paid ${dialect}`)).toEqual([]);
    expect(await ids('checkedIn=yes')).toContain(card);
    expect(await ids('checkedIn=yes')).not.toContain(media);
    expect(await ids('checkedIn=no')).not.toContain(card);
    expect(await ids('category=international')).toContain(withLetter);
    expect((await list('edition=some-other-edition')).total).toBe(0);
    const row = (await list(`q=${card.slice(0, 8)}`)).rows[0];
    expect(row).toMatchObject({ reference: card.slice(0, 8), payment: 'paid', ticketId: 'paid' });
  });

  it('test_list_pages_by_50_and_sorts_by_created_date', async () => {
    for (let i = 0; i < 55; i++) {
      deps.clock.advance(1000);
      await registerWith({ organization: `Paging Org ${dialect}` });
    }
    const first = await list(`q=Paging Org ${dialect}`);
    expect(first).toMatchObject({ total: 55, page: 1, pages: 2 });
    expect(first.rows).toHaveLength(50);
    const second = await list(`q=Paging Org ${dialect}&page=2`);
    expect(second.rows).toHaveLength(5);
    const oldest = await list(`q=Paging Org ${dialect}&sort=oldest`);
    expect(oldest.rows[0].createdAt < first.rows[0].createdAt).toBe(true);
    expect(first.rows.map((r) => r.createdAt)).toEqual([...first.rows.map((r) => r.createdAt)].sort().reverse());
    expect((await list(`q=Paging Org ${dialect}&page=99`)).page).toBe(2);
  });

  it('test_approve_and_reject_requests_are_idempotent_and_audited', async () => {
    const email = `media-${dialect}@example.org`;
    const id = await registerWith({ ticket: 'media', email });
    expect(await approveByStaff(deps, actor, id)).toBe('done');
    expect(await approveByStaff(deps, actor, id)).toBe('already');
    expect((await findRegistration(t.db, id))!.status).toBe('confirmed');
    expect(await kinds(email)).toEqual(['registration-pending-approval', 'registration-confirmed']);
    expect(await auditOf(id)).toEqual([{ action: 'registration.approve', actor_email: actor.email }]);
    expect((await rejects(rejectByStaff(deps, actor, id))).code).toBe('NotChangeable');

    const other = await registerWith({ ticket: 'media' });
    expect(await rejectByStaff(deps, actor, other)).toBe('done');
    expect(await rejectByStaff(deps, actor, other)).toBe('already');
    expect((await findRegistration(t.db, other))!.status).toBe('cancelled');
    expect((await auditOf(other)).map((a) => a.action)).toEqual(['registration.reject']);
    expect((await rejects(approveByStaff(deps, actor, other))).code).toBe('NotChangeable');
  });

  it('test_letter_decisions_are_idempotent_and_audited', async () => {
    const id = await registerWith(letter);
    expect(await decideLetterByStaff(deps, actor, id, 'approved')).toBe('done');
    expect(await decideLetterByStaff(deps, actor, id, 'approved')).toBe('already');
    expect((await rejects(decideLetterByStaff(deps, actor, id, 'rejected', 'late'))).code).toBe('NotChangeable');
    expect((await auditOf(id)).map((a) => a.action)).toEqual(['registration.letter-approve']);
    const other = await registerWith(letter);
    expect(await decideLetterByStaff(deps, actor, other, 'rejected', 'Dates outside the forum')).toBe('done');
    expect((await findRegistration(t.db, other))!).toMatchObject({ letter_state: 'rejected', letter_note: 'Dates outside the forum' });
    expect((await auditOf(other)).map((a) => a.action)).toEqual(['registration.letter-reject']);
  });

  it('test_move_choice_respects_seats_and_is_audited', async () => {
    // p2 has 2 seats: fill them, then a move into p2 waits
    await registerWith({ session: 'p2' });
    await registerWith({ session: 'p2' });
    const id = await registerWith({ session: 'p1' });
    expect(await moveChoiceByStaff(deps, actor, id, BLOCK_1, 'p2')).toBe('waiting');
    expect(await moveChoiceByStaff(deps, actor, id, BLOCK_1, 'p2')).toBe('unchanged');
    const detail = await registrationDetail(deps, actor, id);
    expect(detail.choices).toMatchObject([{ session_id: 'p2', status: 'waiting', position: expect.any(Number) }]);
    expect((await auditOf(id)).map((a) => a.action)).toEqual(['registration.move-session']);
    expect((await rejects(moveChoiceByStaff(deps, actor, id, BLOCK_1, 'p3'))).code).toBe('InvalidInput');
  });

  it('test_resend_link_and_notes_are_audited_and_shown', async () => {
    const email = `resend-${dialect}@example.org`;
    const id = await registerWith({ email });
    await resendLinkByStaff(deps, actor, id);
    expect(await kinds(email)).toContain('access-link');
    await addNote(deps, actor, id, 'Called: arrives late on day 1.');
    expect((await rejects(addNote(deps, actor, id, '   '))).fields).toEqual({ note: 'form.error.required' });
    const detail = await registrationDetail(deps, actor, id);
    expect(detail.notes.map((n) => n.body)).toEqual(['Called: arrives late on day 1.']);
    expect(detail.emails.map((e) => e.kind)).toContain('access-link');
    expect(detail.history.map((h) => h.action).sort()).toEqual(['registration.note', 'registration.resend-link']);
  });

  it('test_passport_number_masked_unless_revealed_and_reveal_audited', async () => {
    const id = await registerWith(letter);
    const masked = await registrationDetail(deps, actor, id);
    expect(masked.passportNumber).toBe('•••••••47');
    expect(await auditOf(id)).toEqual([]);
    const shown = await registrationDetail(deps, actor, id, true);
    expect(shown.passportNumber).toBe('C01X00T47');
    expect((await auditOf(id)).map((a) => a.action)).toEqual(['reveal.passport-number']);
  });

  it('test_cancel_with_refund_goes_through_the_gateway_and_without_keeps_the_payment', async () => {
    const id = await paid('Refund Me');
    expect(await cancelByStaff(deps, actor, id, true)).toBe('done');
    expect(await cancelByStaff(deps, actor, id, true)).toBe('already');
    const payment = await t.db.selectFrom('payment').selectAll().where('registration_id', '=', id).executeTakeFirstOrThrow();
    expect(payment).toMatchObject({ status: 'refunded', refund_reason: 'cancelled' });
    expect(payment.refund_id).toBeTruthy();
    expect((await findRegistration(t.db, id))!.status).toBe('cancelled');
    expect(await auditOf(id)).toEqual([{ action: 'registration.refund', actor_email: actor.email }]);

    const kept = await paid('Keep Payment');
    expect(await cancelByStaff(deps, actor, kept, false)).toBe('done');
    const keptPayment = await t.db.selectFrom('payment').select('status').where('registration_id', '=', kept).executeTakeFirstOrThrow();
    expect(keptPayment.status).toBe('paid');
    expect((await auditOf(kept)).map((a) => a.action)).toEqual(['registration.cancel']);
  });

  it('test_offline_payment_confirms_issues_a_receipt_and_is_idempotent', async () => {
    const email = `bank-${dialect}@example.org`;
    const id = await registerWith({ ticket: 'paid', email });
    const input = parseOfflinePayment({ registrationId: id, amount: '1,200.00', paidOn: '2024-11-20', reference: 'BOC 2024-1120-77' });
    expect(input.amountCents).toBe(120_000);
    expect(await recordOfflinePayment(deps, actor, id, input)).toBe('done');
    expect(await recordOfflinePayment(deps, actor, id, input)).toBe('already');
    expect((await findRegistration(t.db, id))!.status).toBe('confirmed');
    const payments = await t.db.selectFrom('payment').selectAll().where('registration_id', '=', id).execute();
    expect(payments).toMatchObject([{ provider: 'offline', status: 'paid', offline_reference: 'BOC 2024-1120-77', paid_on: '2024-11-20' }]);
    const receipt = await t.db.selectFrom('receipt').selectAll().where('registration_id', '=', id).executeTakeFirstOrThrow();
    expect(receipt).toMatchObject({ method: 'offline', amount_cents: 120_000 });
    expect((await kinds(email)).at(-1)).toBe('registration-confirmed');
    expect((await auditOf(id)).map((a) => a.action)).toEqual(['registration.offline-payment']);
    const other = parseOfflinePayment({ registrationId: id, amount: '1200', paidOn: '2024-11-21', reference: 'another' });
    expect((await rejects(recordOfflinePayment(deps, actor, id, other))).code).toBe('NotPayable');
    expect(refusal(() => parseOfflinePayment({ registrationId: id, amount: '-3', paidOn: 'x', reference: '' })).fields).toEqual({
      amount: 'admin.reg.error.amount',
      paidOn: 'form.error.date',
      reference: 'form.error.required',
    });
    // refunding a cancelled bank transfer marks it refunded (the money goes back by bank)
    expect(await cancelByStaff(deps, actor, id, true)).toBe('done');
    expect((await t.db.selectFrom('payment').select('status').where('registration_id', '=', id).executeTakeFirstOrThrow()).status).toBe(
      'refunded',
    );
  });

  it('test_desk_cannot_refund_but_admin_can', () => {
    expect(can('desk', 'registration:write')).toBe(true);
    expect(can('desk', 'registration:refund')).toBe(false);
    expect(can('admin', 'registration:refund')).toBe(true);
    expect(can('checkin', 'registration:read')).toBe(false);
  });
});
