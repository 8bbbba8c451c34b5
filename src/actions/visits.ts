/** Visit-booking form actions (see index.ts for the conventions). */
import { defineAction } from 'astro:actions';
import { setAccessCookie } from '../server/access-cookie.ts';
import { currentPerson } from '../server/person.ts';
import { bookVisit, cancelBooking } from '../features/visits/visit-booking.service.ts';
import { changeBooking } from '../features/visits/visit-booking-change.service.ts';
import { run, runAsPerson, text } from './run.ts';

const bookingId = (form: FormData) => text(form, 'booking');

/** Visitors joining a booking, from the repeated add* fields of the change form. */
function addedVisitors(form: FormData) {
  const column = (name: string) => form.getAll(name).map((v) => (typeof v === 'string' ? v.trim() : ''));
  const names = column('addVisitorName');
  const organizations = column('addVisitorOrganization');
  const types = column('addDocumentType');
  const numbers = column('addDocumentNumber');
  return names.map((name, i) => ({
    name,
    organization: organizations[i] ?? '',
    documentType: types[i] || undefined,
    documentNumber: numbers[i] || undefined,
  }));
}

export const visitActions = {
  bookVisit: defineAction({
    accept: 'form',
    handler: (form: FormData, context) =>
      run(
        form,
        'book visit',
        async (deps, locale) => {
          // A registered attendee books under the same identity as their registration.
          const personId = await currentPerson(deps, context.cookies);
          const result = await bookVisit(deps, form, context.clientAddress, personId);
          setAccessCookie(context.cookies, result.token);
          return `/${locale}/my/?booked=1`;
        },
        true,
      ),
  }),

  changeBooking: defineAction({
    accept: 'form',
    handler: (form: FormData, context) =>
      runAsPerson(form, context, 'change booking', async (deps, personId, locale) => {
        const partySize = Number(form.get('partySize'));
        const slotId = text(form, 'slot');
        await changeBooking(deps, personId, bookingId(form), {
          ...(slotId ? { slotId } : {}),
          ...(Number.isInteger(partySize) && partySize > 0 ? { partySize } : {}),
          addVisitors: addedVisitors(form),
        });
        return `/${locale}/my/?bookingChanged=1`;
      }),
  }),

  cancelBooking: defineAction({
    accept: 'form',
    handler: (form: FormData, context) =>
      runAsPerson(form, context, 'cancel booking', async (deps, personId, locale) => {
        await cancelBooking(deps, personId, bookingId(form));
        return `/${locale}/my/?bookingCancelled=1`;
      }),
  }),
};
