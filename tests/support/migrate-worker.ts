/**
 * A separate thread with its own database connection that migrates when told to, after a
 * barrier shared with its siblings: instances starting at the same instant on a fresh database.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';

const { barrier, parties } = workerData as { barrier: SharedArrayBuffer; parties: number };
const waiting = new Int32Array(barrier);

parentPort!.on('message', (message: { url: string; trial: number } | 'exit') => {
  if (message === 'exit') return parentPort!.close();
  void (async () => {
    // Everyone arrives, then everyone goes: the generation counter releases all at once, so
    // the connections open the fresh file and migrate it at the same instant.
    const generation = message.trial;
    if (Atomics.add(waiting, 0, 1) === parties - 1) {
      Atomics.store(waiting, 0, 0);
      Atomics.store(waiting, 1, generation + 1);
      Atomics.notify(waiting, 1);
    } else {
      Atomics.wait(waiting, 1, generation);
    }
    let database: ReturnType<typeof openDatabase> | undefined;
    try {
      database = openDatabase(message.url);
      await migrateToLatest(database);
      parentPort!.postMessage('ok');
    } catch (error) {
      parentPort!.postMessage(`failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      await database?.close();
    }
  })();
});
