import type { Locale } from '../../../i18n/locale.ts';
import { t } from '../../../i18n/t.ts';
import type { EmailChoice, RegistrationEmailPayload } from '../email.types.ts';
import { Details } from './Layout.tsx';

/** One chosen session: seated, or its place on that session's waiting list. */
export function choiceLine(locale: Locale, choice: EmailChoice): string {
  if (choice.status === 'seated') return t(locale, 'email.choice.seated', { session: choice.session });
  if (choice.position !== undefined) return t(locale, 'email.choice.waiting', { session: choice.session, n: choice.position });
  return t(locale, 'email.choice.waitingWithRegistration', { session: choice.session });
}

/** A "Session" row per time block chosen. */
export function choiceRows(locale: Locale, payload: RegistrationEmailPayload): [string, string][] {
  return (payload.choices ?? []).map((c) => [t(locale, 'email.detail.session'), choiceLine(locale, c)]);
}

/** Ticket and chosen sessions, as every registration email that concerns a seat shows them. */
export function RegistrationDetails({ locale, payload }: { locale: Locale; payload: RegistrationEmailPayload }) {
  return <Details locale={locale} rows={[[t(locale, 'email.detail.ticket'), payload.ticket], ...choiceRows(locale, payload)]} />;
}
