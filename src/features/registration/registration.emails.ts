import { type Locale, storedLocale, str } from '../../i18n/locale.ts';
import type { RegistrationTable } from '../../db/schema.ts';
import type { Trx } from '../../db/transaction.ts';
import type { Deps } from '../deps.ts';
import type { EmailChoice, EmailKind, OutgoingEmail, RegistrationEmailPayload } from '../notifications/email.types.ts';
import { enqueueEmail } from '../notifications/outbox.repository.ts';
import { formatMoney } from '../../lib/money.ts';
import { formatInstant } from '../../lib/format-instant.ts';
import { choicesWithPositions, type ChoiceWithPosition } from './session-choice.repository.ts';

interface EmailExtra extends Pick<RegistrationEmailPayload, 'receipt' | 'letterNote'> {
  refunded?: string | undefined;
  /** registration-session-promoted: the session whose seat came free */
  promotedSessionId?: string | undefined;
}

const sessionLine = (deps: Pick<Deps, 'catalog'>, sessionId: string, locale: Locale) => {
  const session = deps.catalog.sessions.find((s) => s.id === sessionId);
  return session ? `${session.code} · ${str(session.title, locale)}` : sessionId;
};

/** The email reporting a registration change, in the attendee's language, listing its session choices. */
export function registrationEmail(
  deps: Pick<Deps, 'catalog'>,
  reg: RegistrationTable,
  kind: EmailKind,
  extra: EmailExtra & { choices?: ChoiceWithPosition[] | undefined } = {},
): OutgoingEmail {
  const locale: Locale = storedLocale(reg.locale);
  const ticket = deps.catalog.tickets.find((t) => t.id === reg.ticket_id);
  const choices: EmailChoice[] | undefined = extra.choices?.map((c) => ({
    blockId: c.block_id,
    sessionId: c.session_id,
    session: sessionLine(deps, c.session_id, locale),
    status: c.status,
    position: c.position,
  }));
  return {
    kind,
    recipient: reg.email,
    locale,
    payload: {
      registrationId: reg.id,
      personId: reg.person_id,
      name: reg.name,
      ticket: ticket ? str(ticket.name, locale) : reg.ticket_id,
      choices: choices && choices.length > 0 ? choices : undefined,
      promotedSession: extra.promotedSessionId ? sessionLine(deps, extra.promotedSessionId, locale) : undefined,
      amount: reg.amount_cents > 0 ? formatMoney(reg.amount_cents, reg.currency, locale) : undefined,
      payBy:
        reg.status === 'pending_payment' && reg.hold_expires_at
          ? formatInstant(new Date(reg.hold_expires_at), locale, deps.catalog.event.timezone)
          : undefined,
      confirmBy:
        reg.status === 'unconfirmed' && reg.confirm_by
          ? formatInstant(new Date(reg.confirm_by), locale, deps.catalog.event.timezone)
          : undefined,
      refunded: extra.refunded,
      receipt: extra.receipt,
      letterNote: extra.letterNote,
    },
  };
}

/**
 * Enqueue the email in the caller's transaction, with the registration's choices as they
 * stand in it (seated, or waiting with their place in line). `reg` carries the new status.
 * `choices`: the caller knows them already (e.g. just written, all seated): not read again.
 */
export async function enqueueRegistrationEmail(
  trx: Trx,
  deps: Pick<Deps, 'catalog' | 'clock'>,
  reg: RegistrationTable,
  kind: EmailKind,
  extra: EmailExtra & { choices?: ChoiceWithPosition[] | undefined } = {},
): Promise<void> {
  const choices = extra.choices ?? (await choicesWithPositions(trx, reg));
  await enqueueEmail(trx, registrationEmail(deps, reg, kind, { ...extra, choices }), deps.clock.now());
}
