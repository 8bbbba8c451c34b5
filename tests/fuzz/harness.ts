/**
 * The fuzz harness: a raw HTTP client (paths go out byte for byte, no URL normalization), a
 * fingerprint of the database read straight from the SQLite file, and the properties every
 * generated request must keep:
 *   1. no 5xx (nor a dropped connection);
 *   2. no unescaped reflection: no marker `<fz…"'>` verbatim in an HTML or JSON body (nor, in
 *      HTML, with only the quote backslash-escaped), nor in a Location header;
 *   3. no state change on rejection: the fingerprint is unchanged after any request the server
 *      refused (4xx, an error summary, a redirect with an error, an action result ok: false),
 *      and after any request that is not a POST (only form actions may write);
 *   4. no file leak: never the data folder's secret key nor /etc/passwd in a body;
 *   5. no cross-site write: a post without our own Origin is never accepted.
 * Requests run one at a time, so a change between two fingerprints belongs to one request.
 */
import http from 'node:http';
import { closeSync, openSync, readFileSync, readSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import type { FamilyStats, FuzzContext } from './context.ts';
import { encodeForm, type FormPair } from './encode.ts';

export interface FuzzRequest {
  method: string;
  /** raw request target, sent as is */
  path: string;
  headers: Record<string, string>;
  body?: Buffer | undefined;
  /** what the generator meant (shown in failures) */
  note?: string;
}

export interface FuzzResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export interface Failure {
  family: string;
  run: number;
  property: 'no-5xx' | 'transport' | 'reflection' | 'state' | 'leak' | 'authz' | 'csrf';
  detail: string;
  request: string;
  response: string;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

/** One request over a kept-alive socket; the body is read whole. */
export function send(base: URL, req: FuzzRequest): Promise<FuzzResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...req.headers };
    if (req.body !== undefined) headers['content-length'] = req.body.length;
    let r: http.ClientRequest;
    try {
      r = http.request(
        { host: base.hostname, port: base.port, method: req.method, path: req.path, headers, agent, timeout: 30_000 },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
          res.on('error', reject);
        },
      );
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    r.on('timeout', () => r.destroy(new Error('timeout after 30 s')));
    r.on('error', reject);
    r.end(req.body);
  });
}

/** Size of the request line and headers on the wire. */
export function headBytes(req: FuzzRequest): number {
  return (
    Buffer.byteLength(`${req.method} ${req.path} HTTP/1.1\r\n`, 'latin1') +
    Object.entries(req.headers).reduce((n, [k, v]) => n + k.length + v.length + 4, 0)
  );
}

/** Tables and columns a request may change; rate_limit and outbox delivery columns are bookkeeping. */
const FINGERPRINT_SQL = `
select
  (select count(*) || '|' || ifnull(max(created_at), '') from person) as person,
  (select count(*) || '|' || ifnull(max(updated_at), '') from registration) as registration,
  (select ifnull(group_concat(s, ','), '') from (select status || ':' || count(*) as s from registration group by status order by status)) as registration_status,
  (select count(*) || '|' || ifnull(max(updated_at), '') || '|' || ifnull(sum(party_size), 0) from booking) as booking,
  (select ifnull(group_concat(s, ','), '') from (select status || ':' || count(*) as s from booking group by status order by status)) as booking_status,
  (select count(*) || '|' || ifnull(max(updated_at), '') from payment) as payment,
  (select count(*) || '|' || ifnull(max(created_at), '') from outbox) as outbox,
  (select count(*) || '|' || ifnull(max(created_at), '') from access_token) as access_token,
  -- seats taken per capacity (not updated_at: changing a booking "locks" its slots by touching it)
  (select ifnull(group_concat(c, ','), '') from (select id || ':' || taken as c from capacity order by id)) as capacity,
  (select count(*) || '|' || ifnull(sum(seats), 0) from seat_hold) as seat_hold,
  (select ifnull(group_concat(s, ','), '') from (select status || '/' || payment_status || ':' || count(*) as s
     from simulated_checkout group by status, payment_status order by 1)) as simulated_checkout,
  (select count(*) from stripe_event) as stripe_event,
  (select count(*) || '|' || ifnull(sum(attempts), 0) from outbox where locked_by is not null) ||
    '|' || (select ifnull(sum(attempts), 0) from outbox) as relay
`;

