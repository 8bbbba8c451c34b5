/**
 * Global setup of the fuzz suite: the upcoming build (.upcoming/dist) served on a fresh data
 * folder, like the browser tests' "flows" server; stopped afterwards, with the request counts
 * of every family and any server-side errors it logged.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { FAMILIES, MIN_TOTAL_REQUESTS, type FamilyStats, type FuzzContext } from './context.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    fuzz: FuzzContext;
  }
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const probe = createServer();
    probe.once('error', () => done(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => done(true)));
  });
}

/** FUZZ_PORT, or a free port in 4800–4899 (shared machine: start at a random one). */
async function choosePort(): Promise<number> {
  if (process.env.FUZZ_PORT) return Number(process.env.FUZZ_PORT);
  const start = 4800 + Math.floor(Math.random() * 100);
  for (let i = 0; i < 100; i++) {
    const port = 4800 + ((start - 4800 + i) % 100);
    if (await portIsFree(port)) return port;
  }
  throw new Error('no free port in 4800–4899 (set FUZZ_PORT)');
}

async function waitForHealth(url: string, server: ChildProcess, log: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`server exited with ${server.exitCode}:\n${readFileSync(log, 'utf8')}`);
    const ok = await fetch(url).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server did not become healthy at ${url}:\n${readFileSync(log, 'utf8')}`);
}

export default async function setup(project: TestProject) {
  const root = process.cwd();
  const dist = resolve(root, '.upcoming/dist');
  if (!existsSync(join(dist, 'server/entry.mjs')))
    throw new Error('.upcoming/dist is missing: run `npm run build:upcoming` (npm run test:soak does)');
  const port = await choosePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'forum-fuzz-'));
  mkdirSync(join(dataDir, 'stats'));
  const log = join(dataDir, 'server.log');
  const baseUrl = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    DIST_DIR: '.upcoming/dist',
    PORT: String(port),
    HOST: '127.0.0.1',
    SITE_URL: baseUrl,
    DATA_DIR: dataDir,
    DATABASE_URL: `sqlite:${join(dataDir, 'forum.db')}`,
    RATE_LIMIT_FORMS: '100000',
    // Seeded people book and re-register many times: the per-address limit is not what is fuzzed here.
    RATE_LIMIT_EMAIL: '100000',
    // Background jobs (sweeps, waiting-list promotion) stay out of the run: one that changed a
    // seeded person between a request and its check would be reported as a failure. Seeded
    // people's link emails still go out at once: the relay wakes when this process enqueues.
    JOBS_INTERVAL_SECONDS: '3600',
    FORUM_MODE: 'development',
  };
  const start = () =>
    spawn(join(root, 'node_modules/.bin/node'), ['server.mjs'], {
      cwd: root,
      stdio: ['ignore', openSync(log, 'a'), openSync(log, 'a')],
      env,
    });
  // Supervised: a request that kills the process is a finding, not the end of the run. The
  // harness sees the dropped connection, records it, and waits for the restarted server.
  let stopping = false;
  let crashes = 0;
  let server: ChildProcess = start();
  const supervise = (child: ChildProcess) =>
    child.once('exit', (code, signal) => {
      if (stopping) return;
      crashes++;
      appendFileSync(log, `\n[fuzz] server exited (${code ?? signal}); restarting\n`);
      if (crashes > 20) return;
      server = start();
      supervise(server);
    });
  supervise(server);
  await waitForHealth(`${baseUrl}/api/health`, server, log);
  console.log(`[fuzz] server ${baseUrl} (pid ${server.pid}), data ${dataDir}`);
  project.provide('fuzz', { baseUrl, dataDir, dbPath: join(dataDir, 'forum.db') });

  return async () => {
    stopping = true;
    await new Promise<void>((done) => {
      if (server.exitCode !== null) return done();
      server.once('exit', () => done());
      server.kill('SIGTERM');
      setTimeout(() => {
        if (server.exitCode === null) server.kill('SIGKILL');
      }, 5000).unref();
    });
    const statsDir = join(dataDir, 'stats');
    const stats = readdirSync(statsDir).map((f) => JSON.parse(readFileSync(join(statsDir, f), 'utf8')) as FamilyStats);
    const total = stats.reduce((n, s) => n + s.requests, 0);
    const failures = stats.reduce((n, s) => n + s.failures, 0);
    const seconds = stats.reduce((n, s) => n + s.seconds, 0);
    console.log('[fuzz] requests per family:');
    for (const s of stats) {
      console.log(
        `  ${s.family.padEnd(12)} ${String(s.requests).padStart(6)} requests in ${s.seconds.toFixed(1)} s, seed ${s.seed}, failures ${s.failures}`,
      );
    }
    console.log(`  ${'total'.padEnd(12)} ${String(total).padStart(6)} requests in ${seconds.toFixed(1)} s, failures ${failures}`);
    if (crashes > 0) console.log(`[fuzz] the server process died ${crashes} time(s) and was restarted (see the failures)`);
    const serverErrors = readFileSync(log, 'utf8')
      .split('\n')
      .filter((l) => /error|failed|exception/i.test(l));
    if (serverErrors.length > 0) {
      const unique = [...new Set(serverErrors.map((l) => l.slice(0, 300)))];
      console.log(
        `[fuzz] the server logged ${serverErrors.length} error line(s), ${unique.length} distinct:\n  ${unique.slice(0, 20).join('\n  ')}`,
      );
    }
    const complete = FAMILIES.every((f) => stats.some((s) => s.family === f));
    const keep = failures > 0 || process.env.FUZZ_KEEP === '1';
    if (keep) console.log(`[fuzz] kept ${dataDir} (server.log, forum.db, stats/, failures-*.json)`);
    else rmSync(dataDir, { recursive: true, force: true });
    if (complete && !process.env.FUZZ_RUNS && total < MIN_TOTAL_REQUESTS) {
      throw new Error(`only ${total} fuzz requests in all, the suite promises at least ${MIN_TOTAL_REQUESTS}`);
    }
  };
}
