// Brotli and gzip twins (page.html.br, page.html.gz) beside every compressible built file, so
// that serve/static.mjs sends them as they are instead of compressing on each request.
// Incremental: a file whose size and time are unchanged is not read again, a file whose content
// is unchanged keeps its twins, and twins of content seen before come back from a cache folder
// (hard links), so a rebuild that rewrites every page only compresses the pages that changed.
import { createHash } from 'node:crypto';
import { constants as fsConstants, linkSync, readdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { copyFile, link, mkdir, readdir, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** Text formats worth compressing (images, PDFs and Pagefind's chunks are compressed already). */
export const compressible = new Set(['html', 'css', 'js', 'mjs', 'json', 'xml', 'svg', 'txt', 'ics', 'bib', 'ris', 'webmanifest', 'wasm']);
/** Below this a twin saves less than the headers that announce it. */
export const minSize = 256;
/** A twin is kept only when it saves at least this share of the bytes. */
const worthIt = 0.9;
export const twinSuffix = { br: '.br', gzip: '.gz' };

export const extension = (path) => {
  const slash = path.lastIndexOf('/');
  const dot = path.lastIndexOf('.');
  return dot > slash ? path.slice(dot + 1).toLowerCase() : '';
};

/** Strong validator of a file's bytes, also the key of its twins in the cache. */
export const contentHash = (buffer) => createHash('sha256').update(buffer).digest('base64url').slice(0, 27);

/** Every file under `dir` (synchronous: ten thousand files list in a fraction of the time an async walk takes). */
function walk(dir, skip, files = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!skip.has(path)) walk(path, skip, files);
    } else if (entry.isFile()) files.push(path);
  }
  return files;
}

async function readJson(path) {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch {
    return {};
  }
}

/** Runs `task` over `items` with at most `limit` at a time. */
async function pool(items, limit, task) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Puts `source` at `target` as a hard link (a copy across file systems). */
async function place(source, target) {
  await unlink(target).catch(() => {});
  try {
    await link(source, target);
  } catch {
    await copyFile(source, target, fsConstants.COPYFILE_FICLONE);
  }
}

const sizeIfFile = (path) => {
  try {
    const s = statSync(path);
    return s.isFile() ? s.size : null;
  } catch {
    return null;
  }
};

/** Hard-links `source` at `target` (replacing it); false when that cannot be done (another file system). */
function linkNow(source, target) {
  try {
    linkSync(source, target);
    return true;
  } catch (error) {
    if (error.code !== 'EEXIST') return false;
  }
  try {
    unlinkSync(target);
    linkSync(source, target);
    return true;
  } catch {
    return false;
  }
}

/**
 * The common case of a rebuild, done synchronously (thousands of small file operations cost
 * far less in one go than through the thread pool one by one): a file whose twins are in the
 * cache gets them linked. Returns its manifest entry, or undefined to take the general way.
 */
function fromCacheNow(path, body, hash, cacheDir) {
  if (!cacheDir) return undefined;
  const cachedBr = join(cacheDir, `${hash}.br`);
  const cachedGz = join(cacheDir, `${hash}.gz`);
  const brSize = sizeIfFile(cachedBr);
  const gzSize = sizeIfFile(cachedGz);
  if (brSize === null || gzSize === null) return undefined;
  const br = brSize <= body.length * worthIt;
  const gzip = gzSize <= body.length * worthIt;
  if ((br && !linkNow(cachedBr, path + twinSuffix.br)) || (gzip && !linkNow(cachedGz, path + twinSuffix.gzip))) return undefined;
  return { hash, br, gzip, brSize };
}

/**
 * Writes the twins of every compressible file under `clientDir` and a manifest
 * ({ "<path>": { size, mtimeMs, hash, br, gzip } }, paths relative with "/") at `manifestPath`.
 * `cacheDir` keeps twins by content hash between builds (optional). `skipFolders` (relative to
 * `clientDir`) are left out; `pruneCache: false` keeps the cache as it is (an early pass whose
 * run is completed by a second one). `trustManifest: true` takes every file the manifest lists as
 * it is, without looking at it again: the final pass of a build, after an early pass over pages
 * that nothing rewrites (later steps only add files, or move them in whole by renaming).
 */
