// `npm run admin:create -- --email someone@example.org [--name "Their Name"] [--locale zh]`:
// makes that address an admin of the database in DATABASE_URL (created, or an existing staff
// account promoted) and prints a one-time link (72 hours) that sets the password. The admin
// then sets up an authenticator app at the first sign-in.
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { systemClock } from '../src/features/shared/clock.ts';
import { createAdmin } from '../src/features/staff/staff.service.ts';
import { adminRoutes } from '../src/lib/admin-routes.ts';

const { values } = parseArgs({
  options: { email: { type: 'string' }, name: { type: 'string' }, locale: { type: 'string', default: 'en' } },
});
const email = values.email?.trim().toLowerCase() ?? '';
if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
  console.error('usage: npm run admin:create -- --email someone@example.org [--name "Their Name"] [--locale en|zh]');
  process.exit(2);
}
const locale = values.locale === 'zh' ? 'zh' : 'en';
const siteUrl = (process.env.SITE_URL ?? 'http://localhost:4321').replace(/\/$/, '');
const database = openDatabase(process.env.DATABASE_URL ?? 'sqlite:data/forum.db');
try {
  await migrateToLatest(database);
  const deps = { db: database.db, dialect: database.dialect, clock: systemClock };
  const { token } = await createAdmin(deps, { email, name: values.name?.trim() || email.split('@')[0] });
  console.log(`${email} is an admin. Open this link within 72 hours to set the password (it works once):`);
  console.log(`${siteUrl}${adminRoutes.password(locale, token)}`);
} finally {
  await database.close();
}
