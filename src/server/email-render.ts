/**
 * Outbox row → finished email: template text, a freshly issued magic link (tokens are never
 * stored in the outbox), and for a confirmation the QR ticket and the attendee's .ics.
 */
import { type Locale, str } from '../i18n/locale.ts';
import type { EmailKind } from '../features/notifications/email.types.ts';
import type { Deps } from '../features/deps.ts';
import type * as TemplatesModule from '../features/notifications/templates/render.ts';
import type { BookingEmailPayload, EmailContent, RegistrationEmailPayload, RenderEmail } from '../features/notifications/email.types.ts';
import type { SessionInfo } from '../features/program/program.types.ts';
import { toICalendar } from '../features/program/ical.ts';
import { slotEnd } from '../features/visits/slots.ts';
import { t } from '../i18n/t.ts';
import { absolute, routes } from '../lib/routes.ts';
import { accessLink, issueAccessToken } from '../features/identity/access.service.ts';
import { ticketCode, ticketQrPng } from '../features/printouts/ticket-code.ts';
import { attendeeAgendaIcs } from '../features/printouts/agenda-ics.ts';
import { findRegistration } from '../features/registration/registration.repository.ts';
import { findBookingSlot } from '../features/visits/visits.repository.ts';
import { mainSessions } from '../features/registration/catalog.ts';
import { choiceViews } from './views/session-choices.ts';
import { emailWhereAndWhen } from './email-where-and-when.ts';
import { issuePasswordLink } from '../features/staff/staff.service.ts';
import type { StaffInvitePayload } from '../features/notifications/email.types.ts';
import { adminRoutes } from '../lib/admin-routes.ts';

/**
 * Emails that end a registration or booking carry no sign-in link: cancelling revokes the
 * person's links, and a link issued afterwards must not open what they register later. Their
 * button leads to a public page instead (where a new link can be asked for, or to start again).
 */
const withoutSignIn: Partial<Record<EmailKind, (locale: Locale) => string>> = {
  'registration-cancelled': (locale) => routes.my(locale),
  'booking-cancelled': (locale) => routes.my(locale),
  'slot-cancelled': (locale) => routes.my(locale),
  'registration-lapsed': (locale) => routes.register(locale),
  'booking-lapsed': (locale) => routes.bookVisit(locale),
};

/** The button's address: a new magic link (valid LINK_VALID_DAYS from now), or a public page. */
async function manageLink(deps: Deps, kind: EmailKind, locale: Locale, personId: string): Promise<string> {
  const page = withoutSignIn[kind];
  if (page) return absolute(deps.config.siteUrl, page(locale));
  return accessLink(deps.config.siteUrl, locale, await issueAccessToken(deps, personId));
}

/** Loaded with the first email: React and the templates are not needed to start the server. */
let templates: Promise<typeof TemplatesModule> | undefined;

export function createEmailRenderer(deps: Deps): RenderEmail {
  return async ({ kind, locale, payload }): Promise<EmailContent> => {
    const { renderTemplate } = await (templates ??= import('../features/notifications/templates/render.ts'));
    // Emails to the organizers carry no personId: no magic link is issued for them.
    const manage =
      kind === 'staff-invite'
        ? absolute(
            deps.config.siteUrl,
            adminRoutes.password(locale, await issuePasswordLink(deps, (payload as StaffInvitePayload).staffUserId)),
          )
        : 'personId' in payload && payload.personId
          ? await manageLink(deps, kind, locale, payload.personId)
          : absolute(deps.config.siteUrl, routes.home(locale));
    const siteName = str(deps.catalog.event.name, locale);
    const whereAndWhen = await emailWhereAndWhen(deps, kind, locale, payload);
    const text = await renderTemplate(kind, { locale, payload, links: { manage, pay: manage }, siteName, whereAndWhen });
    const attachments: EmailContent['attachments'] = [];
    if (kind === 'registration-confirmed') {
      const reg = await findRegistration(deps.db, (payload as RegistrationEmailPayload).registrationId);
      if (reg) {
        attachments.push({
          filename: 'ticket-qr.png',
          content: await ticketQrPng(ticketCode(deps.keys.tickets, reg.id)),
          contentType: 'image/png',
        });
        // The agenda holds the sessions the attendee has a seat in.
        const seated = (await choiceViews(deps.db, deps.catalog, reg)).filter((c) => c.status === 'seated').map((c) => c.sessionId);
        const chosen = deps.catalog.sessions.filter((s) => seated.includes(s.id));
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
