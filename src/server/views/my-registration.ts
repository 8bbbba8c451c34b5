/** What "my registration" shows about the person's registration (components/registration/MyRegistration.astro). */
import type { Deps } from '../../features/deps.ts';
import type { RegistrationStatus } from '../../db/schema.ts';
import { sessionBlocks, type Catalog } from '../../features/registration/catalog.ts';
import { seatsLeft, sessionCapacityId } from '../../features/capacity/capacity.repository.ts';
import {
  findLiveRegistration,
  listRegistrationsOf,
  liveStatuses,
  waitlistPosition,
} from '../../features/registration/registration.repository.ts';
import { type Locale, str } from '../../i18n/locale.ts';
import { formatMoney } from '../../lib/money.ts';
import { formatInstant } from '../../lib/format-instant.ts';
import { t } from '../../i18n/t.ts';
import { choiceStatusText, choiceViews, type ChoiceView } from './session-choices.ts';

export type { ChoiceView };
import { letterAvailable } from '../../features/registration/letters.service.ts';
import { ticketCode, ticketQrSvg } from '../../features/printouts/ticket-code.ts';
import { registrationWhereAndWhen, type WhereAndWhenBlock } from './where-and-when.ts';

export type { RegistrationStatus };

export interface MyRegistrationView {
  name: string;
  status: RegistrationStatus;
  /** place on the waiting list (1 = next), when waitlisted */
  waitlistPosition?: number | undefined;
  /** unconfirmed: open the link in the email by this time (formatted, zone named) */
  confirmBy?: string | undefined;
  /** a checkout is open: pay this amount by this time (both formatted for the locale) */
  payment?: { amount: string; by: string } | undefined;
  /** the ticket's name (its id when the ticket left the content) */
  ticket: string;
  /** the amount, formatted; undefined for a free ticket */
  price?: string | undefined;
  /** the chosen parallel sessions, one per time block, seated or waiting */
  choices: (ChoiceView & { statusText: string })[];
  organization: string;
  email: string;
  /** short reference the attendee quotes (first 8 characters of the id) */
  reference: string;
  /** still counts (unconfirmed, confirmed, paying, awaiting approval or waitlisted): can be cancelled */
  live: boolean;
  /** live and confirmed from its email: the parallel session can be changed */
  changeable: boolean;
  /** ticket, agenda (and letter) downloads are offered */
  documents: boolean;
  /** the invitation letter is ready to download */
  letterReady: boolean;
  /** the letter was approved and will be offered once the registration is confirmed */
  letterLater: boolean;
  /** per time block, the sessions to choose from (none when the ticket has no session choice) */
  blocks: BlockChoiceView[];
  /** cancelling refunds a payment */
  refundOnCancel: boolean;
  /** live: the forum's dates and venue, the main forum and the chosen session */
  whereAndWhen?: WhereAndWhenBlock | undefined;
  /** confirmed: the ticket's QR code (SVG, same code as the PDF's) to show at the door */
  qrSvg?: string | undefined;
}

/** One time block on "my registration": its own form to pick another session or none. */
export interface BlockChoiceView {
  id: string;
  /** "Day 1, 14:00–17:30" */
  label: string;
  /** the session chosen now, if any */
  current?: string | undefined;
  sessions: { id: string; code: string; title: string; current: boolean; seatsLeft: number }[];
}

async function blockViews(deps: Deps, catalog: Catalog, choices: ChoiceView[], locale: Locale): Promise<BlockChoiceView[]> {
  const blocks = sessionBlocks(catalog);
  const seats = await seatsLeft(
    deps.db,
    blocks.flatMap((b) => b.sessions.map((s) => sessionCapacityId(s.id))),
  );
  return blocks.map((b) => {
    const current = choices.find((c) => c.blockId === b.id || b.sessions.some((s) => s.id === c.sessionId))?.sessionId;
    return {
      id: b.id,
      label: `${t(locale, 'program.day', { n: b.day })}, ${b.start}–${b.end}`,
      current,
      sessions: b.sessions.map((s) => ({
        id: s.id,
        code: s.code,
        title: str(s.title, locale),
        current: s.id === current,
        seatsLeft: seats.get(sessionCapacityId(s.id))?.left ?? 0,
      })),
    };
  });
}

/** The person's live registration, else their latest one; undefined when they have none. */
export async function myRegistrationView(deps: Deps, personId: string, locale: Locale): Promise<MyRegistrationView | undefined> {
  const { catalog } = deps;
  const reg =
    (await findLiveRegistration(deps.db, catalog.edition, personId)) ?? (await listRegistrationsOf(deps.db, catalog.edition, personId))[0];
  if (!reg) return undefined;
  const ticket = catalog.tickets.find((x) => x.id === reg.ticket_id);
  const live = liveStatuses.includes(reg.status);
  const choices = await choiceViews(deps.db, catalog, reg);
  const category = catalog.categories.find((c) => c.id === reg.category_id);
  const letterReady = letterAvailable(reg) && Boolean(category?.invitationLetter);
  const money = (cents: number) => formatMoney(cents, reg.currency, locale);
  return {
    name: reg.name,
    status: reg.status,
    waitlistPosition: reg.status === 'waitlisted' ? await waitlistPosition(deps.db, reg.edition, reg.created_at, reg.id) : undefined,
    confirmBy:
      reg.status === 'unconfirmed' && reg.confirm_by ? formatInstant(new Date(reg.confirm_by), locale, catalog.event.timezone) : undefined,
    payment:
      reg.status === 'pending_payment' && reg.hold_expires_at
        ? { amount: money(reg.amount_cents), by: formatInstant(new Date(reg.hold_expires_at), locale, catalog.event.timezone) }
        : undefined,
    ticket: ticket ? str(ticket.name, locale) : reg.ticket_id,
    price: reg.amount_cents > 0 ? money(reg.amount_cents) : undefined,
    choices: choices.map((c) => ({ ...c, statusText: choiceStatusText(c, locale) })),
    organization: reg.organization,
    email: reg.email,
    reference: reg.id.slice(0, 8).toUpperCase(),
    live,
    changeable: live && reg.status !== 'unconfirmed',
    documents: reg.status === 'confirmed',
    letterReady,
    letterLater: reg.letter_state === 'approved' && !letterReady && live,
    blocks: ticket?.sessionChoice && live ? await blockViews(deps, catalog, choices, locale) : [],
    refundOnCancel: reg.amount_cents > 0 && reg.status === 'confirmed',
    whereAndWhen: live ? registrationWhereAndWhen(catalog, locale, choices) : undefined,
    qrSvg: reg.status === 'confirmed' ? await ticketQrSvg(ticketCode(deps.keys.tickets, reg.id)) : undefined,
  };
}
