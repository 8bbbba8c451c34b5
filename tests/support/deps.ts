/**
 * Real dependencies for service tests: a real database, the simulated gateway (or the real
 * Stripe SDK against the local fake), a clock the test moves, and a small catalog.
 */
import { randomBytes } from 'node:crypto';
import type { Deps } from '../../src/features/deps.ts';
import type { Catalog, TicketInfo } from '../../src/features/registration/catalog.ts';
import type { PaymentGateway } from '../../src/features/payments/gateway.ts';
import { createSimulatedGateway } from '../../src/features/payments/simulated-gateway.ts';
import { sessionCapacityId, syncCapacities } from '../../src/features/capacity/capacity.repository.ts';
import { sha256Hex } from '../../src/features/shared/secrets.ts';
import { parseRegistration, type RegistrationInput } from '../../src/features/registration/registration.schema.ts';
import { makeEvent, makeSession } from '../fixtures/program.ts';
import { fakeClock, type FakeClock } from '../fixtures/clock.ts';
import type { TestDb } from './databases.ts';

export const INVITE_CODE = 'TEST-INVITE';

export function makeTicket(overrides: Partial<TicketInfo> & { id: string }): TicketInfo {
  return {
    name: { en: `Ticket ${overrides.id}`, zh: `票种${overrides.id}` },
    description: { en: 'A ticket.', zh: '票种。' },
    priceCents: 0,
    currency: 'CNY',
    categories: [],
    invitationCodes: [],
    requiresApproval: false,
    sessionChoice: true,
    order: 0,
    sample: false,
    ...overrides,
  };
}

/**
 * A small forum. confirmWithin (minutes, for registrations and bookings alike) is 0 unless a
 * test is about email confirmation: most tests look at what happens once a person is confirmed.
 */
export function makeCatalog(
  options: {
    parallelSeats?: number;
    mainSeats?: number;
    slotSeats?: number;
    confirmWithin?: number;
    /** the forum's year (default 2024); tests on the real clock (Stripe signs with it) need one ahead */
    eventYear?: number;
  } = {},
): Catalog {
  const year = options.eventYear ?? 2024;
  const event = makeEvent({ startDate: `${year}-12-19`, endDate: `${year}-12-20` });
  return {
    edition: event.id,
    event,
    sessions: [
      makeSession({ id: 'main', code: 'MAIN', kind: 'main', capacity: options.mainSeats ?? 10_000 }),
      makeSession({ id: 'p1', code: 'P1', kind: 'parallel', start: '14:00', end: '17:00', capacity: options.parallelSeats ?? 100 }),
      makeSession({ id: 'p2', code: 'P2', kind: 'parallel', start: '14:00', end: '17:00', capacity: options.parallelSeats ?? 100 }),
      // a second time block (d2-0900): day 2 morning
      ...(['p3', 'p4'] as const).map((id) =>
        makeSession({
          id,
          code: id.toUpperCase(),
          kind: 'parallel',
          day: 2,
          date: `${year}-12-20`,
          start: '09:00',
          end: '12:00',
          capacity: options.parallelSeats ?? 100,
        }),
      ),
    ],
    tickets: [
      makeTicket({ id: 'free' }),
      makeTicket({ id: 'paid', priceCents: 120_000 }),
      makeTicket({ id: 'invited', invitationCodes: [{ hash: sha256Hex(INVITE_CODE) }] }),
      makeTicket({ id: 'media', requiresApproval: true }),
    ],
    categories: [
      { id: 'mainland', label: { en: 'Mainland', zh: '内地' }, invitationLetter: false },
      { id: 'international', label: { en: 'International', zh: '国际' }, invitationLetter: true },
    ],
    currency: 'CNY',
    confirmWithin: options.confirmWithin ?? 0,
    visits: {
      slots: [
        {
          id: 'slot-a',
          date: `${year}-12-20`,
          start: '14:00',
          durationMinutes: 90,
          capacity: options.slotSeats ?? 30,
          languages: ['zh', 'en'],
          cancelled: false,
          sample: false,
        },
        {
          id: 'slot-b',
          date: `${year}-12-20`,
          start: '16:00',
          durationMinutes: 90,
          capacity: options.slotSeats ?? 30,
          languages: ['zh'],
          cancelled: false,
          sample: false,
        },
      ],
      settings: {
        maxPartySize: 5,
        requiresIdDocument: true,
        idDocumentTypes: ['passport', 'resident-id'],
        purgeDaysAfterVisit: 7,
        confirmWithin: options.confirmWithin ?? 0,
        meetingPoint: { en: 'Main entrance', zh: '正门' },
        bring: { en: 'Your identity document', zh: '身份证件' },
        accessibility: { en: 'Step-free access', zh: '无障碍通道' },
      },
    },
  };
}

export interface TestDeps extends Deps {
  clock: FakeClock;
}

export async function makeDeps(t: TestDb, options: { catalog?: Catalog; payments?: PaymentGateway; now?: Date } = {}): Promise<TestDeps> {
  const clock = fakeClock(options.now ?? new Date('2024-11-01T02:00:00Z'));
  const catalog = options.catalog ?? makeCatalog();
  await syncCapacities(
    t.db,
    catalog.sessions.map((s) => ({ id: sessionCapacityId(s.id), limit: s.capacity })),
    clock.now().toISOString(),
  );
  return {
    db: t.db,
    dialect: t.dialect,
    clock,
    config: {
      siteUrl: 'http://forum.test',
      holdMinutes: 30,
      offerHours: 24,
      production: false,
      linkValidDays: 14,
      formsPerClientPer10Min: 20,
      formsPerEmailPerHour: 5,
    },
    keys: { encryption: randomBytes(32), tickets: randomBytes(32), rateLimit: randomBytes(32) },
    catalog,
    payments: options.payments ?? createSimulatedGateway(t.db, { siteUrl: 'http://forum.test', clock }),
  };
}

/** The test catalog's time blocks: p1/p2 on day 1 afternoon, p3/p4 on day 2 morning. */
export const BLOCK_1 = 'd1-1400';
export const BLOCK_2 = 'd2-0900';
const blockOf = (sessionId: string) => (sessionId === 'p3' || sessionId === 'p4' ? BLOCK_2 : BLOCK_1);

let seq = 0;
/**
 * A valid registration form as the register action reads it (checkboxes as booleans); override
 * what the test is about. `session: 'p2'` is short for choosing p2 in its block (and nothing in
 * the other); `sessions` gives every block's field as sent.
 */
export function formRecord(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  seq += 1;
  const { session, ...rest } = overrides;
  const sessions = typeof session === 'string' ? { [blockOf(session)]: session } : session === undefined ? { [BLOCK_1]: 'p1' } : {};
  return {
    name: `Attendee ${seq}`,
    organization: 'Example University',
    email: `attendee${seq}-${process.pid}@example.org`,
    country: 'Germany',
    category: 'mainland',
    ticket: 'free',
    sessions,
    consent: true,
    locale: 'en',
    ...rest,
  };
}

/** A valid registration, parsed as the register action parses it; override what the test is about. */
export function form(overrides: Record<string, string | boolean | undefined | Record<string, string>> = {}): RegistrationInput {
  return parseRegistration(formRecord(overrides));
}
