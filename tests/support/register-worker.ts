/**
 * A separate thread with its own database connection, registering concurrently: used to
 * prove that SQLite's locking (BEGIN IMMEDIATE + busy_timeout) prevents oversell across
 * connections, not just inside one process's connection queue.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../../src/db/database.ts';
import { register } from '../../src/features/registration/registration.service.ts';
import { form, makeCatalog, makeDeps } from './deps.ts';

const { url, count, index, parallelSeats } = workerData as { url: string; count: number; index: number; parallelSeats: number };
const database = openDatabase(url);
const deps = await makeDeps({ ...database, url, drop: async () => undefined }, { catalog: makeCatalog({ parallelSeats }) });
const outcomes = await Promise.allSettled(
  Array.from({ length: count }, (_, i) => register(deps, form({ session: 'p1', email: `w${index}-${i}@example.org` }), `w${index}-${i}`)),
);
await database.close();
parentPort!.postMessage(
  outcomes.map((o) => (o.status === 'fulfilled' ? o.value.status : `error: ${(o.reason as Error)?.message ?? String(o.reason)}`)),
);