export type Fingerprint = Record<string, string | number>;

export class StateProbe {
  readonly #db: Database.Database;
  readonly #stmt: Database.Statement;
  constructor(dbPath: string) {
    this.#db = new Database(dbPath, { readonly: true, fileMustExist: true });
    this.#db.pragma('busy_timeout = 5000');
    this.#stmt = this.#db.prepare(FINGERPRINT_SQL);
  }
  read(): Fingerprint {
    return this.#stmt.get() as Fingerprint;
  }
  close(): void {
    this.#db.close();
  }
}

/**
 * What changed between two fingerprints. The mail relay (every second, in the server) claims an
 * outbox row, issues a fresh access token for the email's link and marks the row sent: while it
 * was busy (a row claimed, or attempts counted) a new access token is not the request's doing.
 */
export function diffFingerprints(a: Fingerprint, b: Fingerprint): string[] {
  const relayBusy = a.relay !== b.relay || !String(a.relay).startsWith('0|') || !String(b.relay).startsWith('0|');
  return Object.keys(a)
    .filter((k) => k !== 'relay' && !(relayBusy && k === 'access_token'))
    .filter((k) => a[k] !== b[k])
    .map((k) => `${k}: ${String(a[k])} → ${String(b[k])}`);
}

/** Any marker the generators make; the second form is the marker inside a JS string in HTML. */
const MARKER_RE = /<fz[0-9a-z]+"'>/;
const MARKER_IN_SCRIPT_RE = /<fz[0-9a-z]+\\"'>/;

const header = (res: FuzzResponse, name: string) => {
  const v = res.headers[name];
  return Array.isArray(v) ? v.join(', ') : (v ?? '');
};

export type Verdict = 'rejected' | 'accepted' | 'unclassified';

/**
 * Rejected or not, from the answer alone: 4xx, a permanent/repeat-elsewhere redirect, a
 * redirect with an error flag, a page with the error summary, an action result ok: false.
 * Accepted: a form post answered 302/303 (Astro's redirect after success) or ok: true.
 */
export function verdictOf(req: FuzzRequest, res: FuzzResponse): Verdict {
  if (res.status >= 400) return 'rejected';
  const type = header(res, 'content-type');
  if (res.status >= 300 && res.status < 400) {
    // 301/307/308 (path normalization, e.g. "//" → "/"): "ask again elsewhere", nothing done here.
    if ([301, 307, 308].includes(res.status)) return 'rejected';
    return /[?&](link=invalid|error=)/.test(header(res, 'location')) ? 'rejected' : req.method === 'POST' ? 'accepted' : 'unclassified';
  }
  if (type.includes('text/html') && res.body.includes('id="error-summary"')) return 'rejected';
  if (type.includes('application/json+devalue')) {
    const ok = devalueOk(res.body.toString('utf8'));
    if (ok === false) return 'rejected';
    if (ok === true) return 'accepted';
  }
  return 'unclassified';
}

/** `ok` of an Astro action result serialized with devalue: [{ok: i, …}, …values]. */
function devalueOk(text: string): boolean | undefined {
  try {
    const data = JSON.parse(text) as unknown;
    if (!Array.isArray(data) || typeof data[0] !== 'object' || data[0] === null) return undefined;
    const i = (data[0] as Record<string, unknown>).ok;
    return typeof i === 'number' ? (data[i] as boolean) : undefined;
  } catch {
    return undefined;
  }
}

const show = (b: Buffer | undefined, max = 600) => {
  if (!b || b.length === 0) return '';
  const s = b.toString('utf8');
  return JSON.stringify(s.length > max ? `${s.slice(0, max)}… (${b.length} bytes)` : s);
};

export function describeRequest(req: FuzzRequest): string {
  const headers = Object.entries(req.headers)
    .map(([k, v]) => `${k}: ${v.length > 120 ? `${v.slice(0, 120)}…` : v}`)
    .join('; ');
  return `${req.method} ${req.path.length > 300 ? `${req.path.slice(0, 300)}… (${req.path.length} chars)` : req.path} [${headers}]${req.body ? ` body=${show(req.body)}` : ''}${req.note ? ` (${req.note})` : ''}`;
}

