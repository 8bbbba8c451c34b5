import type { AstroCookies } from 'astro';
import type { Deps } from '../features/deps.ts';
import { personForToken } from '../features/identity/access.service.ts';
import { ACCESS_COOKIE } from './access-cookie.ts';

/** The person whose magic link opened this browser session, or InvalidToken. */
export function requirePerson(deps: Deps, cookies: AstroCookies): Promise<string> {
  return personForToken(deps, cookies.get(ACCESS_COOKIE)?.value);
}

/** The person of this browser session, or undefined (no cookie, or an expired link). */
export async function currentPerson(deps: Deps, cookies: AstroCookies): Promise<string | undefined> {
  try {
    return await requirePerson(deps, cookies);
  } catch {
    return undefined;
  }
}
