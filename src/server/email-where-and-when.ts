/** The "where and when" block for the emails about a seat: the registration's sessions, or the booking's slot. */
import type { Deps } from '../features/deps.ts';
import type { BookingEmailPayload, EmailKind, EmailPayload, RegistrationEmailPayload } from '../features/notifications/email.types.ts';
import type { WhereAndWhenBlock } from '../features/shared/where-and-when.types.ts';
import { findRegistration } from '../features/registration/registration.repository.ts';
import { findBookingSlot } from '../features/visits/visits.repository.ts';
import type { Locale } from '../i18n/locale.ts';
import { registrationWhereAndWhen, visitWhereAndWhen } from './views/where-and-when.ts';
import { choiceViews } from './views/session-choices.ts';

const registrationKinds: ReadonlySet<EmailKind> = new Set(['registration-confirmed', 'registration-promoted', 'registration-waitlisted']);
const bookingKinds: ReadonlySet<EmailKind> = new Set(['booking-confirmed', 'booking-promoted', 'booking-reminder']);

export async function emailWhereAndWhen(
  deps: Deps,
  kind: EmailKind,
  locale: Locale,
  payload: EmailPayload,
): Promise<WhereAndWhenBlock | undefined> {
  if (registrationKinds.has(kind)) {
    const reg = await findRegistration(deps.db, (payload as RegistrationEmailPayload).registrationId);
    if (!reg) return undefined;
    return registrationWhereAndWhen(deps.catalog, locale, await choiceViews(deps.db, deps.catalog, reg));
  }
  if (bookingKinds.has(kind)) {
    const booking = await findBookingSlot(deps.db, (payload as BookingEmailPayload).bookingId);
    return booking ? visitWhereAndWhen(deps.catalog, locale, booking.slot_id) : undefined;
  }
  return undefined;
}
