// Going live without a failed request (docs/architecture.md, "Publishing"). `node server.mjs`
// starts this primary process: it owns the listening socket and runs one worker with the
// server of the current build. To go live with a new build (a web publish, or another
// instance's publish seen in the database), the worker sends { type: 'forum:serve', distDir };
// the primary starts a worker on that build, and once it listens tells the old one to hand
// over: it stops taking connections, answers what is in flight with `Connection: close`,
// lets idle keep-alive connections end by their timeout, stops its jobs and exits.
// FORUM_CLUSTER=off runs the server in this process alone (it cannot switch builds then).
import cluster from 'node:cluster';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** True when this process became the primary (the caller then runs no server itself). */
export function startPrimary() {
  if (!cluster.isPrimary || process.env.FORUM_CLUSTER === 'off') return false;
  const dataDir = process.env.DATA_DIR ?? 'data';
  let stopping = false;
  let switching = false;
  let current = fork(process.env.DIST_DIR ?? 'dist', process.env.FORUM_REVISION);

  function fork(distDir, revision) {
    const worker = cluster.fork({ DIST_DIR: distDir, ...(revision ? { FORUM_REVISION: String(revision) } : {}) });
    worker.on('exit', (code, signal) => {
      // the serving worker ended on its own (a fatal start-up error, a crash): so does the
      // process, with its code, for the supervisor to restart
      if (worker === current && !stopping) {
        console.error(`server process ended (${signal ?? code}); stopping`);
        process.exit(typeof code === 'number' && code !== 0 ? code : 1);
      }
      if (stopping && Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
    });
    return worker;
  }

  cluster.on('message', (worker, message) => {
    if (message?.type !== 'forum:serve' || worker !== current || switching || stopping) return;
    switching = true;
    const next = fork(message.distDir, message.revisionId);
    next.once('listening', () => {
      const old = current;
      current = next;
      switching = false;
      old.send('forum:handover');
      console.log(`serving revision ${message.revisionId} (${message.distDir})`);
      try {
        mkdirSync(dataDir, { recursive: true });
        writeFileSync(join(dataDir, 'live-build.json'), JSON.stringify({ revisionId: message.revisionId, distDir: message.distDir }));
      } catch {
        // only a hint for operators
      }
    });
    next.once('exit', () => {
      if (next !== current) {
        switching = false;
        console.error(`the server on ${message.distDir} did not start; still serving the previous build`);
      }
    });
  });

  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      const workers = Object.values(cluster.workers ?? {});
      if (workers.length === 0) process.exit(0);
      for (const worker of workers) worker?.process.kill('SIGTERM');
    });
  }
  return true;
}
