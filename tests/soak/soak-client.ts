/**
 * What the soak tests drive the servers with: form posts as a browser without JavaScript sends
 * them (own Origin, url-encoded, redirects not followed), every answer counted by instance,
 * request kind and status (a 5xx or a cut connection is kept with an excerpt of the answer),
 * and the local mailer's folders of several data folders read as they fill.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ACCESS_COOKIE = 'forum_access';

export interface Answer {
  status: number;
  location: string;
  /** forum_access from Set-Cookie, if any */
  token: string | undefined;
  body: string;
}

/** Counts every answer; `get`/`post` throw nothing: a cut connection is status 0. */
export class CountingClient {
  /** "<instance> <kind> <status>" → answers */
  readonly counts = new Map<string, number>();
  /** 5xx answers and cut connections, with what was asked and an excerpt of the answer */
  readonly serverErrors: string[] = [];
  /** request kind → milliseconds each answer took */
  readonly durations = new Map<string, number[]>();

  async request(
    instance: { name: string; baseUrl: string },
    kind: string,
    path: string,
    init: {
      method?: string;
      form?: Record<string, string>;
      body?: string;
      headers?: Record<string, string>;
      cookie?: string | undefined;
    } = {},
  ): Promise<Answer> {
    const headers: Record<string, string> = { ...init.headers };
    if (init.form) {
      headers.origin = instance.baseUrl;
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    if (init.cookie) headers.cookie = `${ACCESS_COOKIE}=${init.cookie}`;
    let answer: Answer;
    const started = performance.now();
    try {
      const response = await fetch(`${instance.baseUrl}${path}`, {
        method: init.method ?? (init.form || init.body !== undefined ? 'POST' : 'GET'),
        redirect: 'manual',
        headers,
        body: init.form ? new URLSearchParams(init.form) : init.body,
        signal: AbortSignal.timeout(60_000),
      });
      const cookie = response.headers
        .getSetCookie()
        .map((c) => new RegExp(`^${ACCESS_COOKIE}=([A-Za-z0-9_-]{22});`).exec(c)?.[1])
        .find(Boolean);
      answer = { status: response.status, location: response.headers.get('location') ?? '', token: cookie, body: await response.text() };
    } catch (error) {
      answer = {
        status: 0,
        location: '',
        token: undefined,
        body: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      };
    }
    const took = this.durations.get(kind) ?? [];
    took.push(performance.now() - started);
    this.durations.set(kind, took);
    const key = `${instance.name} ${kind} ${answer.status}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    if (answer.status === 0 || answer.status >= 500) {
      this.serverErrors.push(`${instance.name} ${init.method ?? 'POST'} ${path} (${kind}) → ${answer.status}: ${excerpt(answer.body)}`);
    }
    return answer;
  }

  total(): number {
    return [...this.counts.values()].reduce((n, c) => n + c, 0);
  }

  /** One line per instance/kind/status, sorted. */
  table(): string {
    return [...this.counts.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, n]) => `  ${k.padEnd(40)} ${String(n).padStart(6)}`)
      .join('\n');
  }

  /** Per request kind: answers, median, 95th percentile and slowest, in ms. */
  latencies(): string {
    return [...this.durations.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([kind, list]) => {
        const sorted = [...list].sort((a, b) => a - b);
        const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]);
        return `  ${kind.padEnd(16)} n=${String(sorted.length).padStart(5)}  p50 ${at(0.5)} ms  p95 ${at(0.95)} ms  max ${at(1)} ms`;
      })
      .join('\n');
  }
}

/** The error summary of a refused form, or the start of the answer, tags stripped. */
export function excerpt(body: string): string {
  const at = body.indexOf('id="error-summary"');
  const text = at >= 0 ? body.slice(at, at + 1200) : body.slice(0, 400);
  return text
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export interface MailedMessage {
  /** the outbox id (the folder name's tail) */
  id: string;
  to: string;
  subject: string;
  text: string;
  /** which data folder's mailer wrote it */
  dir: string;
}

/** Folder `<2026-12-06T05-47-00-000Z>-<outbox id>`: the id follows the 24-character timestamp. */
const FOLDER = /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z-([A-Za-z0-9_-]+)$/;

/** The local mailers' folders (DATA_DIR/outbox) of several servers, read as new messages arrive. */
export class MailFolders {
  readonly messages: MailedMessage[] = [];
  readonly #seen = new Set<string>();
  readonly #dirs: string[];

  constructor(dataDirs: string[]) {
    this.#dirs = dataDirs.map((d) => join(d, 'outbox'));
  }

  /** Read what arrived since the last scan. */
  scan(): void {
    for (const dir of this.#dirs) {
      if (!existsSync(dir)) continue;
      for (const folder of readdirSync(dir)) {
        const id = FOLDER.exec(folder)?.[1];
        const key = join(dir, folder);
        if (!id || this.#seen.has(key)) continue;
        // The mailer writes the folder aside and renames it: a listed folder is complete.
        const message = JSON.parse(readFileSync(join(key, 'message.json'), 'utf8')) as { to: string; subject: string; text: string };
        this.#seen.add(key);
        this.messages.push({ id, to: message.to, subject: message.subject, text: message.text, dir });
      }
    }
  }

  /** The token of the first sign-in link mailed to this address, waiting for it up to `timeoutMs`. */
  async linkFor(email: string, timeoutMs: number): Promise<string | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      this.scan();
      for (const m of this.messages) {
        const token = m.to === email ? /\/my\/access\/([A-Za-z0-9_-]{22})\//.exec(m.text)?.[1] : undefined;
        if (token) return token;
      }
      if (Date.now() > deadline) return undefined;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
