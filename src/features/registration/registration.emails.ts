import { type Locale, storedLocale, str } from '../../i18n/locale.ts';
import type { RegistrationTable } from '../../db/schema.ts';
import type { Deps } from '../deps.ts';
import type { EmailKind, OutgoingEmail } from '../notifications/email.types.ts';
import { formatMoney } from '../../lib/money.ts';
import { formatInstant } from '../../lib/format-instant.ts';

/** The email reporting a registration change, in the attendee's language. */
export function registrationEmail(
  deps: Pick<Deps, 'catalog'>,
  reg: RegistrationTable,
  kind: EmailKind,
  extra: { refunded?: string | undefined } = {},
): OutgoingEmail {
  const locale: Locale = storedLocale(reg.locale);
  const ticket = deps.catalog.tickets.find((t) => t.id === reg.ticket_id);
  const session = deps.catalog.sessions.find((s) => s.id === reg.session_id);
  return {
    kind,
    recipient: reg.email,
    locale,
    payload: {
      registrationId: reg.id,
      personId: reg.person_id,
      name: reg.name,
      ticket: ticket ? str(ticket.name, locale) : reg.ticket_id,
      session: session ? `${session.code} · ${str(session.title, locale)}` : undefined,
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
    },
  };
}
