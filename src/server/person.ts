import type { AstroCookies } from 'astro';
import type { Deps } from '../features/deps.ts';
import { personForSession } from '../features/identity/access.service.ts';
import { accessCookie } from './access-cookie.ts';

/** The person this browser signed in as (link from the mailbox, then "Continue"), or InvalidToken. */
export function requirePerson(deps: Deps, cookies: AstroCookies): Promise<string> {
  return personForSession(deps, accessCookie(cookies));
}

/** The person of this browser session, or undefined (no cookie, expired or signed out). */
export async function currentPerson(deps: Deps, cookies: AstroCookies): Promise<string | undefined> {
  try {
    return await requirePerson(deps, cookies);
  } catch {
    return undefined;
  }
}
