/**
 * The organizers' export tables, built from the database: registrations (custom answers and
 * the session choice per block as columns), attendees per session, waiting lists, a visit
 * slot's manifest and payments. Headers come from `label` (the staff member's language); the
 * callers check permissions and audit the reveal before a table leaves the server.
 */
import type { Deps } from '../deps.ts';
import { pick, type Locale, type Localized } from '../../i18n/locale.ts';
import { sessionBlocks, type Catalog } from '../registration/catalog.ts';
import type { VisitorDocument } from '../visits/visits.types.ts';
import { bookingDocumentNumbers, slotManifest } from '../visits/visit-views.service.ts';
import type { CellValue, Table } from './spreadsheet.ts';

/** Column headers in the staff member's language: `label('name')`, `label('answer', { question })` … */
export type Labeller = (key: string, params?: Record<string, string>) => string;

export interface ExportContext {
  locale: Locale;
  label: Labeller;
}

const text = (value: Localized | undefined, locale: Locale) => (value ? pick(value, locale).text : '');

function sessionTitle(catalog: Catalog, id: string, locale: Locale): string {
  const session = catalog.sessions.find((s) => s.id === id);
  return session ? `${session.code} ${text(session.title, locale)}`.trim() : id;
}

function answerText(catalog: Catalog, questionId: string, raw: string, locale: Locale): string {
  const question = catalog.questions?.find((q) => q.id === questionId);
  if (!question || (question.kind !== 'choice' && question.kind !== 'multi-choice')) return raw;
  const ids = question.kind === 'multi-choice' ? (JSON.parse(raw) as string[]) : [raw];
  return ids.map((id) => text(question.options.find((o) => o.id === id)?.label, locale) || id).join('; ');
}

async function latestPayments(deps: Deps): Promise<Map<string, { status: string; amount: number; currency: string }>> {
  const rows = await deps.db
    .selectFrom('payment')
    .innerJoin('registration', 'registration.id', 'payment.registration_id')
    .where('registration.edition', '=', deps.catalog.edition)
    .select(['payment.registration_id', 'payment.status', 'payment.amount_cents', 'payment.currency', 'payment.created_at'])
    .orderBy('payment.created_at')
    .execute();
  return new Map(rows.map((r) => [r.registration_id, { status: r.status, amount: r.amount_cents / 100, currency: r.currency }]));
}

/** Every registration of the edition, oldest first, with answers and session choices as columns. */
export async function registrationsTable(deps: Deps, ctx: ExportContext): Promise<Table> {
  const { catalog } = deps;
  const { locale, label } = ctx;
  const regs = await deps.db
    .selectFrom('registration')
    .selectAll()
    .where('edition', '=', catalog.edition)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const ids = regs.map((r) => r.id);
  const answers = ids.length
    ? await deps.db.selectFrom('registration_answer').selectAll().where('registration_id', 'in', ids).execute()
    : [];
  const choices = ids.length ? await deps.db.selectFrom('session_choice').selectAll().where('registration_id', 'in', ids).execute() : [];
  const payments = await latestPayments(deps);
  const blocks = sessionBlocks(catalog);
  const questions = catalog.questions ?? [];
  const headers = [
    ...['reference', 'name', 'email', 'organization', 'jobTitle', 'phone', 'country', 'ticket', 'category', 'status'].map((k) => label(k)),
    ...blocks.map((b) => label('block', { day: String(b.day), start: b.start })),
    ...['letter', 'payment', 'amount', 'currency', 'dietary', 'accessibility', 'registeredAt'].map((k) => label(k)),
    ...questions.map((q) => label('answer', { question: text(q.label, locale) })),
  ];
  const rows = regs.map((r): CellValue[] => {
    const ticket = catalog.tickets.find((x) => x.id === r.ticket_id);
    const category = catalog.categories.find((x) => x.id === r.category_id);
    const payment = payments.get(r.id);
    const choiceOf = (blockId: string) => {
      const c = choices.find((x) => x.registration_id === r.id && x.block_id === blockId);
      if (!c) return '';
      const title = sessionTitle(catalog, c.session_id, locale);
      return c.status === 'waiting' ? `${title} (${label('waiting')})` : title;
    };
    const answerOf = (questionId: string) => {
      const a = answers.find((x) => x.registration_id === r.id && x.question_id === questionId);
      return a ? answerText(catalog, questionId, a.value, locale) : '';
    };
    return [
      r.id,
      r.name,
      r.email,
      r.organization,
      r.job_title,
      r.phone,
      r.country,
      text(ticket?.name, locale) || r.ticket_id,
      text(category?.label, locale) || r.category_id,
      r.status,
      ...blocks.map((b) => choiceOf(b.id)),
      r.letter_state,
      payment?.status ?? '',
      payment ? payment.amount : r.amount_cents / 100,
      payment?.currency ?? r.currency,
      r.dietary,
      r.accessibility,
      r.created_at,
    ].concat(questions.map((q) => answerOf(q.id)));
  });
  return { name: label('sheet.registrations'), headers, rows };
}

const live = ['unconfirmed', 'confirmed', 'pending_payment', 'awaiting_approval', 'waitlisted'] as const;

