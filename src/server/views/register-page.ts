/** What the registration form offers (pages/[locale]/register/index.astro): tickets, sessions with seats, categories. */
import type { Deps } from '../../features/deps.ts';
import { sessionBlocks } from '../../features/registration/catalog.ts';
import { NO_SESSION } from '../../features/registration/session-picks.ts';
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
  /** field → its label in the page's language (with `session.<blockId>` for each time block) */
  labels: Record<RegisterField, string> & Record<string, string>;
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
  /** the time blocks (field `session.<id>`), each with its parallel sessions and the seats left in each */
  blocks: {
    id: string;
    /** "Day 1, 14:00–17:30" */
    label: string;
    sessions: { id: string; code: string; title: string; day: number; start: string; end: string; seatsLeft: number }[];
  }[];
  /** the value of each block's "none" option */
  none: string;
  categories: { id: string; label: string }[];
  /** the event's time zone, named ("China Standard Time (UTC+8)") */
  zone: string;
  privacyHref: string;
}

export async function registerPageView(deps: Deps, locale: Locale): Promise<RegisterPageView> {
  const { catalog } = deps;
  const blocks = sessionBlocks(catalog);
  const seats = await seatsLeft(
    deps.db,
    blocks.flatMap((b) => b.sessions.map((s) => sessionCapacityId(s.id))),
  );
  const blockLabel = (b: (typeof blocks)[number]) => `${t(locale, 'program.day', { n: b.day })}, ${b.start}–${b.end}`;
  return {
    labels: {
      ...(Object.fromEntries(fields.map((k) => [k, t(locale, `register.field.${k}` as MessageKey)])) as Record<RegisterField, string>),
      ...Object.fromEntries(blocks.map((b) => [`session.${b.id}`, t(locale, 'register.sessionBlock', { block: blockLabel(b) })])),
    },
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
    blocks: blocks.map((b) => ({
      id: b.id,
      label: blockLabel(b),
      sessions: b.sessions.map((s) => ({
        id: s.id,
        code: s.code,
        title: str(s.title, locale),
        day: s.day,
        start: s.start,
        end: s.end,
        seatsLeft: seats.get(sessionCapacityId(s.id))?.left ?? 0,
      })),
    })),
    none: NO_SESSION,
    categories: catalog.categories.map((c) => ({ id: c.id, label: str(c.label, locale) })),
    zone: zoneLabel(catalog.event.startDate, locale, catalog.event.timezone),
    privacyHref: routes.page(locale, catalog.privacyPage ?? 'privacy'),
  };
}
