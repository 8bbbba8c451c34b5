/** What the registration form offers (pages/[locale]/register/index.astro): tickets, sessions with seats, categories. */
import type { Deps } from '../../features/deps.ts';
import { choosableSessions } from '../../features/registration/catalog.ts';
import { seatsLeft, sessionCapacityId } from '../../features/capacity/capacity.repository.ts';
import { type Locale, pick, str } from '../../i18n/locale.ts';
import { t, type MessageKey } from '../../i18n/t.ts';
import { formatMoney } from '../../lib/money.ts';
import { zoneLabel } from '../../lib/zoned-time.ts';
import { routes } from '../../lib/routes.ts';

/** The form's fields, in order: their labels name them in the error summary. */
const fields = [
  'name',
  'organization',
  'jobTitle',
  'email',
  'phone',
  'country',
  'category',
  'ticket',
  'session',
  'invitationCode',
  'dietary',
  'accessibility',
  'interpretation',
  'passportName',
  'passportNumber',
  'nationality',
  'arrival',
  'departure',
  'birthDate',
  'passportExpiry',
  'invoiceTitle',
  'taxNumber',
  'consent',
  'letter',
] as const;

export type RegisterField = (typeof fields)[number];

export interface RegisterPageView {
  /** field → its label in the page's language */
  labels: Record<RegisterField, string>;
  tickets: {
    id: string;
    name: string;
    description: string;
    /** formatted price, or "free" */
    price: string;
    /** the ticket asks for an invitation code */
    needsCode: boolean;
    /** the ticket has a price (invoice details are asked) */
    paid: boolean;
    requiresApproval: boolean;
    sample: boolean;
  }[];
  /** the parallel sessions to choose between, with the seats left in each */
  sessions: { id: string; code: string; title: string; day: number; start: string; end: string; seatsLeft: number }[];
  categories: { id: string; label: string }[];
  /** the event's time zone, named ("China Standard Time (UTC+8)") */
  zone: string;
  privacyHref: string;
}

export async function registerPageView(deps: Deps, locale: Locale): Promise<RegisterPageView> {
  const { catalog } = deps;
  const sessions = choosableSessions(catalog);
  const seats = await seatsLeft(
    deps.db,
    sessions.map((s) => sessionCapacityId(s.id)),
  );
  return {
    labels: Object.fromEntries(fields.map((k) => [k, t(locale, `register.field.${k}` as MessageKey)])) as Record<RegisterField, string>,
    tickets: catalog.tickets.map((ticket) => ({
      id: ticket.id,
      name: pick(ticket.name, locale).text,
      description: pick(ticket.description, locale).text,
      price: ticket.priceCents === 0 ? t(locale, 'register.free') : formatMoney(ticket.priceCents, catalog.currency, locale),
      needsCode: ticket.invitationCodes.length > 0,
      paid: ticket.priceCents > 0,
      requiresApproval: ticket.requiresApproval,
      sample: ticket.sample,
    })),
    sessions: sessions.map((s) => ({
      id: s.id,
      code: s.code,
      title: str(s.title, locale),
      day: s.day,
      start: s.start,
      end: s.end,
      seatsLeft: seats.get(sessionCapacityId(s.id))?.left ?? 0,
    })),
    categories: catalog.categories.map((c) => ({ id: c.id, label: str(c.label, locale) })),
    zone: zoneLabel(catalog.event.startDate, locale, catalog.event.timezone),
    privacyHref: routes.page(locale, catalog.privacyPage ?? 'privacy'),
  };
}
