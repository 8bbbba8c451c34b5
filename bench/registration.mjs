/**
 * Registration under load: the real server (server.mjs on the upcoming-edition build, where
 * registration is open) taking no-JS registration form posts from 64 kept-alive connections,
 * beside a raw baseline (node:http + one INSERT per post of the same body) on the same database
 * engine, in alternating runs. On SQLite and on a throwaway PostgreSQL cluster (one and two
 * instances), starting empty and with 50,000 registrations stored; then 1,000 attempts at once
 * on 100 seats. Prints the figures and writes bench/results/registration.json.
 *   node bench/registration.mjs          (npm run build:upcoming first if .upcoming/dist is missing)
 * BENCH_SECONDS (default 5): length of one measured run. BENCH_DIST: another build to measure
 * (e.g. of an earlier commit); its figures are printed, not written. BENCH_ONLY=postgres: only
 * PostgreSQL with an empty database (one and two instances, then 1,000 on 100 seats), printed,
 * not written. BENCH_PORT (default 4401): the first of the three ports the servers listen on.
 * BENCH_PG_WAITS=1: also samples pg_stat_activity during each PostgreSQL scenario and prints
 * what the busy backends were doing (state and wait event, as a share of the samples).
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, openSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { percentile, writeResult } from './lib/results.mjs';
import { startCluster } from '../scripts/pg-cluster.mjs';

const root = resolve(import.meta.dirname, '..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 64;
const STORED = 50_000;
/** Measured runs of each side, alternating (their mean is reported): this machine's figures swing by a quarter from run to run. */
const ROUNDS = 3;
/**
 * Seconds of load before measuring, each side: until the JIT, the pools and, on PostgreSQL, every
 * connection's plans and PL/pgSQL functions are warm (after 1 s the first PostgreSQL run still
 * had its slowest answers: p99 476 ms, then 140 ms).
 */
const WARM_UP_SECONDS = 3;
const firstPort = Number(process.env.BENCH_PORT ?? 4401);
const PORTS = { ours: firstPort, second: firstPort + 1, raw: firstPort + 2 };
const ONLY_POSTGRES = process.env.BENCH_ONLY === 'postgres';
const MAIN = 'session:main-forum';
const node = join(root, 'node_modules/.bin/node');
const DIST = process.env.BENCH_DIST ?? '.upcoming/dist';
const work = mkdtempSync(join(tmpdir(), 'bench-registration-'));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

if (!process.env.BENCH_DIST && !existsSync(join(root, '.upcoming/dist/server/entry.mjs'))) {
  console.log('building the upcoming edition (npm run build:upcoming) …');
  execFileSync('npm', ['run', 'build:upcoming'], { cwd: root, stdio: 'inherit' });
}

// ---------------------------------------------------------------- the form

let sequence = 0;
/** The registration form as a browser without JavaScript posts it: a free ticket, a new address each time. */
function formBody() {
  sequence += 1;
  return new URLSearchParams({
    locale: 'en',
    ticket: 'general',
    name: `Bench Person ${sequence}`,
    organization: 'Bench Institute',
    email: `bench-${process.pid}-${sequence}@example.org`,
    country: 'China',
    category: 'mainland',
    consent: 'on',
  }).toString();
}

// ---------------------------------------------------------------- processes

/** CPU time (ms) of a process and of every process under it (server.mjs runs the app in a worker). */
function cpuMs(pid) {
  let total = 0;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    total = ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in ticks of 10 ms
    for (const child of readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean)) total += cpuMs(Number(child));
  } catch {
    // the process ended meanwhile
  }
  return total;
}

async function waitFor(url, child, log) {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`server exited:\n${readFileSync(log, 'utf8')}`);
    const ok = await fetch(url)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return;
    await sleep(100);
  }
  throw new Error(`no answer from ${url}:\n${readFileSync(log, 'utf8')}`);
}

