/**
 * A fresh install has no admin: the embedded default (SQLite, not production) prints a
 * one-time setup link at start (valid 72 hours) that creates the first admin. Elsewhere
 * `npm run admin:create -- --email …` does it (README, "Organizer workspace").
 */
import type { Deps } from '../features/deps.ts';
import { setupLinkIfNoAdmin } from '../features/staff/staff.service.ts';
import { absolute } from '../lib/routes.ts';
import { adminRoutes } from '../lib/admin-routes.ts';
import { log } from './log.ts';

export async function announceSetupLink(deps: Deps): Promise<void> {
  if (deps.dialect !== 'sqlite' || deps.config.production) return;
  const token = await setupLinkIfNoAdmin(deps);
  if (!token) return;
  // The one log line with a secret in it, on purpose: whoever reads the console of a fresh
  // install is its operator. The link works once, and not once an admin exists.
  log.info(
    `no admin yet: create the first one with this one-time link (72 hours): ${absolute(deps.config.siteUrl, adminRoutes.password('en', token))}`,
  );
}
