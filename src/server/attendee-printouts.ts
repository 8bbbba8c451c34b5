/** Builds the attendee's documents (QR ticket, agenda, invitation letter) from their registration. */
import { type Locale, str } from '../i18n/locale.ts';
import type { Deps } from '../features/deps.ts';
import { DomainError } from '../features/shared/domain-error.ts';
import { open } from '../features/shared/secrets.ts';
import { liveRegistrationOf } from '../features/registration/registration.service.ts';
import { mainSessions } from '../features/registration/catalog.ts';
import { ticketCode, ticketQrPng } from '../features/printouts/ticket-code.ts';
import { renderTicketPdf } from '../features/printouts/ticket-pdf.tsx';
import { renderInvitationLetterPdf } from '../features/printouts/invitation-letter-pdf.tsx';
import { attendeeAgendaIcs } from '../features/printouts/agenda-ics.ts';
import { formatDay } from '../lib/zoned-time.ts';
import type { MyFile } from '../lib/routes.ts';
import { registrationWhereAndWhen } from './views/where-and-when.ts';

export async function attendeeDocument(deps: Deps, personId: string, name: MyFile, locale: Locale) {
  const reg = await liveRegistrationOf(deps, personId);
  if (reg.status !== 'confirmed') throw new DomainError('NotFound');
  const { catalog } = deps;
  const event = catalog.event;
  const code = ticketCode(deps.keys.tickets, reg.id);
  const session = catalog.sessions.find((s) => s.id === reg.session_id);
  const dates = `${formatDay(event.startDate, locale, event.timezone)} – ${formatDay(event.endDate, locale, event.timezone)}`;
  const venue = `${str(event.venue.name, locale)}, ${str(event.city, locale)}`;
  switch (name) {
    case 'ticket.png':
      return { body: await ticketQrPng(code), type: 'image/png', filename: 'ticket-qr.png' };
    case 'agenda.ics': {
      const sessions = [...mainSessions(catalog), ...(session ? [session] : [])];
      const ics = attendeeAgendaIcs({ event, sessions, locale, baseUrl: deps.config.siteUrl, now: deps.clock.now() });
      return { body: Buffer.from(ics, 'utf8'), type: 'text/calendar; charset=utf-8', filename: 'my-agenda.ics' };
    }
    case 'ticket.pdf': {
      const ticket = catalog.tickets.find((t) => t.id === reg.ticket_id);
      const body = await renderTicketPdf({
        locale,
        eventName: str(event.name, locale),
        eventDates: dates,
        venue,
        attendeeName: reg.name,
        organization: reg.organization,
        ticketName: ticket ? str(ticket.name, locale) : reg.ticket_id,
        sessionLine: session ? `${session.code} · ${str(session.title, locale)}` : undefined,
        registrationId: reg.id,
        code,
        sample: event.sample,
        whereAndWhen: registrationWhereAndWhen(catalog, locale, reg.session_id ? [reg.session_id] : []),
      });
      return { body, type: 'application/pdf', filename: 'ticket.pdf' };
    }
    case 'letter.pdf': {
      const category = catalog.categories.find((c) => c.id === reg.category_id);
      if (reg.letter_requested !== 1 || !category?.invitationLetter || !reg.passport_number_enc) throw new DomainError('NotFound');
      const body = await renderInvitationLetterPdf({
        locale,
        eventName: str(event.name, locale),
        theme: str(event.theme, locale),
        eventDates: dates,
        city: str(event.city, locale),
        venue: str(event.venue.name, locale),
        hosts: event.organizers.filter((o) => o.role === 'host').map((o) => str(o.name, locale)),
        guestName: reg.passport_name ?? reg.name,
        passportNumber: open(deps.keys.encryption, reg.passport_number_enc),
        nationality: reg.nationality ?? '',
        arrival: reg.arrival_date ?? '',
        departure: reg.departure_date ?? '',
        issuedOn: formatDay(deps.clock.now().toISOString().slice(0, 10), locale, event.timezone),
        reference: reg.id.slice(0, 8).toUpperCase(),
        sample: event.sample,
      });
      return { body, type: 'application/pdf', filename: 'invitation-letter.pdf' };
    }
  }
}
