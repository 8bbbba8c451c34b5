import { Migrator, type Migration, type MigrationProvider } from 'kysely/migration';
import type { Db } from './database.ts';
import * as registration from './migrations/2026-11-23T0600-registration.ts';
import * as visits from './migrations/2026-11-23T0700-visits.ts';
import * as visitCapacityIds from './migrations/2026-11-30T0100-visit-capacity-ids.ts';
import * as emailConfirmation from './migrations/2026-11-30T0200-email-confirmation-and-sessions.ts';
import * as invitationUsesRefundReasons from './migrations/2026-11-30T0300-invitation-uses-refund-reasons.ts';
import * as sessionChoices from './migrations/2026-11-30T0400-session-choices.ts';
import * as answersLettersReceipts from './migrations/2026-11-30T0600-answers-letters-receipts.ts';
import * as staffAccounts from './migrations/2026-12-01T0100-staff-accounts.ts';
import * as checkIn from './migrations/2026-12-01T0200-check-in.ts';
import * as announcements from './migrations/2026-12-01T0400-announcements.ts';
import * as adminIndexes from './migrations/2026-12-01T0300-admin-indexes.ts';
import * as contentDraftsUploads from './migrations/2026-12-06T0100-content-drafts-uploads.ts';
import * as contentRevisions from './migrations/2026-12-06T0200-content-revisions.ts';
import * as takeSeatFunction from './migrations/2026-12-06T0301-take-seat-function.ts';
import * as seatsGoneFunction from './migrations/2026-12-06T1400-seats-gone-function.ts';
import * as seatHoldWithoutCapacityKey from './migrations/2026-12-06T1700-seat-hold-without-capacity-key.ts';
import * as outboxClaimIndexes from './migrations/2026-12-07T0100-outbox-claim-indexes.ts';
import * as rateLimitWithoutRowid from './migrations/2026-12-07T0500-rate-limit-without-rowid.ts';
import * as countHitProcedure from './migrations/2026-12-07T1300-count-hit-procedure.ts';
import * as seatProcedures from './migrations/2026-12-07T2200-seat-procedures.ts';

/** Listed here (not read from disk) so the bundled server carries its migrations. */
const migrations: Record<string, Migration> = {
  '2026-11-23T0600-registration': registration,
  // the name a database recorded when it ran this migration: it stays as it was
  '2026-11-23T0700-tours': visits,
  '2026-11-30T0100-visit-capacity-ids': visitCapacityIds,
  '2026-11-30T0200-email-confirmation-and-sessions': emailConfirmation,
  '2026-11-30T0300-invitation-uses-refund-reasons': invitationUsesRefundReasons,
  '2026-11-30T0400-session-choices': sessionChoices,
  '2026-11-30T0600-answers-letters-receipts': answersLettersReceipts,
  '2026-12-01T0100-staff-accounts': staffAccounts,
  '2026-12-01T0200-check-in': checkIn,
  '2026-12-01T0400-announcements': announcements,
  '2026-12-01T0300-admin-indexes': adminIndexes,
  '2026-12-06T0100-content-drafts-uploads': contentDraftsUploads,
  '2026-12-06T0200-content-revisions': contentRevisions,
  '2026-12-06T0301-take-seat-function': takeSeatFunction,
  '2026-12-06T1400-seats-gone-function': seatsGoneFunction,
  '2026-12-06T1700-seat-hold-without-capacity-key': seatHoldWithoutCapacityKey,
  '2026-12-07T0100-outbox-claim-indexes': outboxClaimIndexes,
  '2026-12-07T0500-rate-limit-without-rowid': rateLimitWithoutRowid,
  '2026-12-07T1300-count-hit-procedure': countHitProcedure,
  '2026-12-07T2200-seat-procedures': seatProcedures,
};

const provider: MigrationProvider = { getMigrations: () => Promise.resolve(migrations) };

/** Brings the schema up to date; safe to run on every start and from several instances. */
export async function migrateToLatest({ db }: Db): Promise<string[]> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`database migration ${failed} failed: ${error instanceof Error ? error.message : JSON.stringify(error)}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
