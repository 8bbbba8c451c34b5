/**
 * The organizers' registration list: search, filters and pages, on the server. One query for
 * the page's rows (with each row's latest payment status) and one for the total.
 */
import type { ExpressionBuilder, SelectQueryBuilder } from 'kysely';
import type { Database, LetterState, RegistrationTable, PaymentStatus, RegistrationStatus } from '../../db/schema.ts';
import type { Executor } from '../../db/transaction.ts';
import type { RegistrationListFilter } from './registration-list.schema.ts';

export const REGISTRATION_PAGE_SIZE = 50;

export interface RegistrationRow {
  id: string;
  /** the first 8 characters of the id, as printed on tickets and told on the phone */
  reference: string;
  name: string;
  email: string;
  organization: string;
  ticketId: string;
  categoryId: string;
  status: RegistrationStatus;
  letterState: LetterState;
  checkedInAt: string | null;
  createdAt: string;
  /** the latest payment attempt's status, null without one */
  payment: PaymentStatus | null;
}

export interface RegistrationList {
  rows: RegistrationRow[];
  total: number;
  page: number;
  pages: number;
}

type Db = Database & { r: RegistrationTable };
type Query = SelectQueryBuilder<Db, 'r', object>;

/** Search text as a LIKE pattern: lower-cased, wildcards of the user's own taken out. */
const pattern = (q: string) => `%${q.toLowerCase().replace(/[%_\\]/g, '')}%`;

function searched(query: Query, q: string): Query {
  const like = pattern(q);
  const reference = q.toLowerCase().replace(/[^a-z0-9_-]/g, '');
  return query.where((eb) =>
    eb.or([
      eb(eb.fn('lower', ['r.name']), 'like', like),
      eb('r.email', 'like', like),
      eb(eb.fn('lower', ['r.organization']), 'like', like),
      ...(reference.length >= 4 ? [eb('r.id', 'like', `${reference.slice(0, 36)}%`)] : []),
    ]),
  );
}

const latestPayment = (eb: ExpressionBuilder<Db, 'r'>) =>
  eb
    .selectFrom('payment as p')
    .select('p.status')
    .whereRef('p.registration_id', '=', 'r.id')
    .orderBy('p.created_at', 'desc')
    .orderBy('p.id', 'desc')
    .limit(1);

function paymentFiltered(query: Query, payment: NonNullable<RegistrationListFilter['payment']>): Query {
  if (payment === 'none')
    return query.where((eb) => eb.not(eb.exists(eb.selectFrom('payment as p').select('p.id').whereRef('p.registration_id', '=', 'r.id'))));
  return query.where((eb) => eb(latestPayment(eb), '=', payment));
}

/** The filtered query (no order, no page): the same for the rows and the total. */
function filtered(db: Executor, filter: RegistrationListFilter, edition: string): Query {
  let query = db.selectFrom('registration as r').where('r.edition', '=', edition);
  if (filter.q) query = searched(query, filter.q);
  if (filter.status) query = query.where('r.status', '=', filter.status);
  if (filter.ticket) query = query.where('r.ticket_id', '=', filter.ticket);
  if (filter.category) query = query.where('r.category_id', '=', filter.category);
  if (filter.letter) query = query.where('r.letter_state', '=', filter.letter);
  if (filter.checkedIn === 'yes') query = query.where('r.checked_in_at', 'is not', null);
  if (filter.checkedIn === 'no') query = query.where('r.checked_in_at', 'is', null);
  if (filter.session) {
    // IN (not EXISTS): the session's choices are read once through their session_id index
    const session = filter.session;
    query = query.where('r.id', 'in', (eb) =>
      eb.selectFrom('session_choice as c').select('c.registration_id').where('c.session_id', '=', session),
    );
  }
  if (filter.payment) query = paymentFiltered(query, filter.payment);
  return query;
}

/** One page of registrations of `filter.edition` (default `currentEdition`), newest or oldest first. */
export async function listRegistrations(db: Executor, currentEdition: string, filter: RegistrationListFilter): Promise<RegistrationList> {
  const query = filtered(db, filter, filter.edition ?? currentEdition);
  const { count } = await query.select((eb) => eb.fn.countAll<string | number>().as('count')).executeTakeFirstOrThrow();
  const total = Number(count);
  const pages = Math.max(1, Math.ceil(total / REGISTRATION_PAGE_SIZE));
  const page = Math.min(filter.page, pages);
  const direction = filter.sort === 'oldest' ? 'asc' : 'desc';
  const rows = await query
    .select([
      'r.id',
      'r.name',
      'r.email',
      'r.organization',
      'r.ticket_id',
      'r.category_id',
      'r.status',
      'r.letter_state',
      'r.checked_in_at',
      'r.created_at',
    ])
    .select((eb) => latestPayment(eb).as('payment'))
    .orderBy('r.created_at', direction)
    .orderBy('r.id', direction)
    .limit(REGISTRATION_PAGE_SIZE)
    .offset((page - 1) * REGISTRATION_PAGE_SIZE)
    .execute();
  return {
    rows: rows.map((r) => ({
      id: r.id,
      reference: r.id.slice(0, 8),
      name: r.name,
      email: r.email,
      organization: r.organization,
      ticketId: r.ticket_id,
      categoryId: r.category_id,
      status: r.status,
      letterState: r.letter_state,
      checkedInAt: r.checked_in_at,
      createdAt: r.created_at,
      payment: r.payment ?? null,
    })),
    total,
    page,
    pages,
  };
}

/** The editions that have registrations, newest id last (for the edition filter). */
export async function registrationEditions(db: Executor): Promise<string[]> {
  const rows = await db.selectFrom('registration').select('edition').distinct().orderBy('edition').execute();
  return rows.map((r) => r.edition);
}
