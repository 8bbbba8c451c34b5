/**
 * The real build of a revision: the content check (names file and field of every content
 * error, in about a second) and `astro build` with the incremental cache, side by side as child
 * processes of this server (a crashed build never takes the site down). The check runs beside
 * the build, not before it: Astro spends its first seconds starting and bundling, which needs
 * no checked content; a failed check stops the build, whose folder is then thrown away.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, relative, resolve } from 'node:path';
import { serverBuiltMarker, type BuildResult, type ContentProblem } from './publishing.types.ts';

/** The line Astro prints once the server bundle is complete, as it starts rendering the pages. */
const prerendering = /prerendering static routes/;

/** Runs a command; every output line goes to `line`. `signal` stops it. */
function run(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; line: (text: string) => void; signal?: AbortSignal },
) {
  return new Promise<number>((done) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(options.signal ? { signal: options.signal, killSignal: 'SIGKILL' as const } : {}),
    });
    for (const stream of [child.stdout, child.stderr]) {
      let rest = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        const lines = (rest + chunk).split('\n');
        rest = lines.pop() ?? '';
        // eslint-disable-next-line no-control-regex -- colour codes of the build's output
        for (const text of lines) options.line(text.replace(/\u001b\[[0-9;]*m/g, ''));
      });
      stream.on('end', () => rest && options.line(rest));
    }
    child.on('error', () => done(1));
    child.on('close', (code) => done(code ?? 1));
  });
}

/** "content/papers/x.yaml: authors[0]: required field is missing" → file, field, message. */
export function parseProblems(lines: string[], contentDir: string, root: string): ContentProblem[] {
  const prefix = relative(root, contentDir).split('\\').join('/') + '/';
  const problems: ContentProblem[] = [];
  for (const line of lines) {
    const match = /^(\S+?): (.+?): (.+)$/.exec(line.trim());
    if (!match || !match[1].startsWith(prefix)) continue;
    problems.push({ file: match[1].slice(prefix.length), field: match[2], message: match[3] });
  }
  return problems;
}

/**
 * A fixed key for server islands: with a new random key every build, Astro re-renders every
 * page that has one. ASTRO_KEY if set, else one generated once in the data folder.
 */
export function astroKey(dataDir: string): string {
  if (process.env.ASTRO_KEY) return process.env.ASTRO_KEY;
  const file = join(dataDir, 'astro.key');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

/** The content check (scripts/content-check.mjs) on a folder inside the project. */
export async function contentCheck(input: {
  root: string;
  contentDir: string;
  log: (line: string) => void;
  env?: NodeJS.ProcessEnv;
}): Promise<BuildResult> {
  const lines: string[] = [];
  input.log('checking the content');
  const status = await run(process.execPath, ['scripts/content-check.mjs'], {
    cwd: input.root,
    env: input.env ?? { ...process.env, CONTENT_DIR: relative(input.root, input.contentDir) },
    line: (text) => {
      lines.push(text);
      input.log(text);
    },
  });
  if (status === 0) return { ok: true, problems: [] };
  const problems = parseProblems(lines, input.contentDir, input.root);
  return { ok: false, problems: problems.length ? problems : [{ file: '', field: '', message: 'the content check failed' }] };
}

export function astroBuilder(options: { root: string; cacheDir: string; dataDir: string }) {
  return async ({ contentDir, outDir, log }: { contentDir: string; outDir: string; log: (line: string) => void }): Promise<BuildResult> => {
    const { root } = options;
    const env = {
      ...process.env,
      CONTENT_DIR: relative(root, contentDir),
      ASTRO_CACHE_DIR: relative(root, resolve(root, options.cacheDir)),
      ASTRO_KEY: astroKey(options.dataDir),
      ASTRO_TELEMETRY_DISABLED: '1',
      // the build runs the content check itself; it has just run
      FORUM_CONTENT_CHECKED: '1',
    };
    const stop = new AbortController();
    const checking = contentCheck({ root, contentDir, log, env }).then((checked) => {
      if (!checked.ok) stop.abort();
      return checked;
    });
    log('building the site');
    const tail: string[] = [];
    const astro = join(root, 'node_modules', 'astro', 'bin', 'astro.mjs');
    const building = run(process.execPath, [astro, 'build', '--outDir', relative(root, outDir)], {
      cwd: root,
      env,
      signal: stop.signal,
      line: (text) => {
        // Astro has written the final server bundle before it renders the pages: a server can
        // start loading now (scripts/build-stamp.mjs marks it again at the end, whatever Astro prints).
        if (prerendering.test(text)) {
          try {
            writeFileSync(join(outDir, serverBuiltMarker), '');
          } catch {
            // only earlier than the mark at the end
          }
        }
        tail.push(text);
        if (tail.length > 20) tail.shift();
        log(text);
      },
    });
    const [checked, built] = await Promise.all([checking, building]);
    if (!checked.ok) return checked;
    if (built !== 0) {
      const message = tail.filter((l) => /error/i.test(l)).at(-1) ?? 'the build failed';
      return { ok: false, problems: [{ file: '', field: '', message: message.trim() }] };
    }
    return { ok: true, problems: [] };
  };
}
