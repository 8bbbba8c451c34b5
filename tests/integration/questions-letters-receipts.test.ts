/**
 * Custom questions, invitation letters as a request, receipts and invoice details, on both
 * databases: the form parsed as the register action parses it, real services, real SQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/features/registration/catalog.ts';
import { register } from '../../src/features/registration/registration.service.ts';
import { parseRegistrationForm } from '../../src/features/registration/registration-form.ts';
import { answersOf } from '../../src/features/registration/questions.ts';
import { approveLetter, rejectLetter } from '../../src/features/registration/letters.service.ts';
import { findRegistration } from '../../src/features/registration/registration.repository.ts';
import { applyCheckout, startCheckout } from '../../src/features/payments/payment.service.ts';
import { completeSimulatedCheckout } from '../../src/features/payments/simulated-gateway.ts';
import { open } from '../../src/features/shared/secrets.ts';
import { letterPdf, receiptPdf } from '../../src/server/letter-and-receipt.ts';
import { createTestDb, dialects, type TestDb } from '../support/databases.ts';
import { formRecord, makeCatalog, makeDeps, type TestDeps } from '../support/deps.ts';
import { refusal, rejects } from '../support/domain.ts';

function catalogWithQuestions(): Catalog {
  const catalog = makeCatalog({ parallelSeats: 1000 });
  const opt = (id: string) => ({ id, label: { en: `Option ${id}`, zh: `选项${id}` } });
  return {
    ...catalog,
    questions: [
      {
        id: 'studies',
        kind: 'text',
        required: true,
        label: { en: 'Your studies', zh: '专业' },
        options: [],
        tickets: ['paid'],
        categories: [],
        sample: false,
      },
      {
        id: 'heard',
        kind: 'choice',
        required: false,
        label: { en: 'Heard from', zh: '来源' },
        options: [opt('news'), opt('friend')],
        tickets: [],
        categories: [],
        sample: false,
      },
      {
        id: 'topics',
        kind: 'multi-choice',
        required: false,
        label: { en: 'Topics', zh: '议题' },
        options: [opt('a'), opt('b'), opt('c')],
        tickets: [],
        categories: [],
        sample: false,
      },
      {
        id: 'vegan',
        kind: 'yes-no',
        required: false,
        label: { en: 'Vegan', zh: '素食' },
        options: [],
        tickets: [],
        categories: [],
        sample: false,
      },
      {
        id: 'residence',
        kind: 'country',
        required: true,
        label: { en: 'Residence', zh: '居住地' },
        options: [],
        tickets: [],
        categories: ['international'],
        sample: false,
      },
    ],
    letter: {
      letterhead: { en: 'Organizing Committee', zh: '组委会' },
      signatory: { en: 'Li Ming', zh: '李明' },
      signatoryTitle: { en: 'Secretary-General', zh: '秘书长' },
      purpose: { en: 'to attend the forum', zh: '出席论坛' },
      sample: false,
    },
  };
}

const letterFields = {
  category: 'international',
  'question-residence': 'DE',
  letter: true,
  passportName: 'SCHMIDT ANNA',
  passportNumber: 'C01X00T47',
  nationality: 'Germany',
  arrival: '2024-12-17',
  departure: '2024-12-22',
  birthDate: '1985-03-03',
  passportExpiry: '2031-06-01',
};

describe.each(dialects)('custom questions, letters and receipts on %s', (dialect) => {
  let t: TestDb;
  let deps: TestDeps;
  beforeAll(async () => {
    t = await createTestDb(dialect, { poolSize: 20 });
    deps = await makeDeps(t, { catalog: catalogWithQuestions() });
  });
  afterAll(() => t.drop());

  const parse = (overrides: Record<string, unknown>) => parseRegistrationForm(deps.catalog, formRecord(overrides), deps.clock.now());
  const registerWith = async (overrides: Record<string, unknown>) => register(deps, parse(overrides), 'c');
  const kindsFor = async (registrationId: string) =>
    (await t.db.selectFrom('outbox').select(['kind', 'payload']).orderBy('created_at').execute())
      .filter((r) => JSON.parse(r.payload).registrationId === registrationId)
      .map((r) => ({ kind: r.kind, payload: JSON.parse(r.payload) as Record<string, unknown> }));

  it('test_required_question_missing_is_a_field_error_beside_the_others', () => {
    const error = refusal(() => parse({ ticket: 'paid', name: '' }));
    expect(error.fields).toEqual({ name: 'form.error.required', 'question-studies': 'form.error.required' });
    expect(refusal(() => parse({ category: 'international' })).fields).toEqual({ 'question-residence': 'form.error.required' });
  });

  it('test_optional_questions_may_stay_unanswered', () => {
    expect(parse({}).answers).toEqual([]);
    expect(parse({ 'question-heard': '', 'question-topics': [] }).answers).toEqual([]);
  });

  it('test_invalid_answers_get_field_errors', () => {
    const error = refusal(() =>
      parse({
        ticket: 'paid',
        category: 'international',
        'question-studies': 'x'.repeat(1001),
        'question-heard': 'tv',
        'question-topics': ['a', 'zzz'],
        'question-vegan': 'maybe',
        'question-residence': 'XX',
      }),
    );
    expect(error.fields).toEqual({
      'question-studies': 'form.error.tooLong',
      'question-heard': 'form.error.choice',
      'question-topics': 'form.error.choice',
      'question-vegan': 'form.error.choice',
      'question-residence': 'form.error.choice',
    });
  });

  it('test_answers_to_questions_that_do_not_apply_are_ignored', () => {
    const input = parse({ ticket: 'free', category: 'mainland', 'question-studies': 'Law', 'question-residence': 'nowhere' });
    expect(input.answers).toEqual([]);
  });

  it('test_answers_are_stored_and_read_back', async () => {
    const reg = await registerWith({
      ticket: 'paid',
      category: 'international',
      'question-studies': 'Public administration',
      'question-heard': 'friend',
      'question-topics': ['c', 'a', 'c'],
      'question-vegan': 'yes',
      'question-residence': 'DE',
    });
    const answers = await answersOf(deps, reg.registrationId);
    expect(answers.map(({ questionId, value }) => ({ questionId, value }))).toEqual([
      { questionId: 'studies', value: 'Public administration' },
      { questionId: 'heard', value: 'friend' },
      { questionId: 'topics', value: ['a', 'c'] },
      { questionId: 'vegan', value: 'yes' },
      { questionId: 'residence', value: 'DE' },
    ]);
    const stored = await t.db.selectFrom('registration_answer').selectAll().where('question_id', '=', 'topics').execute();
    expect(stored.find((r) => r.registration_id === reg.registrationId)?.value).toBe('["a","c"]');
  });

  it('test_letter_details_are_checked_and_sealed', async () => {
    expect(refusal(() => parse({ ...letterFields, birthDate: '', passportExpiry: '' })).fields).toEqual({
      birthDate: 'form.error.required',
      passportExpiry: 'form.error.required',
    });
    expect(refusal(() => parse({ ...letterFields, passportExpiry: '2024-12-20', birthDate: '2030-01-01' })).fields).toEqual({
      passportExpiry: 'form.error.passportExpiry',
      birthDate: 'form.error.birthDate',
    });
    const reg = await registerWith(letterFields);
    const row = (await findRegistration(t.db, reg.registrationId))!;
    expect(row.letter_state).toBe('requested');
    expect(row.birth_date_enc).not.toContain('1985');
    expect(open(deps.keys.encryption, row.birth_date_enc!)).toBe('1985-03-03');
    expect(open(deps.keys.encryption, row.passport_expiry_enc!)).toBe('2031-06-01');
  });

  it('test_letter_request_approve_then_pdf_and_repeats_change_nothing', async () => {
    const reg = await registerWith(letterFields);
    const before = (await findRegistration(t.db, reg.registrationId))!;
    await expect(letterPdf(deps, before, 'en')).rejects.toMatchObject({ code: 'NotFound' });
    expect(await approveLetter(deps, reg.registrationId)).toBe('decided');
    expect(await approveLetter(deps, reg.registrationId)).toBe('already');
    expect((await rejects(rejectLetter(deps, reg.registrationId, 'late'))).code).toBe('NotChangeable');
    const after = (await findRegistration(t.db, reg.registrationId))!;
    expect(after.letter_state).toBe('approved');
    expect(after.letter_decided_at).toBe(deps.clock.now().toISOString());
    expect((await kindsFor(reg.registrationId)).map((m) => m.kind)).toEqual(['registration-confirmed', 'letter-approved']);
    const pdf = await letterPdf(deps, after, 'en');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('test_letter_reject_with_reason_and_wrong_states', async () => {
    const reg = await registerWith(letterFields);
    expect(await rejectLetter(deps, reg.registrationId, '  Passport expires too soon  ')).toBe('decided');
    expect(await rejectLetter(deps, reg.registrationId, 'again')).toBe('already');
    expect((await rejects(approveLetter(deps, reg.registrationId))).code).toBe('NotChangeable');
    const row = (await findRegistration(t.db, reg.registrationId))!;
    expect([row.letter_state, row.letter_note]).toEqual(['rejected', 'Passport expires too soon']);
    const mails = await kindsFor(reg.registrationId);
    expect(mails.map((m) => m.kind)).toEqual(['registration-confirmed', 'letter-rejected']);
    expect(mails[1]?.payload.letterNote).toBe('Passport expires too soon');
    const none = await registerWith({});
    expect((await rejects(approveLetter(deps, none.registrationId))).code).toBe('NotChangeable');
    expect((await rejects(rejectLetter(deps, none.registrationId, ''))).code).toBe('NotChangeable');
    expect((await rejects(approveLetter(deps, 'no-such-registration'))).code).toBe('NotFound');
  });

  it('test_invoice_details_are_checked_and_kept_for_paid_tickets_only', async () => {
    expect(refusal(() => parse({ ticket: 'paid', 'question-studies': 'Law', invoiceTitle: 'X', taxNumber: '123-45' })).fields).toEqual({
      taxNumber: 'form.error.taxNumber',
    });
    expect(refusal(() => parse({ ticket: 'paid', 'question-studies': 'Law', taxNumber: '91110000123456789X' })).fields).toEqual({
      invoiceTitle: 'form.error.required',
    });
    const paid = await registerWith({
      ticket: 'paid',
      'question-studies': 'Law',
      invoiceTitle: '北京示例大学',
      taxNumber: '91110000123456789x',
    });
    const free = await registerWith({ ticket: 'free', invoiceTitle: 'Ignored', taxNumber: '91110000123456789X' });
    const [p, f] = [await findRegistration(t.db, paid.registrationId), await findRegistration(t.db, free.registrationId)];
    expect([p?.invoice_title, p?.tax_number]).toEqual(['北京示例大学', '91110000123456789X']);
    expect([f?.invoice_title, f?.tax_number]).toEqual([null, null]);
  });
});

describe.each(dialects)('receipts under concurrency on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb(dialect, { poolSize: 20 });
  });
  afterAll(() => t.drop());

  it('test_200_concurrent_payments_get_unique_sequential_receipts_and_one_email_each', { timeout: 240_000 }, async () => {
    const deps = await makeDeps(t, { catalog: catalogWithQuestions() });
    const regs = [];
    for (let i = 0; i < 200; i++) {
      regs.push(
        await register(
          deps,
          parseRegistrationForm(
            deps.catalog,
            formRecord({ ticket: 'paid', 'question-studies': 'Law', locale: i % 2 ? 'zh' : 'en' }),
            deps.clock.now(),
          ),
          `client-${i}`,
        ),
      );
    }
    const sessions = [];
    for (const reg of regs) {
      const url = await startCheckout(deps, reg.personId, 'en');
      sessions.push((await completeSimulatedCheckout(t.db, url.split('/').at(-2)!, deps.clock))!);
    }
    const outcomes = await Promise.all(sessions.map((s) => applyCheckout(deps, s)));
    expect(outcomes).toEqual(Array(200).fill('confirmed'));
    // A second delivery of each changes nothing: no new receipt, no new email.
    expect(await Promise.all(sessions.slice(0, 20).map((s) => applyCheckout(deps, s)))).toEqual(Array(20).fill('already'));
    const receipts = await t.db.selectFrom('receipt').selectAll().orderBy('seq').execute();
    expect(receipts.map((r) => r.seq)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(new Set(receipts.map((r) => r.number)).size).toBe(200);
    expect(new Set(receipts.map((r) => r.registration_id)).size).toBe(200);
    expect(receipts[0]?.number).toBe('2024-000001');
    expect(receipts[199]?.number).toBe('2024-000200');
    const mails = await t.db.selectFrom('outbox').select(['kind', 'payload']).execute();
    const confirmations = mails.filter((m) => m.kind === 'registration-confirmed');
    expect(mails.filter((m) => m.kind === 'payment-received')).toEqual([]);
    expect(confirmations).toHaveLength(200);
    const numbers = confirmations.map((m) => (JSON.parse(m.payload) as { receipt: { number: string; amount: string } }).receipt);
    expect(new Set(numbers.map((n) => n.number)).size).toBe(200);
    expect(numbers.every((n) => n.amount.startsWith('¥'))).toBe(true);
    const reg = (await findRegistration(t.db, regs[0].registrationId))!;
    const pdf = await receiptPdf(deps, reg, 'zh');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  });
});
