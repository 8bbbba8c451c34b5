/**
 * The organizers' registration list on 10,000 registrations in SQLite: typical searches and
 * filters timed (median of 5 runs each, after one warm-up). Target: under 200 ms each.
 * Prints the figures and writes bench/results/admin-list.json.
 *   node bench/admin-list.mjs
 */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { listRegistrations } from '../src/features/organizer/registration-list.service.ts';
import { parseRegistrationListQuery } from '../src/features/organizer/registration-list.schema.ts';

const COUNT = 10_000;
const TARGET_MS = 200;
const EDITION = 'bench-2026';
const dir = mkdtempSync(join(tmpdir(), 'admin-list-'));
const { db, close } = openDatabase(`sqlite:${join(dir, 'forum.db')}`);

const statuses = ['confirmed', 'confirmed', 'confirmed', 'pending_payment', 'awaiting_approval', 'waitlisted', 'cancelled'];
const tickets = ['free', 'paid', 'media'];
const surnames = ['Wang', 'Li', 'Zhang', 'Liu', 'Chen', 'Schmidt', 'Garcia', 'Okafor', '王', '李'];

async function seed() {
  await migrateToLatest({ db });
  const start = Date.parse('2026-09-01T00:00:00Z');
  for (let batch = 0; batch < COUNT / 500; batch++) {
    const regs = [];
    const choices = [];
    const payments = [];
    const people = [];
    for (let j = 0; j < 500; j++) {
      const i = batch * 500 + j;
      const id = randomUUID();
      const personId = randomUUID();
      const at = new Date(start + i * 60_000).toISOString();
      const ticket = tickets[i % 3];
      regs.push({
        id,
        edition: EDITION,
        person_id: personId,
        email: `person${i}@example.org`,
        ticket_id: ticket,
        category_id: i % 4 === 0 ? 'international' : 'mainland',
        status: statuses[i % statuses.length],
        name: `${surnames[i % surnames.length]} Person ${i}`,
        organization: `Organization ${i % 300}`,
        job_title: '',
        phone: '',
        country: 'CN',
        dietary: '',
        accessibility: '',
        interpretation: '',
        locale: i % 2 ? 'zh' : 'en',
        letter_requested: i % 4 === 0 ? 1 : 0,
        passport_name: null,
        passport_number_enc: null,
        nationality: null,
        arrival_date: null,
        departure_date: null,
        letter_state: i % 4 === 0 ? (i % 8 === 0 ? 'requested' : 'approved') : 'none',
        letter_decided_at: null,
        letter_note: null,
        birth_date_enc: null,
        passport_expiry_enc: null,
        invoice_title: null,
        tax_number: null,
        consent_at: at,
        amount_cents: ticket === 'paid' ? 120_000 : 0,
        currency: 'CNY',
        hold_expires_at: null,
        confirm_by: null,
        confirmed_at: at,
        cancelled_at: null,
        checked_in_at: i % 5 === 0 ? at : null,
        created_at: at,
        updated_at: at,
      });
      people.push({ id: personId, email: `person${i}@example.org`, created_at: at });
      choices.push({
        registration_id: id,
        block_id: 'd1-1400',
        session_id: `p${(i % 4) + 1}`,
        status: 'seated',
        waiting_since: null,
        created_at: at,
        updated_at: at,
      });
      if (ticket === 'paid') {
        payments.push({
          id: randomUUID(),
          registration_id: id,
          provider: 'stripe',
          checkout_id: `cs_${i}`,
          checkout_url: null,
          status: i % 6 === 1 ? 'paid' : 'open',
          amount_cents: 120_000,
          currency: 'CNY',
          payment_intent: null,
          refund_id: null,
          refund_reason: null,
          expires_at: at,
          created_at: at,
          updated_at: at,
        });
      }
    }
    await db.insertInto('person').values(people).execute();
    await db.insertInto('registration').values(regs).execute();
    await db.insertInto('session_choice').values(choices).execute();
    if (payments.length) await db.insertInto('payment').values(payments).execute();
  }
}

const cases = {
  'default (newest first, page 1)': '',
  'page 100': 'page=100',
  'oldest first': 'sort=oldest',
  'search name': 'q=schmidt',
  'search Chinese name': 'q=王',
  'search email': 'q=person9876@',
  'search organization': 'q=organization 42',
  'status confirmed + ticket paid': 'status=confirmed&ticket=paid',
  'session p2': 'session=p2',
  'payment paid': 'payment=paid',
  'payment none': 'payment=none',
  'letter requested': 'letter=requested',
  'checked in': 'checkedIn=yes',
  'everything at once': 'q=person&status=confirmed&category=international&session=p1&checkedIn=no&letter=approved',
};

async function time(query) {
  const filter = parseRegistrationListQuery(new URLSearchParams(query));
  await listRegistrations(db, EDITION, filter);
  const runs = [];
  let total = 0;
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    total = (await listRegistrations(db, EDITION, filter)).total;
    runs.push(performance.now() - t0);
  }
  runs.sort((a, b) => a - b);
  return { ms: Math.round(runs[2] * 10) / 10, total };
}

try {
  await seed();
  const results = {};
  for (const [name, query] of Object.entries(cases)) {
    results[name] = await time(query);
    console.log(`${name.padEnd(34)} ${String(results[name].ms).padStart(7)} ms  (${results[name].total} rows)`);
  }
  const worst = Math.max(...Object.values(results).map((r) => r.ms));
  console.log(`\n${COUNT} registrations, slowest ${worst} ms (target < ${TARGET_MS} ms): ${worst < TARGET_MS ? 'ok' : 'TOO SLOW'}`);
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(
    'bench/results/admin-list.json',
    `${JSON.stringify({ registrations: COUNT, targetMs: TARGET_MS, slowestMs: worst, results }, null, 2)}\n`,
  );
  if (worst >= TARGET_MS) process.exitCode = 1;
} finally {
  await close?.();
  rmSync(dir, { recursive: true, force: true });
}