/** The real server on `port`, its data folder `dataDir`, database `databaseUrl`. */
async function startOurs(port, dataDir, databaseUrl) {
  const log = join(work, `server-${port}.log`);
  const child = spawn(node, ['server.mjs'], {
    cwd: root,
    stdio: ['ignore', openSync(log, 'a'), openSync(log, 'a')],
    env: {
      ...process.env,
      DIST_DIR: DIST,
      PORT: String(port),
      HOST: '127.0.0.1',
      SITE_URL: `http://127.0.0.1:${port}`,
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      APP_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
      // The load comes from one address: rate limits per client and per address would refuse it.
      RATE_LIMIT_FORMS: '1000000000',
      RATE_LIMIT_EMAIL: '1000000000',
      JOBS_INTERVAL_SECONDS: '3600',
      // React and the libraries in their production builds, as deployed; development mode of
      // the site itself only so that a plain http://127.0.0.1 SITE_URL is accepted.
      NODE_ENV: 'production',
      FORUM_MODE: 'development',
    },
  });
  await waitFor(`http://127.0.0.1:${port}/api/health`, child, log);
  return { pid: child.pid, stop: () => stopChild(child) };
}

/** The baseline: node:http, the body parsed, one INSERT, a 303 like ours. */
async function startRaw(kind, url) {
  const log = join(work, `raw-${kind}.log`);
  const child = spawn(node, [join(import.meta.dirname, 'lib/raw-register-server.mjs'), kind, url, String(PORTS.raw)], {
    cwd: root,
    stdio: ['ignore', openSync(log, 'a'), openSync(log, 'a')],
  });
  await waitFor(`http://127.0.0.1:${PORTS.raw}/health`, child, log);
  return { pid: child.pid, stop: () => stopChild(child) };
}

function stopChild(child) {
  return new Promise((done) => {
    if (child.exitCode !== null) return done();
    child.once('exit', () => done());
    child.kill('SIGTERM');
    setTimeout(() => child.exitCode === null && child.kill('SIGKILL'), 15_000).unref();
  });
}

// ---------------------------------------------------------------- load

function post(agent, port, path, body) {
  return new Promise((resolvePost) => {
    const started = performance.now();
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path,
        agent,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
          origin: `http://127.0.0.1:${port}`,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolvePost({ status: res.statusCode, location: res.headers.location, ms: performance.now() - started }));
      },
    );
    req.on('error', (error) => resolvePost({ status: 0, error: error.message, ms: performance.now() - started }));
    req.end(body);
  });
}

