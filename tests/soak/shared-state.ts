/**
 * The state two servers left in their shared PostgreSQL database, read with plain SQL, and what
 * it must satisfy, as lists of problems (empty when exact):
 *   - seats: `capacity.taken` equals the seats held and never exceeds the limit; a seated
 *     registration holds the forum's seat and one per seated choice, nothing else; nobody
 *     seated waits for a session that has seats free; one choice per block;
 *   - payments: one paid payment per paid registration, one receipt per payment (numbers in one
 *     unbroken sequence), refunds only of paid payments and each asked of Stripe once;
 *   - emails: every outbox row sent, each once across all the servers' mailers.
 */
import type pg from 'pg';

export interface SharedState {
  registrations: { id: string; email: string; status: string; ticket_id: string; amount_cents: number }[];
  choices: { registration_id: string; block_id: string; session_id: string; status: string }[];
  capacities: { id: string; seat_limit: number; taken: number }[];
  holds: { owner_id: string; capacity_id: string; seats: number }[];
  payments: {
    id: string;
    registration_id: string;
    checkout_id: string | null;
    status: string;
    payment_intent: string | null;
    refund_id: string | null;
    refund_reason: string | null;
  }[];
  receipts: { number: string; seq: number; registration_id: string; payment_id: string; edition: string }[];
  counters: { edition: string; last: number }[];
  events: { id: string; type: string }[];
  outbox: { id: string; kind: string; recipient: string; status: string; attempts: number; payload: string }[];
}

export async function readSharedState(client: pg.Client): Promise<SharedState> {
  const all = async <T>(sql: string) => (await client.query(sql)).rows as T[];
  return {
    registrations: await all('select id, email, status, ticket_id, amount_cents from registration'),
    choices: await all('select registration_id, block_id, session_id, status from session_choice'),
    capacities: await all(`select id, seat_limit, taken from capacity where id like 'session:%'`),
    holds: await all('select owner_id, capacity_id, seats from seat_hold'),
    payments: await all('select id, registration_id, checkout_id, status, payment_intent, refund_id, refund_reason from payment'),
    receipts: await all('select number, seq, registration_id, payment_id, edition from receipt'),
    counters: await all('select edition, last from receipt_counter'),
    events: await all('select id, type from stripe_event'),
    outbox: await all('select id, kind, recipient, status, attempts, payload from outbox'),
  };
}

const SEATED = ['confirmed', 'pending_payment', 'awaiting_approval'];

const groupBy = <T>(rows: T[], key: (r: T) => string) => {
  const map = new Map<string, T[]>();
  for (const r of rows) map.set(key(r), [...(map.get(key(r)) ?? []), r]);
  return map;
};

export function seatProblems(s: SharedState, mainCapacities: string[]): string[] {
  const problems: string[] = [];
  const heldOf = groupBy(s.holds, (h) => h.owner_id);
  const choicesOf = groupBy(s.choices, (c) => c.registration_id);
  const left = new Map<string, number>();
  for (const c of s.capacities) {
    const held = s.holds.filter((h) => h.capacity_id === c.id).reduce((n, h) => n + h.seats, 0);
    const seatedChoices = s.choices.filter((x) => `session:${x.session_id}` === c.id && x.status === 'seated').length;
    if (c.taken !== held) problems.push(`${c.id}: taken ${c.taken}, seats held ${held}`);
    if (c.taken > c.seat_limit) problems.push(`${c.id}: taken ${c.taken} over its limit ${c.seat_limit}`);
    if (!mainCapacities.includes(c.id) && held !== seatedChoices)
      problems.push(`${c.id}: ${held} seats held, ${seatedChoices} seated choices`);
    left.set(c.id, c.seat_limit - c.taken);
  }
  for (const r of s.registrations) {
    const own = choicesOf.get(r.id) ?? [];
    const holds = (heldOf.get(r.id) ?? []).map((h) => `${h.capacity_id}=${h.seats}`).sort();
    // Unconfirmed (the link not opened yet) keeps whatever seats it got at registration.
    const seated = SEATED.includes(r.status) || (r.status === 'unconfirmed' && holds.length > 0);
    const expected = seated
      ? [...mainCapacities.map((c) => `${c}=1`), ...own.filter((c) => c.status === 'seated').map((c) => `session:${c.session_id}=1`)].sort()
      : [];
    const describe = `${r.email} (${r.status}; ${own.map((c) => `${c.block_id}:${c.session_id}:${c.status}`).join(' ') || 'no choices'})`;
    if (holds.join(',') !== expected.join(',')) problems.push(`${describe} holds [${holds.join(', ')}], expected [${expected.join(', ')}]`);
    if (!seated && own.some((c) => c.status === 'seated')) problems.push(`${describe} has a seated choice without its forum seat`);
    if (new Set(own.map((c) => c.block_id)).size !== own.length) problems.push(`${describe} has two choices in one block`);
    if (SEATED.includes(r.status)) {
      for (const c of own.filter((x) => x.status === 'waiting')) {
        const free = left.get(`session:${c.session_id}`) ?? 0;
        if (free > 0) problems.push(`${describe} waits for ${c.session_id}, which has ${free} seat(s) free`);
      }
    }
  }
  return problems;
}

