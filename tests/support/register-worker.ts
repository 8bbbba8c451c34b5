/**
 * A separate thread with its own database connection, registering concurrently: used to
 * prove that SQLite's locking (BEGIN IMMEDIATE + busy_timeout) prevents oversell across
 * connections, not just inside one process's connection queue. `randomChoices`: each
 * registration picks a random session (or none) in each of the two time blocks.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../../src/db/database.ts';
import { register } from '../../src/features/registration/registration.service.ts';
import { BLOCK_1, BLOCK_2, form, makeCatalog, makeDeps } from './deps.ts';

const { url, count, index, parallelSeats, mainSeats, randomChoices } = workerData as {
  url: string;
  count: number;
  index: number;
  parallelSeats: number;
  mainSeats?: number;
  randomChoices?: boolean;
};
const database = openDatabase(url);
const catalog = makeCatalog({ parallelSeats, mainSeats: mainSeats ?? parallelSeats });
const deps = await makeDeps({ ...database, url, drop: async () => undefined }, { catalog });
const pick = (items: string[]) => items[Math.floor(Math.random() * items.length)];
const choices = () =>
  randomChoices ? { sessions: { [BLOCK_1]: pick(['p1', 'p2', 'none']), [BLOCK_2]: pick(['p3', 'p4', 'none']) } } : { session: 'p1' };
const outcomes = await Promise.allSettled(
  Array.from({ length: count }, (_, i) => register(deps, form({ ...choices(), email: `w${index}-${i}@example.org` }), `w${index}-${i}`)),
);
await database.close();
parentPort!.postMessage(
  outcomes.map((o) => (o.status === 'fulfilled' ? o.value.status : `error: ${(o.reason as Error)?.message ?? String(o.reason)}`)),
);
