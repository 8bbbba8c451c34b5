import type { AstroCookies } from 'astro';
import type { Deps } from '../features/shared/deps.ts';
import { personForToken } from '../features/identity/access.service.ts';
import { ACCESS_COOKIE } from './access-cookie.ts';

/** The person whose magic link opened this browser session, or InvalidToken. */
export function requirePerson(deps: Deps, cookies: AstroCookies): Promise<string> {
  return personForToken(deps, cookies.get(ACCESS_COOKIE)?.value);
}
