/**
 * The built site (`npm run build:upcoming` → .upcoming/dist) as a child process, the way the
 * browser tests start it (server.mjs with env vars), on a data folder the test owns. It can be
 * killed (-9 or TERM) and started again on the same data.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export function upcomingBuildExists(): boolean {
  return existsSync(join(root, '.upcoming/dist/server/entry.mjs'));
}

/** A free port (asked of the OS), so several runs on a shared machine do not collide. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface ForumServer {
  baseUrl: string;
  /** start (again) on the same data; resolves once /api/health answers 200 */
  start(): Promise<void>;
  /** kill -9 (no goodbye) or SIGTERM (graceful stop); resolves when the process is gone */
  kill(signal: 'SIGKILL' | 'SIGTERM'): Promise<void>;
  log(): string;
}

export async function forumServer(options: { dataDir: string; env: Record<string, string> }): Promise<ForumServer> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const logFile = join(options.dataDir, 'server.log');
  let child: ChildProcess | undefined;
  const env = {
    ...process.env,
    DIST_DIR: '.upcoming/dist',
    PORT: String(port),
    HOST: '127.0.0.1',
    SITE_URL: baseUrl,
    DATA_DIR: options.dataDir,
    DATABASE_URL: `sqlite:${join(options.dataDir, 'forum.db')}`,
    FORUM_MODE: 'development',
    ...options.env,
  };
  return {
    baseUrl,
    async start() {
      appendFileSync(logFile, `\n[soak] starting\n`);
      const out = openSync(logFile, 'a');
      const started = spawn(join(root, 'node_modules/.bin/node'), ['server.mjs'], { cwd: root, env, stdio: ['ignore', out, out] });
      child = started;
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        if (started.exitCode !== null) throw new Error(`server exited with ${started.exitCode}:\n${readFileSync(logFile, 'utf8')}`);
        const ok = await fetch(`${baseUrl}/api/health`).then(
          (r) => r.status === 200,
          () => false,
        );
        if (ok) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`server did not become healthy:\n${readFileSync(logFile, 'utf8')}`);
    },
    async kill(signal) {
      const running = child;
      if (!running || running.exitCode !== null || running.signalCode !== null) return;
      const gone = new Promise<void>((done) => running.once('exit', () => done()));
      running.kill(signal);
      await gone;
    },
    log: () => readFileSync(logFile, 'utf8'),
  };
}
