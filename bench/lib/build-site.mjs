// Builds the site from a content folder, as the benchmarks need it: wall time, the number of
// prerendered pages, and the peak memory of the whole build process tree (the sum of the RSS of
// astro and every process it starts, polled from /proc; getrusage would give one process only).
import { spawn } from 'node:child_process';
import { globSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PAGE_SIZE = 4096;

/** Parent pid and resident bytes of every process, from /proc (Linux). */
function processes() {
  const list = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // Fields after the command name (which may hold spaces): state ppid … rss is field 24.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      list.push({ pid: Number(name), ppid: Number(fields[1]), rss: Number(fields[21]) * PAGE_SIZE });
    } catch {
      // The process ended while we looked.
    }
  }
  return list;
}

function treeRss(rootPid) {
  const all = processes();
  const inTree = new Set([rootPid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const p of all) {
      if (!inTree.has(p.pid) && inTree.has(p.ppid)) {
        inTree.add(p.pid);
        grew = true;
      }
    }
  }
  return all.filter((p) => inTree.has(p.pid)).reduce((sum, p) => sum + p.rss, 0);
}

/**
 * Runs `astro build` of `contentDir` into `outDir` (inside the project) with its own cache and
 * any extra environment variables.
 * Returns { seconds, pages, htmlPages, peakRssMiB }; throws when the build fails.
 */
export async function buildSite({ contentDir, outDir, cacheDir, env = {} }) {
  rmSync(join(ROOT, outDir), { recursive: true, force: true });
  const started = performance.now();
  const child = spawn(join(ROOT, 'node_modules/.bin/astro'), ['build', '--outDir', outDir], {
    cwd: ROOT,
    env: { ...process.env, ...env, CONTENT_DIR: contentDir, ASTRO_CACHE_DIR: cacheDir, ASTRO_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let log = '';
  child.stdout.on('data', (chunk) => {
    log = (log + chunk).slice(-20_000);
  });
  let peak = 0;
  const poll = setInterval(() => {
    peak = Math.max(peak, treeRss(child.pid));
  }, 250);
  const code = await new Promise((resolve) => child.once('exit', (c, signal) => resolve(c ?? signal)));
  clearInterval(poll);
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`astro build of ${contentDir} failed (${code})\n${log.slice(-4000)}`);
  // Astro counts every prerendered file (HTML, images, feeds, citations); HTML pages are a subset.
  const built = /(\d+) page\(s\) built in/.exec(log);
  const htmlPages = globSync('**/*.html', { cwd: join(ROOT, outDir, 'client') }).length;
  return {
    seconds: Math.round(seconds * 10) / 10,
    pages: built ? Number(built[1]) : htmlPages,
    htmlPages,
    peakRssMiB: Math.round(peak / 2 ** 20),
  };
}
