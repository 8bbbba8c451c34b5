/**
 * Composition root: builds the dependencies every service takes (database, clock, config,
 * keys, catalog, payments), the mailer and the background jobs. One instance per process;
 * the jobs are safe to run in several processes at once.
 */
import { enqueueAnnouncements } from '../features/announcements/announcement.service.ts';
import { join } from 'node:path';
import { hostname } from 'node:os';
import { SITE_URL } from 'astro:env/server';
import { openDatabase, type Db } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import type { Deps } from '../features/deps.ts';
import { systemClock } from '../features/shared/clock.ts';
import { newId } from '../features/shared/secrets.ts';
import { sessionCapacityId, syncCapacities } from '../features/capacity/capacity.repository.ts';
import { syncChoiceBlocks } from '../features/registration/session-choice.repository.ts';
import { sessionBlocks } from '../features/registration/catalog.ts';
import { createStripeGateway } from '../features/payments/stripe-gateway.ts';
import { createSimulatedGateway } from '../features/payments/simulated-gateway.ts';
import { sweepExpiredHolds } from '../features/payments/payment.service.ts';
import { createResendMailer } from '../features/notifications/resend-mailer.ts';
import { createLocalMailer } from '../features/notifications/local-mailer.ts';
import { startRelay } from '../features/notifications/relay.ts';
import type { Mailer } from '../features/notifications/email.types.ts';
import { purgeExpiredRateLimits } from '../features/identity/identity.repository.ts';
import { lapseUnconfirmedRegistrations } from '../features/registration/confirmation.service.ts';
import { lapseUnconfirmedBookings } from '../features/visits/visit-confirmation.service.ts';
import {
  cancelWithdrawnSlots,
  orphanedSlots,
  purgeIdDocuments,
  sendReminders,
  syncSlotCapacities,
} from '../features/visits/visit-jobs.service.ts';
import { createStaffAuth, type StaffAuth } from '../features/staff/auth.ts';
import { announceSetupLink } from './staff-setup.ts';
import { ogFolder, pruneOgPicturesDaily } from '../features/og/og-cache.ts';
import { loadCatalog } from '../site/catalog.ts';
import { appConfig, loadKeys, production, settings, staffAuthSecret } from './config.ts';
import { createEmailRenderer } from './email-render.ts';
import { log } from './log.ts';
import { startPublishingSync } from './publishing-sync.ts';

export interface Services {
  deps: Deps;
  database: Db;
  mailer: Mailer;
  /** staff sign-in (better-auth) for the organizer workspace */
  staffAuth: StaffAuth;
  /** where the local mailer writes (embedded default) */
  outboxDir: string | undefined;
  stop(): Promise<void>;
}

let instance: Promise<Services> | undefined;

/** Periodic work; every job is safe to run twice or on several instances at once. */
async function runJobs(deps: Deps): Promise<void> {
  const jobs: [string, () => Promise<unknown>][] = [
    ['hold sweep', () => sweepExpiredHolds(deps)],
    ['unconfirmed registrations', () => lapseUnconfirmedRegistrations(deps)],
    ['unconfirmed bookings', () => lapseUnconfirmedBookings(deps)],
    ['withdrawn slots', () => cancelWithdrawnSlots(deps)],
    ['visit reminders', () => sendReminders(deps)],
    ['document purge', () => purgeIdDocuments(deps)],
    ['announcements', () => enqueueAnnouncements(deps)],
    ['rate-limit cleanup', () => purgeExpiredRateLimits(deps.db, deps.clock.now().toISOString())],
    ['Open Graph pictures', () => pruneOgPicturesDaily(ogFolder(settings.dataDir), deps.clock.now())],
  ];
  for (const [name, job] of jobs) {
    await job().catch((error: unknown) => log.error(`${name} failed: ${error instanceof Error ? error.message : String(error)}`));
  }
}

/** The process's services, started on first use. */
export function services(): Promise<Services> {
  instance ??= boot().catch((error: unknown) => {
    instance = undefined;
    throw error;
  });
  return instance;
}

async function boot(): Promise<Services> {
  const database = openDatabase(settings.databaseUrl, {
    poolSize: settings.databasePoolSize,
    namedStatements: settings.databaseNamedStatements,
  });
  await migrateToLatest(database);
  const catalog = await loadCatalog();
  const clock = systemClock;
  await syncCapacities(
    database.db,
    catalog.sessions.map((s) => ({ id: sessionCapacityId(s.id), limit: s.capacity })),
    clock.now().toISOString(),
  );
  await syncChoiceBlocks(
    database.db,
    sessionBlocks(catalog).map((b) => ({ id: b.id, sessionIds: b.sessions.map((s) => s.id) })),
  );
  const config = appConfig(SITE_URL ?? 'http://localhost:4321');
  const payments = settings.stripe
    ? createStripeGateway({
        secretKey: settings.stripe.secretKey,
        ...(settings.stripe.apiBase ? { apiBase: settings.stripe.apiBase } : {}),
      })
    : createSimulatedGateway(database.db, { siteUrl: config.siteUrl, clock });
  if (production && !settings.stripe && catalog.tickets.some((t) => t.priceCents > 0)) {
    log.error('STRIPE_SECRET_KEY is not set: paid tickets are refused until it is (free tickets still work).');
  }
  const deps: Deps = { db: database.db, dialect: database.dialect, clock, config, keys: loadKeys(), catalog, payments };
  await syncSlotCapacities(deps);
  // A slot removed from content while people hold bookings must not vanish silently.
  const orphans = await orphanedSlots(deps);
  if (orphans.length > 0) {
    throw new Error(
      `visit slot(s) ${orphans.join(', ')} have bookings but are missing from content/visits/. ` +
        'Put the file(s) back, or keep them with "cancelled: true" to cancel the slot and email its visitors.',
    );
  }

  const staffAuth = createStaffAuth(database.db, database.dialect, {
    siteUrl: config.siteUrl,
    secret: staffAuthSecret(),
    issuer: catalog.event.shortName.en ?? 'Forum',
  });
  await announceSetupLink(deps);

  const outboxDir = settings.resend ? undefined : join(settings.dataDir, 'outbox');
  const mailer = settings.resend ? createResendMailer(settings.resend) : createLocalMailer({ dir: outboxDir! });
  const relay = startRelay(
    {
      db: database.db,
      clock,
      mailer,
      render: createEmailRenderer(deps),
      from: settings.mailFrom,
      workerId: `${hostname()}:${process.pid}:${newId().slice(0, 8)}`,
      log: log.info,
    },
    { intervalMs: Math.min(settings.jobsIntervalMs, 5000) },
  );
  const publishingSync = startPublishingSync(database.db);
  const sweeper = setInterval(() => void runJobs(deps), settings.jobsIntervalMs);
  void runJobs(deps);
  sweeper.unref();
  log.info(`services ready: ${database.dialect}, payments ${payments.provider}, mail ${mailer.kind}${production ? ', production' : ''}`);
  const stop = async () => {
    clearInterval(sweeper);
    publishingSync.stop();
    await relay.stop();
    await database.close();
  };
  // server.mjs (outside this bundle) calls it on SIGTERM once the last request is answered.
  (globalThis as Record<symbol, unknown>)[Symbol.for('forum.stop')] = stop;
  return { deps, database, mailer, staffAuth, outboxDir, stop };
}
