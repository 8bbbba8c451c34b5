/**
 * A separate thread with its own database connection, booking visits concurrently: proves
 * that seats of a visit slot are not oversold across connections (several server processes).
 * Answers "<status>:<party size>" per booking, or "error: …".
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../../src/db/database.ts';
import { makeCatalog, makeDeps } from './deps.ts';
import { bookVisitForm, visitForm } from './visits.ts';

const { url, count, index, slotSeats } = workerData as { url: string; count: number; index: number; slotSeats: number };
const database = openDatabase(url);
const deps = await makeDeps({ ...database, url, drop: async () => undefined }, { catalog: makeCatalog({ slotSeats }) });
const sizes = Array.from({ length: count }, () => 1 + Math.floor(Math.random() * 5));
const outcomes = await Promise.allSettled(
  sizes.map((size, i) => bookVisitForm(deps, visitForm(size, { email: `w${index}-${i}@example.org` }), `w${index}-${i}`)),
);
await database.close();
parentPort!.postMessage(
  outcomes.map((o, i) =>
    o.status === 'fulfilled' ? `${o.value.status}:${sizes[i]}` : `error: ${(o.reason as Error)?.message ?? String(o.reason)}`,
  ),
);