/** `CONNECTIONS` connections posting one after the other for `seconds`, spread over `ports`. */
async function load(ports, path, seconds, pids) {
  const agents = ports.map(() => new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS }));
  const latencies = [];
  const statuses = {};
  const cpuBefore = pids.map(cpuMs);
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async (_, c) => {
      const i = c % ports.length;
      while (performance.now() < until) {
        const r = await post(agents[i], ports[i], path, formBody());
        latencies.push(r.ms);
        statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const cpu = pids.map((pid, i) => cpuMs(pid) - cpuBefore[i]);
  agents.forEach((a) => a.destroy());
  const ok = (statuses[303] ?? 0) + (statuses[302] ?? 0);
  return {
    requests: latencies.length,
    ok,
    statuses,
    reqPerSec: Math.round(ok / elapsed),
    p50Ms: round(percentile(latencies, 50)),
    p99Ms: round(percentile(latencies, 99)),
    cpuMsPerRequest: round(cpu.reduce((a, b) => a + b, 0) / Math.max(1, ok), 2),
    cpuMsPerRequestPerInstance: cpu.map((c) => round(c / Math.max(1, ok / pids.length), 2)),
  };
}

const round = (n, digits = 1) => (n === null ? null : Math.round(n * 10 ** digits) / 10 ** digits);

/** The mean of the runs' figures. */
function mean(runs) {
  const avg = (key) => round(runs.reduce((a, r) => a + r[key], 0) / runs.length, key === 'cpuMsPerRequest' ? 2 : 1);
  return { reqPerSec: Math.round(avg('reqPerSec')), p50Ms: avg('p50Ms'), p99Ms: avg('p99Ms'), cpuMsPerRequest: avg('cpuMsPerRequest') };
}

// ---------------------------------------------------------------- databases

/** Open every session's seats wide: the load measures registering, not the waiting list. */
async function seatLimit(run, limit) {
  await run(`update capacity set seat_limit = ${limit}, taken = 0 where id = '${MAIN}'`);
}

/**
 * `count` registrations stored the fast way: copies of one real registration (person, row)
 * made by a single INSERT … SELECT over a number series, and as many rows in the baseline's table.
 */
async function seed(kind, run, count, port) {
  const made = await post(undefined, port, '/en/register/?_action=register', formBody());
  if (made.status !== 303) throw new Error(`seed registration answered ${made.status}`);
  const series =
    kind === 'sqlite'
      ? `(with recursive s(g) as (select 1 union all select g + 1 from s where g < ${count}) select g from s) as s`
      : `generate_series(1, ${count}) as s(g)`;
  const cols = (await run(`select * from registration limit 1`))[0];
  const names = Object.keys(cols);
  const value = (c) =>
    c === 'id' ? `'seed-' || g` : c === 'person_id' ? `'seedp-' || g` : c === 'email' ? `'seed-' || g || '@example.org'` : `t.${c}`;
  await run(
    `insert into person (id, email, created_at) select 'seedp-' || g, 'seed-' || g || '@example.org', '2026-01-01T00:00:00.000Z' from ${series}`,
  );
  await run(
    `insert into registration (${names.join(', ')}) select ${names.map(value).join(', ')} from (select * from registration limit 1) as t, ${series}`,
  );
  await run(
    `insert into raw_registration (email, name, organization, body, created_at) select 'seed-' || g || '@example.org', 'Seed', 'Seed', '', '2026-01-01' from ${series}`,
  );
  // PostgreSQL: vacuumed now, or its autovacuum of the 50,000 new rows runs during the measurement.
  for (const table of ['registration', 'person', 'raw_registration'])
    await run(`${kind === 'sqlite' ? 'analyze' : 'vacuum analyze'} ${table}`);
}

function sqliteRunner(file) {
  return async (sql) => {
    const db = new Database(file);
    db.pragma('busy_timeout = 10000');
    try {
      const statement = db.prepare(sql);
      return statement.reader ? statement.all() : (statement.run(), []);
    } finally {
      db.close();
    }
  };
}

function pgRunner(url) {
  return async (sql) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(sql)).rows;
    } finally {
      await client.end();
    }
  };
}

/**
 * Samples pg_stat_activity every 5 ms until stopped: the share of backend samples per state and
 * wait event (idle backends left out), to see whether registrations wait on a lock, the client or a core.
 */
function sampleWaits(url) {
  if (!process.env.BENCH_PG_WAITS) return async () => undefined;
  const client = new pg.Client({ connectionString: url });
  const counts = {};
  let samples = 0;
  let running = true;
  const done = (async () => {
    await client.connect();
    while (running) {
      const { rows } = await client.query(
        `select state, coalesce(wait_event_type || ':' || wait_event, 'on cpu') as wait, count(*)::int as n from pg_stat_activity
         where datname = current_database() and pid <> pg_backend_pid() and state <> 'idle' group by 1, 2`,
      );
      samples += 1;
      for (const r of rows) counts[`${r.state} / ${r.wait}`] = (counts[`${r.state} / ${r.wait}`] ?? 0) + r.n;
      await sleep(5);
    }
    await client.end();
  })();
  return async (label) => {
    running = false;
    await done;
    const lines = Object.entries(counts)
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `    ${(n / samples).toFixed(2)} ${k}`);
    console.log(`  ${label}: busy backends per sample (${samples} samples)\n${lines.join('\n')}`);
  };
}

// ---------------------------------------------------------------- scenarios

/**
 * Waits until our server has sent every email the runs before queued (a registration queues a
 * confirmation email, sent in the background): each run, ours or the baseline's, then starts
 * on quiet cores, not beside a relay still sending thousands of emails (which halved the
 * baseline's figure). Ours still sends its own run's emails during that run, as in production.
 * Returns how many were still waiting when called and how long they took to go.
 */
