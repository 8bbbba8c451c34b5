/**
 * Outbox row → finished email: template text, a freshly issued magic link (tokens are never
 * stored in the outbox), and for a confirmation the QR ticket and the attendee's .ics.
 */
import { type Locale, str } from '../i18n/locale.ts';
import type { Deps } from '../features/deps.ts';
import type { BookingEmailPayload, EmailContent, RegistrationEmailPayload, RenderEmail } from '../features/notifications/email.types.ts';
import type { SessionInfo } from '../features/program/program.types.ts';
import { toICalendar } from '../features/program/ical.ts';
import { slotEnd } from '../features/visits/slots.ts';
import { t } from '../i18n/t.ts';
import { absolute, routes } from '../lib/routes.ts';
import { renderTemplate } from '../features/notifications/templates/render.ts';
import { accessLink, issueAccessToken } from '../features/identity/access.service.ts';
import { ticketCode, ticketQrPng } from '../features/printouts/ticket-code.ts';
import { attendeeAgendaIcs } from '../features/printouts/agenda-ics.ts';
import { findRegistration } from '../features/registration/registration.repository.ts';
import { findBookingSlot } from '../features/visits/visits.repository.ts';
import { mainSessions } from '../features/registration/catalog.ts';

export function createEmailRenderer(deps: Deps): RenderEmail {
  return async ({ kind, locale, payload }): Promise<EmailContent> => {
    // Emails to the organizers carry no personId: no magic link is issued for them.
    const manage =
      'personId' in payload
        ? accessLink(deps.config.siteUrl, locale, await issueAccessToken(deps, payload.personId))
        : absolute(deps.config.siteUrl, routes.home(locale));
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
    if (kind === 'booking-confirmed' || kind === 'booking-promoted') {
      attachments.push(...(await bookingAttachments(deps, (payload as BookingEmailPayload).bookingId, locale)));
    }
    return { ...text, attachments };
  };
}

/** QR code (checked at the door) and calendar entry of a visit booking. */
async function bookingAttachments(deps: Deps, bookingId: string, locale: Locale): Promise<EmailContent['attachments']> {
  const booking = await findBookingSlot(deps.db, bookingId);
  const slot = deps.catalog.visits.slots.find((s) => s.id === booking?.slot_id);
  if (!booking || !slot) return [];
  const visit: SessionInfo = {
    id: `visit-${booking.id}`,
    code: 'VISIT',
    kind: 'visit',
    title: { en: t('en', 'visits.title'), zh: t('zh', 'visits.title') },
    summary: deps.catalog.visits.settings.bring,
    day: 1,
    date: slot.date,
    start: slot.start,
    end: slotEnd(slot),
    room: deps.catalog.visits.settings.meetingPoint,
    capacity: slot.capacity,
    languages: slot.languages,
    interpretation: [],
    chairs: [],
    agenda: [],
    sample: slot.sample,
  };
  const ics = toICalendar({
    event: deps.catalog.event,
    sessions: [visit],
    locale,
    baseUrl: deps.config.siteUrl,
    now: deps.clock.now(),
    calendarName: t(locale, 'visits.title'),
    // The visit happens at the center, not at the forum venue; its page is "my registration".
    urlFor: () => absolute(deps.config.siteUrl, routes.my(locale)),
    locationFor: () => str(deps.catalog.visits.settings.meetingPoint, locale),
  });
  return [
    { filename: 'visit-qr.png', content: await ticketQrPng(ticketCode(deps.keys.tickets, booking.id)), contentType: 'image/png' },
    { filename: 'visit.ics', content: Buffer.from(ics, 'utf8'), contentType: 'text/calendar' },
  ];
}
