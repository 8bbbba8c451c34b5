// Going live without a failed request (docs/architecture.md, "Publishing"). `node server.mjs`
// starts this primary process: it owns the listening socket and runs one worker with the
// server of the current build. To go live with a new build (a web publish, or another
// instance's publish seen in the database), the worker sends { type: 'forum:serve', distDir };
// the primary starts a worker on that build, and once it listens tells the old one to hand
// over: it stops taking connections, answers what is in flight with `Connection: close`,
// lets idle keep-alive connections end by their timeout, stops its jobs and exits.
// While a build finishes (search index, sitemap, compression), { type: 'forum:prepare', distDir }
// starts that worker ahead as a standby: it loads the application and listens only when the
// build goes live, so the switch does not wait for a process to start.
// FORUM_CLUSTER=off runs the server in this process alone (it cannot switch builds then).
import cluster from 'node:cluster';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A standby nobody switched to within this time is stopped (its build failed elsewhere). */
const standbyMs = 15 * 60_000;

/** True when this process became the primary (the caller then runs no server itself). */
export function startPrimary() {
  if (!cluster.isPrimary || process.env.FORUM_CLUSTER === 'off') return false;
  const dataDir = process.env.DATA_DIR ?? 'data';
  let stopping = false;
  let switching = false;
  /** @type {{ worker: import('node:cluster').Worker, distDir: string, timer: NodeJS.Timeout } | undefined} */
  let standby;
  let current = fork(process.env.DIST_DIR ?? 'dist', process.env.FORUM_REVISION);

  function fork(distDir, revision, env = {}) {
    const worker = cluster.fork({ DIST_DIR: distDir, ...(revision ? { FORUM_REVISION: String(revision) } : {}), ...env });
    worker.on('exit', (code, signal) => {
      if (standby?.worker === worker) dropStandby();
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

  /** Stops the standby (if any) unless it is the one being switched to. */
  function dropStandby() {
    if (!standby) return;
    const { worker, timer } = standby;
    standby = undefined;
    clearTimeout(timer);
    if (worker !== current && !worker.isDead()) worker.process.kill('SIGTERM');
  }

  function prepare(distDir, revisionId) {
    if (standby?.distDir === distDir) return;
    dropStandby();
    if (!distDir) return;
    const worker = fork(distDir, revisionId, { FORUM_STANDBY: '1' });
    standby = { worker, distDir, timer: setTimeout(dropStandby, standbyMs) };
    standby.timer.unref();
  }

  function serve(distDir, revisionId) {
    switching = true;
    let next;
    const ahead = standby?.distDir === distDir && !standby.worker.isDead();
    if (ahead) {
      next = standby.worker;
      clearTimeout(standby.timer);
      standby = undefined;
      next.send('forum:listen');
    } else {
      dropStandby();
      next = fork(distDir, revisionId);
    }
    next.once('listening', () => {
      const old = current;
      current = next;
      switching = false;
      old.send('forum:handover');
      console.log(`serving revision ${revisionId} (${distDir}${ahead ? ', loaded ahead' : ''})`);
      try {
        mkdirSync(dataDir, { recursive: true });
        writeFileSync(join(dataDir, 'live-build.json'), JSON.stringify({ revisionId, distDir }));
      } catch {
        // only a hint for operators
      }
    });
    next.once('exit', () => {
      if (next !== current) {
        switching = false;
        console.error(`the server on ${distDir} did not start; still serving the previous build`);
      }
    });
  }

  cluster.on('message', (worker, message) => {
    if (worker !== current || switching || stopping) return;
    if (message?.type === 'forum:prepare') prepare(message.distDir, message.revisionId);
    if (message?.type === 'forum:serve') serve(message.distDir, message.revisionId);
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