function describeResponse(res: FuzzResponse, around?: number): string {
  const type = header(res, 'content-type');
  const location = header(res, 'location');
  const text = res.body.toString('utf8');
  const excerpt = around === undefined ? text.slice(0, 300) : text.slice(Math.max(0, around - 200), around + 200);
  return `${res.status} ${type}${location ? ` Location: ${location}` : ''} body: ${JSON.stringify(excerpt)}`;
}

/** A fuzz family: generates requests, sends them one by one, checks, counts, reports. */
export class Family {
  readonly name: string;
  readonly base: URL;
  readonly ctx: FuzzContext;
  readonly probe: StateProbe;
  readonly failures: Failure[] = [];
  /** error lines the server logged while answering a request (not failures by themselves) */
  readonly serverErrors: { run: number; request: string; status: number; lines: string[] }[] = [];
  readonly #secret: string;
  readonly #log: string;
  requests = 0;
  /** Methods that killed the server once: not sent again in this family (one restart each is enough). */
  readonly crashedMethods = new Set<string>();
  skipped = 0;
  /** GETs of the page an accepted post redirected to (not counted in `requests`) */
  followUps = 0;
  /** answers by verdict and status class, e.g. "rejected 4xx" */
  readonly outcomes = new Map<string, number>();
  #run = 0;

  constructor(name: string, ctx: FuzzContext) {
    this.name = name;
    this.ctx = ctx;
    this.base = new URL(ctx.baseUrl);
    this.probe = new StateProbe(ctx.dbPath);
    this.#secret = readFileSync(join(ctx.dataDir, 'secret.key'), 'utf8').trim();
    this.#log = join(ctx.dataDir, 'server.log');
  }

