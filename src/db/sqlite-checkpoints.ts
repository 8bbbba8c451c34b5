/**
 * WAL checkpoints off the event loop. SQLite copies the WAL back into the database file in a
 * checkpoint, which it runs by itself inside the commit that fills the WAL past
 * `wal_autocheckpoint` pages: with better-sqlite3 that commit, and every request waiting
 * behind it, stopped for the whole copy and its fsyncs (under a registration burst the
 * slowest answers took 0.4–0.9 s instead of about 0.1 s). Here a worker thread with its own
 * connection to the file runs PASSIVE checkpoints (they never wait for, nor block, the writer
 * or readers) every CHECKPOINT_EVERY_MS, and again at once while they make progress. Between
 * bursts that copies every frame back, and the writer restarts the WAL from its beginning.
 * During a sustained burst the writer keeps appending, so the WAL still reaches the
 * autocheckpoint size; the writer's own checkpoint then finds almost everything copied. The
 * autocheckpoint is also the fallback should this thread die.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export const CHECKPOINT_EVERY_MS = 250;

// The worker's code, run as CommonJS in the thread: a string, so that the server's bundler
// has no separate file to carry (the driver is resolved here and passed in).
const source = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('synchronous = NORMAL');
let timer;
let stopped = false;
let backfilled = -1;
const run = () => {
  if (stopped) return;
  let again = false;
  try {
    const [state] = db.pragma('wal_checkpoint(PASSIVE)');
    // Frames still to copy, and the last pass copied some: go on at once (the writer restarts
    // the WAL only once every frame is back in the database file).
    again = state.busy === 0 && state.checkpointed < state.log && state.checkpointed !== backfilled;
    backfilled = state.checkpointed;
  } catch {
    // busy or a passing error: the next turn tries again (the autocheckpoint is the fallback)
  }
  timer = setTimeout(run, again ? 0 : workerData.everyMs);
};
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  stopped = true;
  clearTimeout(timer);
  db.close();
  parentPort.close();
});
run();
`;

export interface Checkpoints {
  /** Stops the thread and closes its connection (before the writer closes, so that its close checkpoints last). */
  stop(): Promise<void>;
}

/** Start checkpointing `file` (an SQLite database in WAL mode) in a worker thread. */
export function checkpointInBackground(file: string, everyMs = CHECKPOINT_EVERY_MS): Checkpoints {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(source, { eval: true, workerData: { file, driver, everyMs } });
  worker.unref(); // never what keeps a process alive
  let exited = false;
  const gone = new Promise<void>((resolve) => worker.once('exit', () => ((exited = true), resolve())));
  worker.on('error', (error: Error) => console.warn(`[db] background checkpoints stopped: ${error.message}`));
  return {
    async stop() {
      if (exited) return;
      worker.ref(); // until it is gone: a closing process waits for its connection to close
      worker.postMessage('stop');
      const cut = setTimeout(() => void worker.terminate(), 2000);
      await gone;
      clearTimeout(cut);
    },
  };
}