export async function precompress({
  clientDir,
  manifestPath,
  cacheDir,
  concurrency = availableParallelism(),
  // 10, not the maximum 11: 2.5–3 % larger twins, a quarter of the time (36 ms → 9 ms a page;
  // at 11 compression was most of a build and of a publish's last seconds: bench/publish.mjs)
  brotliQuality = 10,
  skipFolders = /** @type {string[]} */ ([]),
  pruneCache: prune = true,
  trustManifest = false,
}) {
  const started = performance.now();
  const previous = await readJson(manifestPath);
  const manifest = {};
  const counts = { files: 0, unchanged: 0, cached: 0, compressed: 0, removed: 0, bytes: 0, brBytes: 0 };
  if (cacheDir) await mkdir(cacheDir, { recursive: true });

  const originals = [];
  const twins = [];
  for (const path of walk(clientDir, new Set(skipFolders.map((folder) => join(clientDir, folder))))) {
    if (path.endsWith(twinSuffix.br) || path.endsWith(twinSuffix.gzip)) twins.push(path);
    else if (compressible.has(extension(path))) originals.push(path);
  }

  // First pass, synchronous: unchanged files and files whose twins are cached (most of a
  // rebuild); what is left is compressed in parallel below.
  const toCompress = [];
  const prefix = resolve(clientDir).length + 1; // resolve() drops a trailing separator, as join() does
  const relativePath = (path) => path.slice(prefix).split(sep).join('/');
  for (const path of originals) {
    const rel = relativePath(path);
    if (trustManifest && previous[rel]) {
      manifest[rel] = previous[rel];
      counts.files++;
      counts.bytes += previous[rel].size;
      counts.unchanged++;
      continue;
    }
    const info = statSync(path);
    if (info.size < minSize) continue;
    counts.files++;
    counts.bytes += info.size;
    const before = previous[rel];
    const twinsThere = (entry) =>
      (!entry.br || sizeIfFile(path + twinSuffix.br) !== null) && (!entry.gzip || sizeIfFile(path + twinSuffix.gzip) !== null);
    if (before && before.size === info.size && before.mtimeMs === info.mtimeMs && twinsThere(before)) {
      manifest[rel] = before;
      counts.unchanged++;
      continue;
    }
    const body = readFileSync(path);
    const hash = contentHash(body);
    if (before && before.hash === hash && twinsThere(before)) {
      manifest[rel] = { ...before, size: info.size, mtimeMs: info.mtimeMs };
      counts.unchanged++;
      continue;
    }
    const cached = fromCacheNow(path, body, hash, cacheDir);
    if (cached) {
      manifest[rel] = { size: info.size, mtimeMs: info.mtimeMs, hash, br: cached.br, gzip: cached.gzip };
      if (cached.br) counts.brBytes += cached.brSize;
      counts.cached++;
      continue;
    }
    toCompress.push({ path, rel, info, body, hash });
  }

  await pool(toCompress, Math.max(2, concurrency), async ({ path, rel, info, body, hash }) => {
    const cachedBr = cacheDir && join(cacheDir, `${hash}.br`);
    const cachedGz = cacheDir && join(cacheDir, `${hash}.gz`);
    const [br, gz] = await Promise.all([
      brotli(body, {
        params: {
          [zlib.constants.BROTLI_PARAM_QUALITY]: brotliQuality,
          [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length,
          [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
        },
      }),
      gzip(body, { level: 9 }),
    ]);
    if (cacheDir) await Promise.all([writeFile(cachedBr, br), writeFile(cachedGz, gz)]);
    counts.compressed++;
    const entry = {
      size: info.size,
      mtimeMs: info.mtimeMs,
      hash,
      br: br.length <= body.length * worthIt,
      gzip: gz.length <= body.length * worthIt,
    };
    for (const [kind, bytes, cached] of [
      ['br', br, cachedBr],
      ['gzip', gz, cachedGz],
    ]) {
      const target = path + twinSuffix[kind];
      if (!entry[kind]) await rm(target, { force: true });
      else if (cached) await place(cached, target);
      else await writeFile(target, bytes);
    }
    if (entry.br) counts.brBytes += br.length;
    manifest[rel] = entry;
  });

  // Twins whose original is gone or no longer worth a twin.
  for (const twin of twins) {
    const rel = relativePath(twin);
    const kind = twin.endsWith(twinSuffix.br) ? 'br' : 'gzip';
    if (!manifest[rel.slice(0, -twinSuffix[kind].length)]?.[kind]) {
      await rm(twin, { force: true });
      counts.removed++;
    }
  }
  if (cacheDir && prune) await pruneCache(cacheDir, manifest);
  const temporary = `${manifestPath}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(manifest));
  await rename(temporary, manifestPath);
  return { ...counts, ms: Math.round(performance.now() - started) };
}

/** Keeps the cache to the twins of this build and of the one before (content that may come back). */
async function pruneCache(cacheDir, manifest) {
  const keepFile = join(cacheDir, 'previous.json');
  const earlier = new Set(Object.values(await readJson(keepFile)));
  const current = new Set(Object.values(manifest).map((e) => e.hash));
  for (const name of await readdir(cacheDir)) {
    const hash = name.replace(/\.(br|gz)$/, '');
    if (hash !== name && !current.has(hash) && !earlier.has(hash)) await rm(join(cacheDir, name), { force: true });
  }
  await writeFile(keepFile, JSON.stringify([...current]));
}
