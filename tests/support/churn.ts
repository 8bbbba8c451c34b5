/**
 * The churn test's parts: a starting crowd (registrations with a waiting list, visit bookings
 * with waiting parties), a reproducible mix of concurrent changes for two instances
 * (churn-worker.ts), and the seat accounting every change must leave exact.
 */
import { randomBytes } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { sql } from 'kysely';
import { register } from '../../src/features/registration/registration.service.ts';
import { registrationSeatViolations } from './choice-invariants.ts';
import { syncSlotCapacities } from '../../src/features/visits/visit-jobs.service.ts';
import type { TestDb } from './databases.ts';
import { BLOCK_1, BLOCK_2, form, makeCatalog, makeDeps } from './deps.ts';
import { bookVisitForm, visitForm } from './visits.ts';

export type ChurnOp =
  | { kind: 'cancel'; personId: string }
  | { kind: 'session'; personId: string; blockId: string; sessionId: string | null }
  | { kind: 'register'; email: string; sessions: Record<string, string> }
  | { kind: 'visit-cancel'; personId: string; bookingId: string }
  | { kind: 'visit-move'; personId: string; bookingId: string; slotId: string }
  | { kind: 'visit-resize'; personId: string; bookingId: string; size: number; tag: string }
  | { kind: 'book'; email: string; slotId: string; size: number };

export interface ChurnSetup {
  catalog: { parallelSeats: number; mainSeats: number; slotSeats: number };
  keys: { encryption: Uint8Array; tickets: Uint8Array; rateLimit: Uint8Array };
}

interface Attendee {
  personId: string;
  email: string;
}
interface Party extends Attendee {
  bookingId: string;
}

/** A small seeded generator, so a failing mix can be replayed. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const churnSetup = (): ChurnSetup => ({
  catalog: { parallelSeats: 70, mainSeats: 100, slotSeats: 30 },
  keys: { encryption: randomBytes(32), tickets: randomBytes(32), rateLimit: randomBytes(32) },
});

/** 120 registrations for a 100-seat main forum (20 wait) with two 70-seat sessions, and 40 parties (1–3) for two 30-seat slots. */
export async function seedCrowd(t: TestDb, setup: ChurnSetup) {
  const deps = await makeDeps(t, { catalog: makeCatalog(setup.catalog) });
  deps.keys = {
    encryption: Buffer.from(setup.keys.encryption),
    tickets: Buffer.from(setup.keys.tickets),
    rateLimit: Buffer.from(setup.keys.rateLimit),
  };
  await syncSlotCapacities(deps);
  const attendees: Attendee[] = [];
  for (let i = 0; i < 120; i++) {
    const email = `churn-${i}@example.org`;
    const sessions = { [BLOCK_1]: i % 2 ? 'p2' : 'p1', [BLOCK_2]: i % 3 ? 'p3' : 'none' };
    const { personId } = await register(deps, form({ email, sessions }), `seed-${i}`);
    attendees.push({ personId, email });
  }
  const parties: Party[] = [];
  for (let i = 0; i < 40; i++) {
    const email = `party-${i}@example.org`;
    const result = await bookVisitForm(deps, visitForm(1 + (i % 3), { email, slot: i % 2 ? 'slot-b' : 'slot-a' }), `seed-party-${i}`);
    parties.push({ personId: result.personId, email, bookingId: result.bookingId });
  }
  return { attendees, parties };
}

/** `count` changes over the crowd, drawn with `seed`: every kind of change, many on the same people at once. */
export function churnOps(crowd: { attendees: Attendee[]; parties: Party[] }, count: number, seed: number): ChurnOp[] {
  const next = random(seed);
  const pick = <T>(items: T[]) => items[Math.floor(next() * items.length)];
  const ops: ChurnOp[] = [];
  for (let i = 0; i < count; i++) {
    const r = next();
    const a = pick(crowd.attendees);
    const p = pick(crowd.parties);
    const slotId = pick(['slot-a', 'slot-b']);
    const block = pick([BLOCK_1, BLOCK_2]);
    const sessionId = pick(block === BLOCK_1 ? ['p1', 'p2', null] : ['p3', 'p4', null]);
    const sessions = { [BLOCK_1]: pick(['p1', 'p2', 'none']), [BLOCK_2]: pick(['p3', 'p4', 'none']) };
    if (r < 0.15) ops.push({ kind: 'cancel', personId: a.personId });
    else if (r < 0.4) ops.push({ kind: 'session', personId: a.personId, blockId: block, sessionId });
    else if (r < 0.52) ops.push({ kind: 'register', email: a.email, sessions });
    else if (r < 0.62) ops.push({ kind: 'visit-cancel', personId: p.personId, bookingId: p.bookingId });
    else if (r < 0.8) ops.push({ kind: 'visit-move', personId: p.personId, bookingId: p.bookingId, slotId });
    else if (r < 0.95)
      ops.push({
        kind: 'visit-resize',
        personId: p.personId,
        bookingId: p.bookingId,
        size: 1 + Math.floor(next() * 4),
        tag: `${seed}x${i}`,
      });
    else ops.push({ kind: 'book', email: p.email, slotId, size: 1 + Math.floor(next() * 3) });
  }
  return ops;
}

