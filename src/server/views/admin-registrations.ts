/** What the organizers' registration list and detail pages show (view objects: no deps, no rows beyond the display). */
import { sessionBlocks } from '../../features/registration/catalog.ts';
import { listRegistrations, registrationEditions, type RegistrationList } from '../../features/organizer/registration-list.service.ts';
import {
  letterStates,
  parseRegistrationListQuery,
  paymentFilters,
  registrationStatuses,
  type RegistrationListFilter,
} from '../../features/organizer/registration-list.schema.ts';
import { registrationDetail, type RegistrationDetail } from '../../features/organizer/registration-detail.service.ts';
import { can } from '../../features/staff/roles.ts';
import { isDomainError } from '../../features/shared/domain-error.ts';
import { str, type Locale } from '../../i18n/locale.ts';
import { formatMoney } from '../../lib/money.ts';
import { actorOf, type StaffUser } from '../staff.ts';
import { services } from '../services.ts';

export interface Option {
  value: string;
  label: string;
}

export interface BlockOptions {
  id: string;
  label: string;
  sessions: Option[];
}

export interface RegistrationListView extends RegistrationList {
  filter: RegistrationListFilter;
  statuses: typeof registrationStatuses;
  payments: typeof paymentFilters;
  letters: typeof letterStates;
  tickets: Option[];
  categories: Option[];
  blocks: BlockOptions[];
  editions: string[];
  currentEdition: string;
  ticketName: (id: string) => string;
}

async function catalogOptions(locale: Locale) {
  const { deps } = await services();
  const catalog = deps.catalog;
  const tickets = catalog.tickets.map((t) => ({ value: t.id, label: str(t.name, locale) }));
  const categories = catalog.categories.map((c) => ({ value: c.id, label: str(c.label, locale) }));
  const blocks = sessionBlocks(catalog).map((b) => ({
    id: b.id,
    label: `${b.day} · ${b.start}–${b.end}`,
    sessions: b.sessions.map((s) => ({ value: s.id, label: `${s.code} · ${str(s.title, locale)}` })),
  }));
  return { deps, tickets, categories, blocks };
}

/** The list page for the query string. */
export async function registrationListView(params: URLSearchParams, locale: Locale): Promise<RegistrationListView> {
  const { deps, tickets, categories, blocks } = await catalogOptions(locale);
  const filter = parseRegistrationListQuery(params);
  const list = await listRegistrations(deps.db, deps.catalog.edition, filter);
  const editions = await registrationEditions(deps.db);
  if (!editions.includes(deps.catalog.edition)) editions.push(deps.catalog.edition);
  const names = new Map(tickets.map((t) => [t.value, t.label]));
  return {
    ...list,
    filter: { ...filter, page: list.page },
    statuses: registrationStatuses,
    payments: paymentFilters,
    letters: letterStates,
    tickets,
    categories,
    blocks,
    editions,
    currentEdition: deps.catalog.edition,
    ticketName: (id) => names.get(id) ?? id,
  };
}

export interface RegistrationDetailView extends RegistrationDetail {
  ticket: string;
  category: string;
  amount: string | null;
  money: (cents: number, currency: string) => string;
  sessionName: (id: string) => string;
  blocks: BlockOptions[];
  may: { write: boolean; refund: boolean; reveal: boolean };
  current: boolean;
}

/** The detail page, or undefined when there is no such registration. `reveal` is honoured for admins only. */
export async function registrationDetailView(
  staff: StaffUser,
  id: string,
  locale: Locale,
  reveal: boolean,
): Promise<RegistrationDetailView | undefined> {
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(id)) return undefined;
  const { deps, tickets, categories, blocks } = await catalogOptions(locale);
  const may = {
    write: can(staff.role, 'registration:write'),
    refund: can(staff.role, 'registration:refund'),
    reveal: can(staff.role, 'staff:manage'),
  };
  let detail: RegistrationDetail;
  try {
    detail = await registrationDetail(deps, actorOf(staff), id, reveal && may.reveal);
  } catch (error) {
    if (isDomainError(error, 'NotFound')) return undefined;
    throw error;
  }
  const reg = detail.registration;
  const sessions = new Map(blocks.flatMap((b) => b.sessions).map((s) => [s.value, s.label]));
  return {
    ...detail,
    ticket: tickets.find((t) => t.value === reg.ticket_id)?.label ?? reg.ticket_id,
    category: categories.find((c) => c.value === reg.category_id)?.label ?? reg.category_id,
    amount: reg.amount_cents > 0 ? formatMoney(reg.amount_cents, reg.currency, locale) : null,
    money: (cents, currency) => formatMoney(cents, currency, locale),
    sessionName: (sid) => sessions.get(sid) ?? sid,
    blocks,
    may,
    current: reg.edition === deps.catalog.edition,
  };
}
