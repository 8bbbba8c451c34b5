// The built files (dist/client) served without the application: the brotli or gzip twin the
// build wrote (serve/precompress.mjs) as it is, a strong ETag from the content, 304 on a match,
// long caching for hashed assets, and the 404 page for an address that nothing can answer.
// Addresses resolve as the node adapter resolves them (build.format 'directory', trailingSlash
// 'ignore'): /en/program and /en/program/ are both the page, without a redirect.
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join, posix, sep } from 'node:path';
import { compressible, contentHash, extension, twinSuffix } from './precompress.mjs';
import { dynamicRoutesFile, precompressManifestFile } from './static-integration.mjs';

const types = {
  html: 'text/html; charset=utf-8',
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  json: 'application/json; charset=utf-8',
  webmanifest: 'application/manifest+json; charset=utf-8',
  xml: 'application/xml',
  svg: 'image/svg+xml',
  txt: 'text/plain; charset=utf-8',
  ics: 'text/calendar; charset=utf-8',
  bib: 'application/x-bibtex; charset=utf-8',
  ris: 'application/x-research-info-systems; charset=utf-8',
  wasm: 'application/wasm',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  avif: 'image/avif',
  ico: 'image/x-icon',
  woff2: 'font/woff2',
  pdf: 'application/pdf',
};

export const immutableCache = 'public, max-age=31536000, immutable';
export const revalidateCache = 'public, max-age=0, must-revalidate';

/** Files up to this size are kept in memory (within `memoryBytes` in all) and hashed for their ETag. */
const memoryFileLimit = 1 << 20;
/** How long a looked-up file is trusted before its size and time are checked again (a new build). */
const recheckMs = 2000;

/**
 * The preferred encoding the client accepts: 'br', 'gzip' or 'identity'. Honors q=0 and "*".
 */
export function negotiateEncoding(header = '') {
  const q = new Map();
  for (const part of String(header).split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const weight = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)).find(Boolean);
    q.set(name === 'x-gzip' ? 'gzip' : name, weight ? Number(weight[1]) : 1);
  }
  const accepts = (name) => (q.get(name) ?? q.get('*') ?? 0) > 0;
  if (accepts('br')) return 'br';
  if (accepts('gzip')) return 'gzip';
  return 'identity';
}

/**
 * The file path (relative to the client folder, with "/") a request path names, or undefined
 * when it cannot be one of ours: undecodable, NUL, above the folder, a dotfile (other than
 * /.well-known/), or a compressed twin asked for by name.
 */