async function drained(run) {
  const started = Date.now();
  let pending;
  while (Date.now() < started + 300_000) {
    const [{ n }] = await run(`select count(*) as n from outbox where status = 'pending'`);
    pending ??= Number(n);
    if (Number(n) === 0) return { emailsPendingAtEnd: pending, emailsSentWithinSeconds: round((Date.now() - started) / 1000) };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  console.log('  the outbox did not drain within 5 minutes: measuring anyway');
  return { emailsPendingAtEnd: pending, emailsSentWithinSeconds: null };
}

/** Ours and the baseline, alternating, on one database state. */
async function compare(label, ours, raw) {
  const runs = { ours: [], raw: [] };
  await load(ours.ports, ours.path, WARM_UP_SECONDS, ours.pids);
  await load([PORTS.raw], '/register', WARM_UP_SECONDS, [raw.pid]);
  for (let round = 0; round < ROUNDS; round++) {
    await drained(ours.run);
    const figures = await load(ours.ports, ours.path, SECONDS, ours.pids);
    runs.ours.push({ ...figures, ...(await drained(ours.run)) });
    runs.raw.push(await load([PORTS.raw], '/register', SECONDS, [raw.pid]));
  }
  const figures = { ours: mean(runs.ours), raw: mean(runs.raw), runs };
  figures.ratio = round(figures.ours.reqPerSec / figures.raw.reqPerSec, 3);
  const emails = runs.ours.map(
    (r) => `${r.ok - r.emailsPendingAtEnd} sent during the run, the other ${r.emailsPendingAtEnd} within ${r.emailsSentWithinSeconds} s`,
  );
  console.log(`  ${label}: confirmation emails of each run: ${emails.join('; ')}`);
  console.log(
    `${label}: ours ${figures.ours.reqPerSec} req/s (p50 ${figures.ours.p50Ms} ms, p99 ${figures.ours.p99Ms} ms, ${figures.ours.cpuMsPerRequest} ms CPU/req)` +
      ` · raw ${figures.raw.reqPerSec} req/s (p99 ${figures.raw.p99Ms} ms, ${figures.raw.cpuMsPerRequest} ms CPU/req) · ratio ${figures.ratio}`,
  );
  const bad = runs.ours.flatMap((r) => Object.keys(r.statuses).filter((s) => s !== '303'));
  if (bad.length > 0) console.log(`  answers other than 303: ${JSON.stringify(runs.ours.map((r) => r.statuses))}`);
  return figures;
}

/** 1,000 attempts at once on 100 seats: when the last is answered, and how many seats were sold. */
async function contention(label, port, run) {
  await seatLimit(run, 100);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1000 });
  const started = performance.now();
  const answers = await Promise.all(Array.from({ length: 1000 }, () => post(agent, port, '/en/register/?_action=register', formBody())));
  const allAnsweredMs = Math.round(performance.now() - started);
  agent.destroy();
  const [{ taken, seat_limit }] = await run(`select taken, seat_limit from capacity where id = '${MAIN}'`);
  const [{ n: holds }] = await run(`select count(*) as n from seat_hold where capacity_id = '${MAIN}'`);
  const byStatus = Object.fromEntries(
    (await run(`select status, count(*) as n from registration group by status`)).map((r) => [r.status, Number(r.n)]),
  );
  const statuses = {};
  for (const a of answers) statuses[a.status] = (statuses[a.status] ?? 0) + 1;
  const result = {
    attempts: 1000,
    seats: Number(seat_limit),
    allAnsweredMs,
    answers: statuses,
    sold: Number(taken),
    seatHolds: Number(holds),
    registrations: byStatus,
  };
  console.log(
    `${label} contention: 1000 on 100 seats answered in ${allAnsweredMs} ms, sold ${result.sold} (holds ${result.seatHolds}), answers ${JSON.stringify(statuses)}`,
  );
  return result;
}

