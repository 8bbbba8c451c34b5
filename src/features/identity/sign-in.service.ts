/**
 * Signing in: the one way to reach a person's records. The magic link from their mailbox
 * opens a page with a "Continue" button; only that POST (same origin) signs the browser in.
 * It proves the person reads the mailbox, so it also confirms what they registered or booked
 * and has not confirmed yet.
 */
import type { Deps } from '../deps.ts';
import { confirmRegistrationOf } from '../registration/confirmation.service.ts';
import { confirmBookingsOf } from '../visits/visit-confirmation.service.ts';
import { personForLink, startSession, type Session } from './access.service.ts';

export interface SignedIn extends Session {
  personId: string;
  /** registrations and bookings this sign-in confirmed */
  confirmed: number;
}

/** Sign in with a magic link (InvalidToken when unknown, expired or revoked): a new session, never the link itself. */
export async function signIn(deps: Deps, linkToken: string): Promise<SignedIn> {
  const personId = await personForLink(deps, linkToken);
  const confirmed = Number(await confirmRegistrationOf(deps, personId)) + (await confirmBookingsOf(deps, personId));
  return { ...(await startSession(deps, personId)), personId, confirmed };
}
