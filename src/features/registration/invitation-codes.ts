/** Invitation codes typed into the registration form: matched against the ticket's, with guessing limited. */
import type { Deps } from '../deps.ts';
import { sha256Hex } from '../shared/secrets.ts';
import { checkRateLimit, uncountRateLimit } from '../identity/rate-limits.ts';
import type { TicketInfo } from './catalog.ts';

/** Wrong invitation codes allowed per hour, per client and per ticket: past them no code is compared (RateLimited). */
export const WRONG_CODE_LIMITS = { perClient: 5, perTicket: 50 } as const;

/**
 * The ticket's invitation code the typed one matches, or undefined. Every attempt counts
 * against the client's and the ticket's limits before the code is compared, and a right code
 * is taken back off them, so codes cannot be guessed, even from many addresses at once.
 */
export async function matchInvitationCode(deps: Deps, ticket: TicketInfo, typed: string, clientKey: string) {
  const limits = [
    ['invitation-client', clientKey, WRONG_CODE_LIMITS.perClient],
    ['invitation-ticket', ticket.id, WRONG_CODE_LIMITS.perTicket],
  ] as const;
  for (const [scope, subject, limit] of limits) await checkRateLimit(deps, scope, subject, limit, 60);
  const hash = sha256Hex(typed);
  const code = ticket.invitationCodes.find((c) => c.hash === hash);
  if (code) for (const [scope, subject] of limits) await uncountRateLimit(deps, scope, subject, 60);
  return code;
}