async function sqliteSuite() {
  const results = {};
  for (const stored of [0, STORED]) {
    const dir = mkdtempSync(join(work, 'sqlite-'));
    const file = join(dir, 'forum.db');
    const rawFile = join(dir, 'raw.db');
    const ours = await startOurs(PORTS.ours, dir, `sqlite:${file}`);
    const raw = await startRaw('sqlite', rawFile);
    const run = sqliteRunner(file);
    await seatLimit(run, 1_000_000_000);
    if (stored) {
      const both = async (sql) => (sql.includes('raw_registration') ? sqliteRunner(rawFile)(sql) : run(sql));
      await seed('sqlite', both, stored, PORTS.ours);
    }
    results[stored ? 'stored50k' : 'empty'] = await compare(
      `sqlite, ${stored} stored`,
      { ports: [PORTS.ours], path: '/en/register/?_action=register', pids: [ours.pid], run },
      raw,
    );
    await raw.stop();
    await ours.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const dir = mkdtempSync(join(work, 'sqlite-'));
  const ours = await startOurs(PORTS.ours, dir, `sqlite:${join(dir, 'forum.db')}`);
  results.contention = await contention('sqlite', PORTS.ours, sqliteRunner(join(dir, 'forum.db')));
  await ours.stop();
  return results;
}

async function pgSuite() {
  const cluster = await startCluster();
  const results = {};
  let n = 0;
  const freshDb = async () => {
    const name = `bench_${n++}`;
    await pgRunner(cluster.url)(`create database ${name}`);
    const url = new URL(cluster.url);
    url.pathname = `/${name}`;
    return url.toString();
  };
  try {
    for (const stored of ONLY_POSTGRES ? [0] : [0, STORED]) {
      const url = await freshDb();
      const rawUrl = await freshDb();
      const dir = mkdtempSync(join(work, 'pg-'));
      const ours = await startOurs(PORTS.ours, dir, url);
      const raw = await startRaw('pg', rawUrl);
      const run = pgRunner(url);
      await seatLimit(run, 1_000_000_000);
      if (stored) {
        const both = async (sql) => (sql.includes('raw_registration') ? pgRunner(rawUrl)(sql) : run(sql));
        await seed('pg', both, stored, PORTS.ours);
      }
      let waits = sampleWaits(url);
      results[stored ? 'stored50k' : 'empty'] = await compare(
        `postgres, ${stored} stored`,
        { ports: [PORTS.ours], path: '/en/register/?_action=register', pids: [ours.pid], run },
        raw,
      );
      await waits('one instance');
      if (!stored) {
        // A second instance on the same database: the same 64 connections, half to each.
        const second = await startOurs(PORTS.second, mkdtempSync(join(work, 'pg-')), url);
        // Its start applied content's seat limit again: open the seats wide once more, or the
        // load would measure joining the waiting list.
        await seatLimit(run, 1_000_000_000);
        waits = sampleWaits(url);
        results.twoInstances = await compare(
          'postgres, two instances',
          { ports: [PORTS.ours, PORTS.second], path: '/en/register/?_action=register', pids: [ours.pid, second.pid], run },
          raw,
        );
        await waits('two instances');
        const waiting = await run(`select count(*)::int as n from registration where status = 'waitlisted'`);
        if (waiting[0].n > 0) console.log(`  ${waiting[0].n} registrations joined the waiting list: seats were not open`);
        results.twoInstances.versusOne = round(results.twoInstances.ours.reqPerSec / results.empty.ours.reqPerSec, 2);
        await second.stop();
      }
      await raw.stop();
      await ours.stop();
    }
    const url = await freshDb();
    const ours = await startOurs(PORTS.ours, mkdtempSync(join(work, 'pg-')), url);
    const waits = sampleWaits(url);
    results.contention = await contention('postgres', PORTS.ours, pgRunner(url));
    await waits('1,000 on 100 seats');
    await ours.stop();
  } finally {
    cluster.stop();
  }
  return results;
}

// ---------------------------------------------------------------- report

const started = Date.now();
let sqlite, postgres;
try {
  if (!ONLY_POSTGRES) sqlite = await sqliteSuite();
  postgres = await pgSuite();
} finally {
  rmSync(work, { recursive: true, force: true });
}
if (ONLY_POSTGRES) {
  console.log(
    `\nPostgreSQL: one instance ${postgres.empty.ours.reqPerSec} req/s, two instances ${postgres.twoInstances.ours.reqPerSec} req/s ` +
      `(${postgres.twoInstances.versusOne}× one); 1,000 on 100 seats answered in ${postgres.contention.allAnsweredMs} ms, ${postgres.contention.sold} sold.`,
  );
  process.exit(0);
}

const row = (label, f) =>
  `| ${label} | ${f.ours.reqPerSec} | ${f.ours.p50Ms} / ${f.ours.p99Ms} | ${f.ours.cpuMsPerRequest} | ${f.raw.reqPerSec} | ${f.raw.cpuMsPerRequest} | ${Math.round(f.ratio * 100)}% |`;
/** How the runs' confirmation emails went: how many left during the runs, how long the rest took after. */
const emails = (f) => {
  const total = f.runs.ours.reduce((a, r) => a + r.ok, 0);
  const during = total - f.runs.ours.reduce((a, r) => a + r.emailsPendingAtEnd, 0);
  const waits = f.runs.ours.map((r) => r.emailsSentWithinSeconds);
  // drained() gives up after 5 minutes (null): say so rather than print a time
  const rest = waits.includes(null)
    ? 'the rest not all sent 5 minutes after a run'
    : `the rest within ${Math.max(...waits)} s after each run`;
  return `${during.toLocaleString('en')} of ${total.toLocaleString('en')} sent during the runs (${Math.round(during / (f.runs.ours.length * SECONDS))}/s), ${rest}`;
};
const held = (f, base) => `${Math.round((f.ours.reqPerSec / base.ours.reqPerSec) * 100)}%`;
const summary = [
  `### Registration under load (${CONNECTIONS} connections, ${ROUNDS} × ${SECONDS} s runs alternating with the raw baseline)`,
  '',
  '| database | ours req/s | p50 / p99 ms | CPU ms/req | raw INSERT req/s | raw CPU ms/req | ours / raw |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  row('SQLite, empty', sqlite.empty),
  row(`SQLite, ${STORED.toLocaleString('en')} stored`, sqlite.stored50k),
  row('PostgreSQL, one instance', postgres.empty),
  row(`PostgreSQL, ${STORED.toLocaleString('en')} stored`, postgres.stored50k),
  row('PostgreSQL, two instances', postgres.twoInstances),
  '',
  `With ${STORED.toLocaleString('en')} stored: SQLite keeps ${held(sqlite.stored50k, sqlite.empty)}, PostgreSQL ${held(postgres.stored50k, postgres.empty)} of the empty-database throughput. ` +
    `Two PostgreSQL instances: ${postgres.twoInstances.versusOne}× one (CPU ms/req per instance ${postgres.twoInstances.runs.ours.at(-1).cpuMsPerRequestPerInstance.join(' / ')}).`,
  '',
  `1,000 attempts at once on 100 seats: SQLite all answered in ${sqlite.contention.allAnsweredMs} ms, ${sqlite.contention.sold} sold; ` +
    `PostgreSQL ${postgres.contention.allAnsweredMs} ms, ${postgres.contention.sold} sold.`,
  '',
  `Confirmation emails (one per registration, sent by the same process in the background): SQLite ${emails(sqlite.empty)}; PostgreSQL ${emails(postgres.empty)}.`,
  '',
  'CPU is the server processes only (not the load generator, nor PostgreSQL itself); everything shares the same cores.',
].join('\n');

if (!process.env.BENCH_DIST)
  writeResult(
    'registration',
    {
      connections: CONNECTIONS,
      seconds: SECONDS,
      rounds: ROUNDS,
      stored: STORED,
      sqlite,
      postgres,
      totalSeconds: Math.round((Date.now() - started) / 1000),
    },
    summary,
  );
console.log(`\n${summary}`);