/** Who sits in each session (seated choices of live registrations), one row per attendee. */
export async function attendeesTable(deps: Deps, ctx: ExportContext): Promise<Table> {
  const rows = await deps.db
    .selectFrom('session_choice')
    .innerJoin('registration', 'registration.id', 'session_choice.registration_id')
    .where('registration.edition', '=', deps.catalog.edition)
    .where('session_choice.status', '=', 'seated')
    .where('registration.status', 'in', live)
    .select([
      'session_choice.session_id',
      'registration.id',
      'registration.name',
      'registration.organization',
      'registration.email',
      'registration.interpretation',
    ])
    .orderBy('session_choice.session_id')
    .orderBy('registration.name')
    .execute();
  const { label, locale } = ctx;
  return {
    name: label('sheet.attendees'),
    headers: ['session', 'reference', 'name', 'organization', 'email', 'interpretation'].map((k) => label(k)),
    rows: rows.map((r) => [sessionTitle(deps.catalog, r.session_id, locale), r.id, r.name, r.organization, r.email, r.interpretation]),
  };
}

/** The waiting lists: each session's (waiting choices) and the main one (waitlisted registrations), in order. */
export async function waitingTable(deps: Deps, ctx: ExportContext): Promise<Table> {
  const { label, locale } = ctx;
  const choices = await deps.db
    .selectFrom('session_choice')
    .innerJoin('registration', 'registration.id', 'session_choice.registration_id')
    .where('registration.edition', '=', deps.catalog.edition)
    .where('session_choice.status', '=', 'waiting')
    .where('registration.status', 'in', live)
    .select([
      'session_choice.session_id',
      'session_choice.waiting_since',
      'registration.id',
      'registration.name',
      'registration.organization',
      'registration.email',
    ])
    .orderBy('session_choice.session_id')
    .orderBy('session_choice.waiting_since')
    .orderBy('registration.id')
    .execute();
  const main = await deps.db
    .selectFrom('registration')
    .where('edition', '=', deps.catalog.edition)
    .where('status', '=', 'waitlisted')
    .select(['id', 'name', 'organization', 'email', 'created_at'])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const position = new Map<string, number>();
  const rows: CellValue[][] = main.map((r, i) => [label('mainList'), i + 1, r.id, r.name, r.organization, r.email, r.created_at]);
  for (const c of choices) {
    const n = (position.get(c.session_id) ?? 0) + 1;
    position.set(c.session_id, n);
    rows.push([sessionTitle(deps.catalog, c.session_id, locale), n, c.id, c.name, c.organization, c.email, c.waiting_since]);
  }
  return {
    name: label('sheet.waiting'),
    headers: ['list', 'position', 'reference', 'name', 'organization', 'email', 'since'].map((k) => label(k)),
    rows,
  };
}

/**
 * A visit slot's manifest, one row per visitor. With `documents`, the numbers still kept
 * (purge not run) are added: the caller has checked `visit:reveal-documents` and audits.
 */
export async function manifestTable(deps: Deps, ctx: ExportContext, slotId: string, documents: boolean): Promise<Table> {
  const { label } = ctx;
  const manifest = await slotManifest(deps, slotId);
  const rows: CellValue[][] = [];
  for (const booking of manifest.bookings) {
    const numbers: VisitorDocument[] | null = documents ? await bookingDocumentNumbers(deps, booking.id) : null;
    booking.visitors.forEach((v, i) => {
      const base: CellValue[] = [booking.id, booking.status, booking.waitlistPosition ?? null, booking.partySize, v.name, v.organization];
      const more: CellValue[] = [
        booking.guideLanguage,
        booking.accessibility,
        booking.contactName,
        booking.email,
        booking.phone,
        v.documentType ?? '',
      ];
      rows.push(documents ? [...base, ...more, numbers?.[i]?.documentNumber ?? ''] : [...base, ...more]);
    });
  }
  const keys = [
    'booking',
    'status',
    'position',
    'party',
    'name',
    'organization',
    'language',
    'accessibility',
    'contact',
    'email',
    'phone',
    'documentType',
  ];
  return { name: slotId, headers: [...keys, ...(documents ? ['documentNumber'] : [])].map((k) => label(k)), rows };
}

/** Every payment of the edition, oldest first. */
export async function paymentsTable(deps: Deps, ctx: ExportContext): Promise<Table> {
  const rows = await deps.db
    .selectFrom('payment')
    .innerJoin('registration', 'registration.id', 'payment.registration_id')
    .where('registration.edition', '=', deps.catalog.edition)
    .select([
      'payment.id',
      'registration.id as registration_id',
      'registration.name',
      'registration.email',
      'payment.provider',
      'payment.status',
      'payment.amount_cents',
      'payment.currency',
      'payment.refund_reason',
      'payment.created_at',
      'payment.updated_at',
    ])
    .orderBy('payment.created_at')
    .orderBy('payment.id')
    .execute();
  const { label } = ctx;
  return {
    name: label('sheet.payments'),
    headers: [
      'payment',
      'reference',
      'name',
      'email',
      'provider',
      'status',
      'amount',
      'currency',
      'refundReason',
      'createdAt',
      'updatedAt',
    ].map((k) => label(k)),
    rows: rows.map((r) => [
      r.id,
      r.registration_id,
      r.name,
      r.email,
      r.provider,
      r.status,
      r.amount_cents / 100,
      r.currency,
      r.refund_reason ?? '',
      r.created_at,
      r.updated_at,
    ]),
  };
}
