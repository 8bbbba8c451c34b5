/**
 * One "instance" of the churn test: a thread with its own database pool that runs its share
 * of concurrent changes (cancels, session changes, re-registrations, slot moves, party-size
 * changes, new bookings) all at once. Answers one outcome per operation: "ok", the refusal's
 * code ("refused:SessionFull"), or "error: …" for anything else (what a visitor would see as
 * "Something went wrong").
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../../src/db/database.ts';
import { isDomainError } from '../../src/features/shared/domain-error.ts';
import { cancelRegistration } from '../../src/features/payments/payment.service.ts';
import { register } from '../../src/features/registration/registration.service.ts';
import { changeSessionChoice } from '../../src/features/registration/session-change.service.ts';
import { cancelBooking } from '../../src/features/visits/visit-booking.service.ts';
import { changeBooking } from '../../src/features/visits/visit-booking-change.service.ts';
import { form, makeCatalog, makeDeps } from './deps.ts';
import { bookVisitForm, visitForm } from './visits.ts';
import type { ChurnOp, ChurnSetup } from './churn.ts';

const { url, ops, setup } = workerData as { url: string; ops: ChurnOp[]; setup: ChurnSetup };
const database = openDatabase(url, { poolSize: 10 });
const base = await makeDeps({ ...database, url, drop: async () => undefined }, { catalog: makeCatalog(setup.catalog) });
// Instances share their configuration: the same keys (sealed document numbers are read back).
const deps = {
  ...base,
  keys: {
    encryption: Buffer.from(setup.keys.encryption),
    tickets: Buffer.from(setup.keys.tickets),
    rateLimit: Buffer.from(setup.keys.rateLimit),
  },
};

const visitors = (n: number, tag: string) =>
  Array.from({ length: n }, (_, i) => ({
    name: `Visitor ${tag}-${i}`,
    organization: 'Org',
    documentType: 'passport',
    documentNumber: `E${tag}${i}`,
  }));

function run(op: ChurnOp, i: number): Promise<unknown> {
  const key = `${op.kind}-${process.pid}-${i}-${Math.random()}`;
  switch (op.kind) {
    case 'cancel':
      return cancelRegistration(deps, op.personId);
    case 'session':
      return changeSessionChoice(deps, op.personId, op.blockId, op.sessionId);
    case 'register':
      return register(deps, form({ email: op.email, sessions: op.sessions }), key);
    case 'visit-cancel':
      return cancelBooking(deps, op.personId, op.bookingId);
    case 'visit-move':
      return changeBooking(deps, op.personId, op.bookingId, { slotId: op.slotId });
    case 'visit-resize':
      return changeBooking(deps, op.personId, op.bookingId, { partySize: op.size, visitors: visitors(op.size, op.tag) });
    case 'book':
      return bookVisitForm(deps, visitForm(op.size, { email: op.email, slot: op.slotId }), key);
  }
}

function outcome(result: PromiseSettledResult<unknown>, op: ChurnOp): string {
  if (result.status === 'fulfilled') return 'ok';
  if (isDomainError(result.reason)) return `refused:${result.reason.code}`;
  const error = result.reason as { message?: string; code?: string } | undefined;
  return `error (${op.kind}): ${error?.code ?? ''} ${error?.message ?? 'unknown'}`;
}

async function churn(): Promise<void> {
  const results = await Promise.allSettled(ops.map(run));
  await database.close();
  parentPort!.postMessage(results.map((r, i) => outcome(r, ops[i])));
}

parentPort!.once('message', () => void churn());
parentPort!.postMessage('ready');
