/** Builds the attendee's documents (QR ticket, agenda, invitation letter, receipt) from their registration. */
import { type Locale, str } from '../i18n/locale.ts';
import type { Deps } from '../features/deps.ts';
import { DomainError } from '../features/shared/domain-error.ts';
import { liveRegistrationOf } from '../features/registration/registration.service.ts';
import { mainSessions } from '../features/registration/catalog.ts';
import { ticketCode, ticketQrPng } from '../features/printouts/ticket-code.ts';
import { renderTicketPdf } from '../features/printouts/ticket-pdf.tsx';
import { letterPdf, receiptPdf } from './letter-and-receipt.ts';
import { attendeeAgendaIcs } from '../features/printouts/agenda-ics.ts';
import { formatDay } from '../lib/zoned-time.ts';
import type { MyFile } from '../lib/routes.ts';
import { choiceLine, choiceViews } from './views/session-choices.ts';
import { registrationWhereAndWhen } from './views/where-and-when.ts';

export async function attendeeDocument(deps: Deps, personId: string, name: MyFile, locale: Locale) {
  const reg = await liveRegistrationOf(deps, personId);
  if (reg.status !== 'confirmed') throw new DomainError('NotFound');
  const { catalog } = deps;
  const event = catalog.event;
  const code = ticketCode(deps.keys.tickets, reg.id);
  const choices = await choiceViews(deps.db, catalog, reg);
  const seated = catalog.sessions.filter((s) => choices.some((c) => c.status === 'seated' && c.sessionId === s.id));
  const dates = `${formatDay(event.startDate, locale, event.timezone)} – ${formatDay(event.endDate, locale, event.timezone)}`;
  const venue = `${str(event.venue.name, locale)}, ${str(event.city, locale)}`;
  switch (name) {
    case 'ticket.png':
      return { body: await ticketQrPng(code), type: 'image/png', filename: 'ticket-qr.png' };
    case 'agenda.ics': {
      const sessions = [...mainSessions(catalog), ...seated];
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
        sessionLines: choices.map((c) => choiceLine(c, locale)),
        registrationId: reg.id,
        code,
        sample: event.sample,
        whereAndWhen: registrationWhereAndWhen(catalog, locale, choices),
      });
      return { body, type: 'application/pdf', filename: 'ticket.pdf' };
    }
    case 'letter.pdf':
      return { body: await letterPdf(deps, reg, locale), type: 'application/pdf', filename: 'invitation-letter.pdf' };
    case 'receipt.pdf':
      return { body: await receiptPdf(deps, reg, locale), type: 'application/pdf', filename: 'receipt.pdf' };
  }
}
