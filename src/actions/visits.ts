/** Visit-booking form actions (see index.ts for the conventions). */
import { defineAction } from 'astro:actions';
import { currentPerson } from '../server/person.ts';
import { clientOf } from '../server/client.ts';
import { routes } from '../lib/routes.ts';
import { bookVisit, cancelBooking } from '../features/visits/visit-booking.service.ts';
import { readCountingFailure } from '../features/identity/rate-limits.ts';
import { changeBooking } from '../features/visits/visit-booking-change.service.ts';
import { parseBooking } from '../features/visits/visits.schema.ts';
import { bookingChangeFromForm, bookingFormToRecord } from './forms/visit-form.ts';
import { handleForm, handleFormAsPerson, text, type FormResult } from './run.ts';

const bookingId = (form: FormData) => text(form, 'booking');

export const visitActions = {
  /**
   * Signed in (from a link in the mailbox), a person books as themselves and sees the booking
   * at once. Anyone else gets no access at all: the answer is always "check your email", the
   * same for a new and a known address.
   */
  bookVisit: defineAction({
    accept: 'form',
    handler: (form: FormData, context) =>
      handleForm(
        form,
        'book visit',
        async (deps, locale) => {
          const personId = await currentPerson(deps, context.cookies);
          const client = clientOf(context);
          // Every form sent counts against the client's limit, valid or not: bookVisit() counts a
          // valid one with its address, in one statement.
          const input = await readCountingFailure(deps, 'book', client, () =>
            parseBooking(deps.catalog.visits.settings, bookingFormToRecord(form)),
          );
          const { confirmBy } = await bookVisit(deps, input, client, personId);
          return personId ? routes.my(locale, 'booked') : routes.checkEmail(locale, 'booking', confirmBy);
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
    handler: async (form: FormData, context): Promise<FormResult> => {
      // The same confirm step as cancelling a registration: one stray tap cancels nothing.
      if (form.get('confirm') !== 'on') {
        return {
          ok: false,
          error: 'error.invalidInput',
          fields: {
            [`cancel-confirm-${bookingId(form)
              .replace(/[^A-Za-z0-9-]/g, '')
              .slice(0, 64)}`]: 'form.error.confirmCancel',
          },
        };
      }
      return handleFormAsPerson(form, context, 'cancel booking', async (deps, personId, locale) => {
        await cancelBooking(deps, personId, bookingId(form));
        return routes.my(locale, 'bookingCancelled');
      });
    },
  }),
};
