/**
 * Announcement forms (registration:write): write a draft, send a test to oneself, send. The
 * send only marks the announcement; the emails are enqueued by the job in batches, started
 * here without waiting so a large group does not hold the request.
 */
import { defineAction, type ActionAPIContext } from 'astro:actions';
import { DomainError } from '../features/shared/domain-error.ts';
import { can } from '../features/staff/roles.ts';
import { parseAnnouncement } from '../features/announcements/announcement.schema.ts';
import {
  draftAnnouncement,
  enqueueAnnouncements,
  sendAnnouncement,
  sendTestToSelf,
} from '../features/announcements/announcement.service.ts';
import { adminRoutes } from '../lib/admin-routes.ts';
import { actorOf, currentStaff } from '../server/staff.ts';
import { log } from '../server/log.ts';
import { handleForm, text, values } from './run.ts';

const FIELDS = ['subjectEn', 'bodyEn', 'subjectZh', 'bodyZh', 'status', 'ticketId', 'categoryId', 'sessionId', 'slotId', 'international'];

async function writer(context: ActionAPIContext) {
  const staff = await currentStaff(context);
  if (!staff || !can(staff.role, 'registration:write')) throw new DomainError('InvalidToken');
  return staff;
}

export const announcementActions = {
  announcementDraft: defineAction({
    accept: 'form',
    handler: async (form: FormData, context) => {
      const result = await handleForm(form, 'announcement draft', async (deps, locale) => {
        const staff = await writer(context);
        const draft = parseAnnouncement(Object.fromEntries(FIELDS.map((f) => [f, text(form, f)])));
        return adminRoutes.announcement(locale, await draftAnnouncement(deps, actorOf(staff), draft));
      });
      return result.ok ? result : { ...result, values: values(form) };
    },
  }),

  announcementTest: defineAction({
    accept: 'form',
    handler: (form: FormData, context) =>
      handleForm(form, 'announcement test', async (deps, locale) => {
        const staff = await writer(context);
        const id = text(form, 'id');
        await sendTestToSelf(deps, actorOf(staff), id, { email: staff.email, name: staff.name, locale });
        return adminRoutes.announcement(locale, id, 'testSent');
      }),
  }),

  announcementSend: defineAction({
    accept: 'form',
    handler: (form: FormData, context) =>
      handleForm(form, 'announcement send', async (deps, locale) => {
        const staff = await writer(context);
        const id = text(form, 'id');
        await sendAnnouncement(deps, actorOf(staff), id);
        void enqueueAnnouncements(deps).catch((error: unknown) =>
          log.error(`announcement enqueue failed: ${error instanceof Error ? error.message : String(error)}`),
        );
        return adminRoutes.announcement(locale, id);
      }),
  }),
};
