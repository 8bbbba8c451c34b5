/** Visit-booking form actions (see index.ts for the conventions). */
import { defineAction } from 'astro:actions';
import { setAccessCookie } from '../server/access-cookie.ts';
import { currentPerson } from '../server/person.ts';
import { clientOf } from '../server/client.ts';
import { routes } from '../lib/routes.ts';
import { bookVisit, cancelBooking } from '../features/visits/visit-booking.service.ts';
import { countSubmission } from '../features/identity/rate-limits.ts';
import { changeBooking } from '../features/visits/visit-booking-change.service.ts';
import { parseBooking } from '../features/visits/visits.schema.ts';
import { bookingChangeFromForm, bookingFormToRecord } from './forms/visit-form.ts';
import { handleForm, handleFormAsPerson, text } from './run.ts';

const bookingId = (form: FormData) => text(form, 'booking');

export const visitActions = {
  bookVisit: defineAction({
    accept: 'form',
    handler: (form: FormData, context) =>
      handleForm(
        form,
        'book visit',
        async (deps, locale) => {
          // A registered attendee books under the same identity as their registration.
          const personId = await currentPerson(deps, context.cookies);
          // Every form sent counts against the client's limit, valid or not.
          await countSubmission(deps, 'book', clientOf(context));
          const input = parseBooking(deps.catalog.visits.settings, bookingFormToRecord(form));
          const result = await bookVisit(deps, input, personId);
          setAccessCookie(context.cookies, result.token);
          return routes.my(locale, 'booked');
        },
        true,
      ),
  }),

  changeBooking: defineAction({
    accept: 'form',
    handler: (form: FormData, context) =>
      handleFormAsPerson(form, context, 'change booking', async (deps, personId, locale) => {
        await changeBooking(deps, personId, bookingId(form), bookingChangeFromForm(form));
        return routes.my(locale, 'bookingChanged');
      }),
  }),

  cancelBooking: defineAction({
    accept: 'form',
    handler: (form: FormData, context) =>
      handleFormAsPerson(form, context, 'cancel booking', async (deps, personId, locale) => {
        await cancelBooking(deps, personId, bookingId(form));
        return routes.my(locale, 'bookingCancelled');
      }),
  }),
};
