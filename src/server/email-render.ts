/**
 * Outbox row → finished email: template text, a freshly issued magic link (tokens are never
 * stored in the outbox), and for a confirmation the QR ticket and the attendee's .ics.
 */
import type { Deps } from '../features/shared/deps.ts';
import type { EmailContent, RegistrationEmailPayload, RenderEmail } from '../features/notifications/email.types.ts';
import { renderTemplate } from '../features/notifications/templates/render.ts';
import { accessLink, issueAccessToken } from '../features/identity/access.service.ts';
import { ticketCode, ticketQrPng } from '../features/documents/ticket-code.ts';
import { attendeeAgendaIcs } from '../features/documents/agenda-ics.ts';
import { findRegistration } from '../features/registration/registration.repository.ts';
import { mainSessions } from '../features/registration/catalog.ts';
import { str } from '../features/program/localized.ts';

export function createEmailRenderer(deps: Deps): RenderEmail {
  return async ({ kind, locale, payload }): Promise<EmailContent> => {
    const token = await issueAccessToken(deps, payload.personId);
    const manage = accessLink(deps.config.siteUrl, locale, token);
    const siteName = str(deps.catalog.event.name, locale);
    const text = await renderTemplate(kind, { locale, payload, links: { manage, pay: manage }, siteName });
    const attachments: EmailContent['attachments'] = [];
    if (kind === 'registration-confirmed') {
      const reg = await findRegistration(deps.db, (payload as RegistrationEmailPayload).registrationId);
      if (reg) {
        attachments.push({
          filename: 'ticket-qr.png',
          content: await ticketQrPng(ticketCode(deps.keys.tickets, reg.id)),
          contentType: 'image/png',
        });
        const chosen = deps.catalog.sessions.filter((s) => s.id === reg.session_id);
        const ics = attendeeAgendaIcs({
          event: deps.catalog.event,
          sessions: [...mainSessions(deps.catalog), ...chosen],
          locale,
          baseUrl: deps.config.siteUrl,
          now: deps.clock.now(),
        });
        attachments.push({ filename: 'agenda.ics', content: Buffer.from(ics, 'utf8'), contentType: 'text/calendar' });
      }
    }
    return { ...text, attachments };
  };
}
