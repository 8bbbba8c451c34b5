/** The check-in screen's form without JavaScript: check in a ticket picked from the search. */
import { defineAction } from 'astro:actions';
import { parseManualCheckIn } from '../features/checkin/checkin.schema.ts';
import { scanTicket } from '../features/checkin/checkin.service.ts';
import { DomainError } from '../features/shared/domain-error.ts';
import { newId } from '../features/shared/secrets.ts';
import { can } from '../features/staff/roles.ts';
import { adminRoutes } from '../lib/admin-routes.ts';
import { actorOf, currentStaff } from '../server/staff.ts';
import { handleForm, text } from './run.ts';

export const checkinActions = {
  checkinAdmit: defineAction({
    accept: 'form',
    handler: (form: FormData, context) =>
      handleForm(form, 'check-in by search', async (deps, locale) => {
        const staff = await currentStaff(context);
        if (!staff || !can(staff.role, 'checkin:scan')) throw new DomainError('InvalidToken');
        const { pointId, ticketId } = parseManualCheckIn({ pointId: text(form, 'pointId'), ticketId: text(form, 'ticketId') });
        const result = await scanTicket(
          deps,
          { pointId, code: `id:${ticketId}`, deviceId: 'search-form', clientRef: newId(), staffId: staff.id },
          actorOf(staff),
        );
        const done = result.outcome === 'refused' ? `refused:${result.reason}` : result.outcome;
        return adminRoutes.checkinPoint(locale, pointId, { done });
      }),
  }),
};