export function resolveRequestPath(urlPath, isDirectory) {
  let decoded;
  try {
    decodeURI(urlPath);
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const rel = posix.normalize(`.${decoded}`);
  if (rel === '..' || rel.startsWith('../') || posix.isAbsolute(rel)) return undefined;
  const segments = rel.split('/').filter(Boolean);
  if (segments.some((s, i) => s.startsWith('.') && !(i === 0 && s === '.well-known') && s !== '.')) return undefined;
  const bare = segments.filter((s) => s !== '.').join('/');
  if (bare.endsWith(twinSuffix.br) || bare.endsWith(twinSuffix.gzip)) return undefined;
  if (decoded.endsWith('/') || rel.endsWith('/') || bare === '' || isDirectory(bare)) return bare ? `${bare}/index.html` : 'index.html';
  return bare;
}

function ifNoneMatch(header, etag) {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/**
 * Creates the request handler: `serve(req, res, next)` answers from dist/client or calls next()
 * (on-demand pages, and anything the application decides, such as its own 404 of a form).
 */
export function createStaticFiles({ distDir, memoryBytes = 64 * 2 ** 20 }) {
  const clientDir = join(distDir, 'client');
  const manifestPath = join(distDir, precompressManifestFile);
  let dynamic = [];
  try {
    dynamic = JSON.parse(readFileSync(join(distDir, dynamicRoutesFile), 'utf8')).map((source) => new RegExp(source));
  } catch {
    dynamic = undefined; // a build without the list: unknown addresses go to the application
  }
  const isDynamic = (...paths) => dynamic === undefined || paths.some((p) => dynamic.some((re) => re.test(p)));

  let manifest = {};
  let manifestMtime = -1;
  function manifestEntry(rel) {
    try {
      const { mtimeMs } = statSync(manifestPath);
      if (mtimeMs !== manifestMtime) {
        manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
        manifestMtime = mtimeMs;
      }
    } catch {
      manifest = {};
    }
    return manifest[rel];
  }

  const directories = new Map();
  const isDirectory = (rel) => {
    let known = directories.get(rel);
    if (known === undefined || Date.now() - known.at > recheckMs) {
      let value = false;
      try {
        value = statSync(join(clientDir, rel)).isDirectory();
      } catch {
        // not there
      }
      known = { value, at: Date.now() };
      if (directories.size > 10_000) directories.clear();
      directories.set(rel, known);
    }
    return known.value;
  };

  // rel → { at, size, mtimeMs, file } where file is null when there is no such file.
  const files = new Map();
  let memoryUsed = 0;
  const forget = (rel) => {
    const old = files.get(rel);
    if (old?.file) memoryUsed -= old.file.memory;
    files.delete(rel);
  };

  async function load(rel) {
    const path = join(clientDir, rel);
    if (!path.startsWith(clientDir + sep)) return null; // resolveRequestPath already refuses this
    const cached = files.get(rel);
    if (cached && Date.now() - cached.at < recheckMs) return cached.file;
    let info;
    try {
      info = await stat(path);
    } catch {
      info = undefined;
    }
    if (cached && info && cached.file && cached.size === info.size && cached.mtimeMs === info.mtimeMs) {
      cached.at = Date.now();
      return cached.file;
    }
    forget(rel);
    if (!info?.isFile()) {
      files.set(rel, { at: Date.now(), file: null });
      return null;
    }
    const ext = extension(rel);
    const file = { path, type: types[ext] ?? 'application/octet-stream', variants: {}, memory: 0, vary: compressible.has(ext) };
    const entry = manifestEntry(rel);
    const sameStat = entry && entry.size === info.size && entry.mtimeMs === info.mtimeMs;
    let body;
    if (info.size <= memoryFileLimit) body = await readFile(path);
    const hash = sameStat ? entry.hash : body ? contentHash(body) : `${info.size.toString(36)}-${Math.round(info.mtimeMs).toString(36)}`;
    const keep = body && memoryUsed + info.size <= memoryBytes;
    file.variants.identity = { etag: `"${hash}"`, size: info.size, path, body: keep ? body : undefined };
    if (entry && entry.hash === hash) {
      for (const kind of ['br', 'gzip']) {
        if (!entry[kind]) continue;
        const twin = path + twinSuffix[kind];
        try {
          const twinBody = await readFile(twin);
          const inMemory = memoryUsed + file.memory + info.size + twinBody.length <= memoryBytes;
          file.variants[kind] = { etag: `"${hash}-${kind}"`, size: twinBody.length, path: twin, body: inMemory ? twinBody : undefined };
          if (inMemory) file.memory += twinBody.length;
        } catch {
          // twin missing: the other encodings still work
        }
      }
    }
    if (keep) file.memory += info.size;
    memoryUsed += file.memory;
    files.set(rel, { at: Date.now(), size: info.size, mtimeMs: info.mtimeMs, file });
    return file;
  }

  function send(req, res, file, status, cacheControl) {
    const encoding = negotiateEncoding(req.headers['accept-encoding']);
    const variant = file.variants[encoding] ?? file.variants.identity;
    res.statusCode = status;
    res.setHeader('Content-Type', file.type);
    if (file.vary) res.setHeader('Vary', 'Accept-Encoding');
    res.setHeader('Cache-Control', cacheControl);
    if (status === 200) {
      res.setHeader('ETag', variant.etag);
      if ((req.method === 'GET' || req.method === 'HEAD') && ifNoneMatch(req.headers['if-none-match'], variant.etag)) {
        res.statusCode = 304;
        res.end();
        return;
      }
    }
    if (variant !== file.variants.identity) res.setHeader('Content-Encoding', encoding);
    res.setHeader('Content-Length', variant.size);
    if (req.method === 'HEAD') res.end();
    else if (variant.body) res.end(variant.body);
    else
      createReadStream(variant.path)
        .on('error', () => res.destroy())
        .pipe(res);
  }

  return function serve(req, res, next) {
    const url = req.url ?? '/';
    if (safeDecode(url) === undefined) return next(); // the adapter answers 400
    const end = url.search(/[?#]/);
    const urlPath = end === -1 ? url : url.slice(0, end);
    const rel = resolveRequestPath(urlPath, isDirectory);
    const fallThrough = () => {
      // Unknown address that no on-demand route takes: the 404 page, without the application.
      if (
        (req.method === 'GET' || req.method === 'HEAD') &&
        !isDynamic(urlPath, safeDecode(urlPath), ...(rel === undefined ? [] : [`/${rel}`]))
      ) {
        load('404.html').then(
          (page) => (page ? send(req, res, page, 404, 'no-store') : next()),
          () => next(),
        );
      } else next();
    };
    if (rel === undefined) return fallThrough();
    load(rel).then(
      (file) => {
        if (!file) return fallThrough();
        send(req, res, file, 200, rel.startsWith('_astro/') ? immutableCache : revalidateCache);
      },
      () => next(),
    );
  };
}

function safeDecode(path) {
  try {
    return decodeURI(path);
  } catch {
    return undefined;
  }
}
