/**
 * The registration list's query string (all GET parameters, so the list works without
 * JavaScript) as a typed filter. Unknown or malformed values are dropped, never an error:
 * a hand-edited address still shows a list.
 */
import type { LetterState, PaymentStatus, RegistrationStatus } from '../../db/schema.ts';

export const registrationStatuses: RegistrationStatus[] = [
  'unconfirmed',
  'confirmed',
  'pending_payment',
  'awaiting_approval',
  'waitlisted',
  'cancelled',
  'expired',
  'lapsed',
];
export const letterStates: LetterState[] = ['none', 'requested', 'approved', 'rejected'];
/** 'none': no payment attempt at all; otherwise the latest payment's status */
export type PaymentFilter = PaymentStatus | 'none';
export const paymentFilters: PaymentFilter[] = ['none', 'open', 'paid', 'failed', 'expired', 'refunded'];

export interface RegistrationListFilter {
  /** name, email, organization (contains) or reference (first characters of the id) */
  q?: string | undefined;
  status?: RegistrationStatus | undefined;
  ticket?: string | undefined;
  category?: string | undefined;
  /** a parallel session id: registrations whose choice in its block is this session */
  session?: string | undefined;
  payment?: PaymentFilter | undefined;
  letter?: LetterState | undefined;
  checkedIn?: 'yes' | 'no' | undefined;
  /** edition id; default the current one */
  edition?: string | undefined;
  sort: 'newest' | 'oldest';
  page: number;
}

const ID = /^[A-Za-z0-9_-]{1,100}$/;

function oneOf<T extends string>(list: readonly T[], value: string | null): T | undefined {
  return value !== null && (list as readonly string[]).includes(value) ? (value as T) : undefined;
}

const idOrUndefined = (value: string | null) => (value !== null && ID.test(value) ? value : undefined);

/** The filter in `params` (?q=&status=&ticket=&category=&session=&payment=&letter=&checkedIn=&edition=&sort=&page=). */
export function parseRegistrationListQuery(params: URLSearchParams): RegistrationListFilter {
  const q = (params.get('q') ?? '').trim().slice(0, 120);
  const page = Number.parseInt(params.get('page') ?? '1', 10);
  return {
    q: q === '' ? undefined : q,
    status: oneOf(registrationStatuses, params.get('status')),
    ticket: idOrUndefined(params.get('ticket')),
    category: idOrUndefined(params.get('category')),
    session: idOrUndefined(params.get('session')),
    payment: oneOf(paymentFilters, params.get('payment')),
    letter: oneOf(letterStates, params.get('letter')),
    checkedIn: oneOf(['yes', 'no'] as const, params.get('checkedIn')),
    edition: idOrUndefined(params.get('edition')),
    sort: params.get('sort') === 'oldest' ? 'oldest' : 'newest',
    page: Number.isFinite(page) && page > 0 ? Math.min(page, 100_000) : 1,
  };
}

/** The filter back as query parameters (empty ones left out), for links that keep it (pages, sort, exports). */
export function registrationListQuery(filter: Partial<RegistrationListFilter>): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of ['q', 'status', 'ticket', 'category', 'session', 'payment', 'letter', 'checkedIn', 'edition'] as const) {
    const value = filter[key];
    if (value) params.set(key, value);
  }
  if (filter.sort === 'oldest') params.set('sort', 'oldest');
  if (filter.page && filter.page > 1) params.set('page', String(filter.page));
  return params;
}