  async #waitForHealth(): Promise<boolean> {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const ok = await send(this.base, { method: 'GET', path: '/api/health', headers: {} }).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) return true;
      await new Promise((r) => setTimeout(r, 250));
    }
    return false;
  }

  /** What the server wrote to its log from byte `from` on. */
  #logSince(from: number): string {
    const size = statSync(this.#log).size;
    if (size <= from) return '';
    const fd = openSync(this.#log, 'r');
    try {
      const buf = Buffer.alloc(Math.min(size - from, 64 * 1024));
      readSync(fd, buf, 0, buf.length, from);
      return buf.toString('utf8');
    } finally {
      closeSync(fd);
    }
  }

  /** Record a family-specific failure (e.g. acting on someone else's booking). */
  record(property: Failure['property'], detail: string, req: FuzzRequest, res: FuzzResponse): void {
    this.#fail(property, detail, req, describeResponse(res));
  }

  #fail(property: Failure['property'], detail: string, req: FuzzRequest, response: string): void {
    this.failures.push({ family: this.name, run: this.#run, property, detail, request: describeRequest(req), response });
  }

  /** Send one generated request and check every property; returns the response (or undefined). */
  async check(req: FuzzRequest): Promise<FuzzResponse | undefined> {
    const before = this.probe.read();
    const logFrom = statSync(this.#log).size;
    let res: FuzzResponse;
    this.requests++;
    try {
      res = await send(this.base, req);
    } catch (error) {
      // The client refused to send it (a path or header Node will not write): a generator bug.
      if (
        error instanceof Error &&
        'code' in error &&
        /^ERR_(UNESCAPED_CHARACTERS|INVALID_CHAR|INVALID_HTTP_TOKEN|HTTP_INVALID_HEADER_VALUE)/.test(String(error.code))
      ) {
        throw new Error(`the harness built a request Node cannot send (${error.message}): ${describeRequest(req)}`, { cause: error });
      }
      // No answer: a dropped socket, or the process died (the global setup restarts it).
      const reason = error instanceof Error ? error.message : String(error);
      const back = await this.#waitForHealth();
      // Node answers a request head over its 16 KB limit with 431 and closes the socket while
      // the client is still writing, which the client sees as a reset: that is a refusal.
      if (back && headBytes(req) > 16 * 1024 && /ECONNRESET|EPIPE|socket hang up/.test(reason)) {
        this.outcomes.set('rejected 4xx (head > 16 KB)', (this.outcomes.get('rejected 4xx (head > 16 KB)') ?? 0) + 1);
        return undefined;
      }
      const died = this.#logSince(logFrom).includes('[fuzz] server exited');
      const trace = this.#logSince(logFrom)
        .split('\n')
        .filter((l) => /Error|^\s+at /.test(l))
        .slice(0, 4)
        .join(' | ');
      this.#fail('transport', `${died ? 'the server process died' : 'no answer'} (${reason})${trace ? `: ${trace}` : ''}`, req, '');
      if (!back) throw new Error(`server down after ${describeRequest(req)}`, { cause: error });
      if (died) this.crashedMethods.add(req.method);
      return undefined;
    }
    const after = this.probe.read();
    const logged = this.#logSince(logFrom)
      .split('\n')
      .filter((l) => /\[ERROR\]|error|failed/i.test(l) && !/mail relay|relay:|sent \d/i.test(l));
    if (logged.length > 0) this.serverErrors.push({ run: this.#run, request: describeRequest(req), status: res.status, lines: logged });

    if (res.status >= 500) this.#fail('no-5xx', `status ${res.status}`, req, describeResponse(res));

    const type = header(res, 'content-type');
    const text = /html|json|xml|javascript/.test(type) || type === '' ? res.body.toString('utf8') : '';
    const hit = MARKER_RE.exec(text) ?? (type.includes('html') ? MARKER_IN_SCRIPT_RE.exec(text) : null);
    if (hit) this.#fail('reflection', `marker ${hit[0]} unescaped in a ${type || 'untyped'} body`, req, describeResponse(res, hit.index));
    const location = header(res, 'location');
    if (/<fz[0-9a-z]+/.test(location)) this.#fail('reflection', 'marker in Location', req, describeResponse(res));

    if (res.body.includes(this.#secret) || res.body.includes('root:x:0:0:'))
      this.#fail('leak', 'file content in body', req, describeResponse(res));

    const verdict = verdictOf(req, res);
    const outcome = `${verdict} ${Math.floor(res.status / 100)}xx`;
    this.outcomes.set(outcome, (this.outcomes.get(outcome) ?? 0) + 1);
    if (verdict === 'accepted' && req.headers.origin !== this.base.origin) {
      this.#fail('csrf', `accepted with Origin ${req.headers.origin ?? '(none)'}`, req, describeResponse(res));
    }
    const changed = diffFingerprints(before, after);
    if (changed.length > 0 && (verdict === 'rejected' || req.method !== 'POST')) {
      this.#fail(
        'state',
        `${verdict === 'rejected' ? 'rejected' : `${req.method} (not a form post)`} but changed ${changed.join('; ')}`,
        req,
        describeResponse(res),
      );
    }
    return res;
  }

  /**
   * After an accepted form post, open the page it redirects to with the cookie it set (as the
   * browser would): what was just stored (names, organizations…) is shown there, so this is
   * where a stored, unescaped marker would come back. Checked and counted like any request.
   */
  async follow(req: FuzzRequest, res: FuzzResponse | undefined): Promise<void> {
    if (!res || verdictOf(req, res) !== 'accepted') return;
    const location = String(res.headers.location ?? '');
    if (!location) return;
    const target = new URL(location, this.base);
    if (target.origin !== this.base.origin) return;
    const set = (res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
    const cookie = set || req.headers.cookie;
    await this.check({ method: 'GET', path: `${target.pathname}${target.search}`, headers: cookie ? { cookie } : {}, note: 'follow-up' });
    this.requests--;
    this.followUps++;
  }

  /**
   * fc.assert over the request arbitrary. Failures are collected (not thrown) so one defect does
   * not hide the others nor cut the run short; the caller asserts none were found.
   */
  async run<T>(
    arb: fc.Arbitrary<T>,
    numRuns: number,
    toRequest: (value: T) => FuzzRequest,
    afterEach?: (value: T, req: FuzzRequest, res: FuzzResponse | undefined) => Promise<void>,
  ): Promise<void> {
    const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);
    const runs = Math.max(1, Math.round(numRuns * Number(process.env.FUZZ_RUNS ?? 1)));
    console.log(`[fuzz] ${this.name}: seed ${seed}, ${runs} runs (replay with FUZZ_SEED=${seed})`);
    const started = Date.now();
    await fc.assert(
      fc.asyncProperty(arb, async (value) => {
        this.#run++;
        const req = toRequest(value);
        if (this.crashedMethods.has(req.method)) {
          this.skipped++;
          return;
        }
        const res = await this.check(req);
        await afterEach?.(value, req, res);
      }),
      { seed, numRuns: runs, endOnFailure: true },
    );
    const stats: FamilyStats = {
      family: this.name,
      requests: this.requests,
      failures: this.failures.length,
      seconds: (Date.now() - started) / 1000,
      seed,
    };
    writeFileSync(join(this.ctx.dataDir, 'stats', `${this.name}.json`), JSON.stringify(stats));
    if (this.failures.length > 0) {
      writeFileSync(join(this.ctx.dataDir, `failures-${this.name}.json`), JSON.stringify(this.failures, null, 2));
    }
    if (this.serverErrors.length > 0) {
      writeFileSync(join(this.ctx.dataDir, `server-errors-${this.name}.json`), JSON.stringify(this.serverErrors, null, 2));
      const distinct = new Map<string, (typeof this.serverErrors)[number]>();
      for (const e of this.serverErrors) distinct.set(e.lines.join(' ').replace(/^\S+ /, '').slice(0, 160), e);
      console.log(`[fuzz] ${this.name}: the server logged errors for ${this.serverErrors.length} request(s) (answered < 500):`);
      for (const [line, e] of [...distinct].slice(0, 10)) console.log(`  ${line}\n    ← ${e.status} for ${e.request.slice(0, 400)}`);
    }
    const outcomes = [...this.outcomes]
      .sort()
      .map(([k, n]) => `${k}: ${n}`)
      .join(', ');
    const followed = this.followUps > 0 ? `, plus ${this.followUps} follow-up GETs after accepted posts` : '';
    const skipped =
      this.skipped > 0 ? `, ${this.skipped} not sent (method ${[...this.crashedMethods].join(', ')} had crashed the server)` : '';
    console.log(
      `[fuzz] ${this.name}: ${this.requests} requests in ${stats.seconds.toFixed(1)} s (${outcomes}), ${this.failures.length} failure(s)${followed}${skipped}`,
    );
  }

  /** The failures, one example per (property, method, route shape, status). */
  report(): string {
    const groups = new Map<string, Failure[]>();
    for (const f of this.failures) {
      const route =
        f.request
          .split(' ')[1]
          ?.replace(/[?#].*/, '')
          .slice(0, 60) ?? '';
      const key = `${f.property} ${f.request.split(' ')[0]} ${route} ${f.response.split(' ')[0]}`;
      groups.set(key, [...(groups.get(key) ?? []), f]);
    }
    return [...groups.entries()]
      .map(([key, fs]) => `${key} ×${fs.length}\n  ${fs[0].detail}\n  → ${fs[0].request}\n  ← ${fs[0].response}`)
      .join('\n');
  }

  close(): void {
    this.probe.close();
  }
}

/** A form post the site should accept, for seeding (not counted, not checked). */
export async function post(base: URL, path: string, pairs: FormPair[], cookie?: string): Promise<FuzzResponse> {
  return send(base, {
    method: 'POST',
    path,
    headers: {
      origin: base.origin,
      'content-type': 'application/x-www-form-urlencoded',
      ...(cookie ? { cookie } : {}),
    },
    body: encodeForm(pairs),
  });
}

export const ACCESS_COOKIE = 'forum_access';

/** The token from `Set-Cookie: forum_access=…`. */
export function accessToken(res: FuzzResponse): string | undefined {
  const cookies = res.headers['set-cookie'] ?? [];
  for (const c of cookies) {
    const m = new RegExp(`^${ACCESS_COOKIE}=([A-Za-z0-9_-]{22});`).exec(c);
    if (m) return m[1];
  }
  return undefined;
}
