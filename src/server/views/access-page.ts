/** What the page a magic link opens needs to know (pages/[locale]/my/access/[token]/index.astro). */
import type { Deps } from '../../features/deps.ts';
import { personForLink } from '../../features/identity/access.service.ts';

/** Whether the link still opens something (known, not expired, not revoked); opening it changes nothing. */
export async function linkOpens(deps: Deps, token: string): Promise<boolean> {
  try {
    await personForLink(deps, token);
    return true;
  } catch {
    return false;
  }
}