/**
 * `completed`: the checkouts the customers paid at (fake) Stripe; `refunds`: Stripe's refunds
 * by payment intent.
 */
export function paymentProblems(s: SharedState, completed: Set<string>, refunds: Map<string, number>): string[] {
  const problems: string[] = [];
  const byCheckout = groupBy(
    s.payments.filter((p) => p.checkout_id),
    (p) => p.checkout_id!,
  );
  for (const id of completed) {
    const rows = byCheckout.get(id) ?? [];
    if (rows.length !== 1) problems.push(`checkout ${id}: ${rows.length} payment rows`);
    else if (!['paid', 'refunded'].includes(rows[0].status)) problems.push(`checkout ${id} was paid, its payment is ${rows[0].status}`);
  }
  const paymentsOf = groupBy(s.payments, (p) => p.registration_id);
  for (const r of s.registrations.filter((x) => x.amount_cents > 0 && x.status === 'confirmed')) {
    const paid = (paymentsOf.get(r.id) ?? []).filter((p) => p.status === 'paid' && !p.refund_reason);
    if (paid.length !== 1) problems.push(`${r.email} confirmed with ${paid.length} kept payments`);
  }
  const receiptsOf = groupBy(s.receipts, (x) => x.payment_id);
  for (const p of s.payments) {
    const receipts = receiptsOf.get(p.id) ?? [];
    const wasPaid = p.status === 'paid' || p.status === 'refunded';
    // A payment refunded as a duplicate (or for want of a seat) confirmed nothing: no receipt.
    const expected = wasPaid && (p.refund_reason === null || p.refund_reason === 'cancelled') ? 1 : 0;
    if (receipts.length !== expected)
      problems.push(`payment ${p.id} (${p.status}, ${p.refund_reason ?? 'kept'}): ${receipts.length} receipts`);
    if (p.status === 'refunded' && !p.refund_id) problems.push(`payment ${p.id} refunded without a refund id`);
    if (p.payment_intent && (refunds.get(p.payment_intent) ?? 0) !== (p.status === 'refunded' ? 1 : 0))
      problems.push(`payment ${p.id} (${p.status}): Stripe refunded it ${refunds.get(p.payment_intent) ?? 0} time(s)`);
  }
  for (const [edition, rows] of groupBy(s.receipts, (x) => x.edition)) {
    const seqs = rows.map((x) => x.seq).sort((a, b) => a - b);
    const last = s.counters.find((c) => c.edition === edition)?.last;
    if (seqs.some((q, i) => q !== i + 1) || last !== seqs.length)
      problems.push(`receipts of ${edition}: numbers ${seqs.join(',')}, counter at ${last}`);
    if (new Set(rows.map((x) => x.number)).size !== rows.length) problems.push(`receipts of ${edition}: a number used twice`);
  }
  return problems;
}

/** Every outbox row sent, each exactly once across the mailers' folders, and no mailed message without a row. */
export function emailProblems(s: SharedState, mailed: { id: string; dir: string }[]): string[] {
  const problems = s.outbox
    .filter((o) => o.status !== 'sent')
    .map((o) => `outbox ${o.id} (${o.kind}) is ${o.status} after ${o.attempts} attempt(s)`);
  const copies = groupBy(mailed, (m) => m.id);
  for (const o of s.outbox) {
    const found = copies.get(o.id) ?? [];
    if (found.length !== 1)
      problems.push(`outbox ${o.id} (${o.kind}): ${found.length} messages written (${found.map((m) => m.dir).join(', ')})`);
  }
  const known = new Set(s.outbox.map((o) => o.id));
  for (const id of copies.keys()) if (!known.has(id)) problems.push(`message ${id} has no outbox row`);
  // The emails a registration gets once whatever happens twice (a redelivered event, a double
  // click); "registration-confirmed" is sent again after each session change, but once per receipt.
  const once = ['registration-confirm', 'registration-payment-due', 'registration-cancelled'];
  const perRegistration = groupBy(
    s.outbox.filter((o) => once.includes(o.kind)),
    (o) => `${o.kind} ${(JSON.parse(o.payload) as { registrationId?: string }).registrationId ?? o.recipient}`,
  );
  for (const [key, rows] of perRegistration) if (rows.length > 1) problems.push(`${rows.length} emails ${key}`);
  const withReceipt = groupBy(
    s.outbox.filter((o) => o.kind === 'registration-confirmed'),
    (o) => (JSON.parse(o.payload) as { receipt?: { number: string } }).receipt?.number ?? '',
  );
  withReceipt.delete('');
  for (const r of s.receipts) {
    const n = withReceipt.get(r.number)?.length ?? 0;
    if (n !== 1) problems.push(`receipt ${r.number}: ${n} confirmation emails carry it`);
    withReceipt.delete(r.number);
  }
  for (const number of withReceipt.keys()) problems.push(`an email carries receipt ${number}, which does not exist`);
  return problems;
}