/** Run each share of the ops in its own thread (its own pool: one instance each), all started together. */
export async function runInstances(url: string, setup: ChurnSetup, shares: ChurnOp[][]): Promise<string[]> {
  const workers = shares.map((ops) => new Worker(new URL('./churn-worker.ts', import.meta.url), { workerData: { url, ops, setup } }));
  const ready = workers.map(
    (w) =>
      new Promise<void>((resolve, reject) => {
        w.once('message', () => resolve());
        w.once('error', reject);
      }),
  );
  await Promise.all(ready);
  const results = workers.map(
    (w) =>
      new Promise<string[]>((resolve, reject) => {
        w.once('message', resolve);
        w.once('error', reject);
      }),
  );
  workers.forEach((w) => w.postMessage('go'));
  return (await Promise.all(results)).flat();
}

/**
 * Everything the seat accounting promises, as a list of violations (empty when exact):
 * no capacity oversold, `taken` = the seats held there, every seated registration holds one
 * seat in each main session and in each seated choice's session (choice-invariants.ts), every confirmed booking holds its party
 * size in its slot, nothing else holds seats, and nobody waits for seats that are free.
 */
export async function seatViolations(t: TestDb, setup: ChurnSetup): Promise<string[]> {
  const catalog = makeCatalog(setup.catalog);
  const problems: string[] = [];
  const capacities = await t.db.selectFrom('capacity').selectAll().execute();
  const holds = await t.db.selectFrom('seat_hold').selectAll().execute();
  const bookings = await t.db.selectFrom('booking').select(['id', 'status', 'slot_id', 'party_size']).execute();
  const left = new Map<string, number>();
  for (const c of capacities) {
    const held = holds.filter((h) => h.capacity_id === c.id).reduce((n, h) => n + h.seats, 0);
    if (c.taken > c.seat_limit) problems.push(`${c.id}: ${c.taken} taken of ${c.seat_limit}`);
    if (c.taken !== held) problems.push(`${c.id}: taken ${c.taken}, held ${held}`);
    left.set(c.id, c.seat_limit - c.taken);
  }
  const holdsOf = (owner: string) =>
    holds
      .filter((h) => h.owner_id === owner)
      .map((h) => `${h.capacity_id}=${h.seats}`)
      .sort()
      .join(',');
  const owners = new Set<string>();
  const forRegistrations = await registrationSeatViolations(t, catalog, holdsOf, left);
  problems.push(...forRegistrations.problems);
  forRegistrations.owners.forEach((id) => owners.add(id));
  for (const b of bookings) {
    owners.add(b.id);
    const expected = b.status === 'confirmed' ? `visit:${b.slot_id}=${b.party_size}` : '';
    if (holdsOf(b.id) !== expected) problems.push(`booking ${b.id} (${b.status}, ${b.slot_id}×${b.party_size}) holds "${holdsOf(b.id)}"`);
    if (b.status === 'waitlisted' && (left.get(`visit:${b.slot_id}`) ?? 0) >= b.party_size) {
      problems.push(`booking ${b.id} waits for ${b.slot_id}×${b.party_size} with seats free`);
    }
  }
  for (const h of holds) if (!owners.has(h.owner_id)) problems.push(`seat hold of unknown owner ${h.owner_id}`);
  return problems;
}

/**
 * Deadlocks PostgreSQL detected in this database (each one an aborted transaction), read
 * once every other connection has closed (a backend reports its counts when it exits).
 */
export async function deadlocksDetected(t: TestDb): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const others = await sql<{
      n: string;
    }>`select count(*) as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`.execute(t.db);
    if (Number(others.rows[0]?.n) === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const stats = await sql<{ n: string }>`select deadlocks as n from pg_stat_database where datname = current_database()`.execute(t.db);
  return Number(stats.rows[0]?.n ?? 0);
}
