// Response headers the whole site shares, set before any handler runs (a handler's own
// value for the same header wins, except the content security policy of built pages).
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The policy of each prerendered page, as the build wrote it (dist/_headers.json), keyed by
 * its path without a trailing slash. Looked up exactly: the node adapter's own lookup
 * matches by substring and can hand a page another page's script hashes.
 */
export function loadPagePolicies(distDir) {
  const policies = new Map();
  let entries;
  try {
    entries = JSON.parse(readFileSync(join(distDir, '_headers.json'), 'utf8'));
  } catch {
    return policies; // a build without static headers: on-demand pages still carry theirs
  }
  for (const { pathname, headers } of entries) {
    const csp = headers.find((h) => h.key.toLowerCase() === 'content-security-policy');
    if (csp) policies.set(trimPath(pathname), csp.value);
  }
  return policies;
}

const trimPath = (path) => (path.length > 1 ? path.replace(/\/(index\.html)?$/, '') : path);

/** For responses that no page describes (404s, files): nothing runs, nothing frames us. */
const fallbackPolicy =
  "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

export function createHeaderSetter({ distDir, https }) {
  const policies = loadPagePolicies(distDir);
  // Unknown addresses get the 404 page, whose styles its own policy allows.
  const notFoundPolicy = policies.get('/404') ?? fallbackPolicy;
  const clientDir = join(distDir, 'client');
  const isFile = cached((path) => {
    try {
      const stat = statSync(join(clientDir, path));
      return stat.isFile() || statSync(join(clientDir, path, 'index.html')).isFile();
    } catch {
      return false;
    }
  });

  return function setHeaders(req, res) {
    const path = safePath(req.url);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'strict-origin-when-cross-origin');
    // The camera is for the check-in scanner on our own pages; nothing else is used.
    res.setHeader('Permissions-Policy', 'camera=(self), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('X-Frame-Options', 'DENY');
    if (https) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    if (path === undefined) return;

    const policy = policies.get(trimPath(path));
    if (policy) lockHeader(res, 'Content-Security-Policy', policy);
    else res.setHeader('Content-Security-Policy', notFoundPolicy);

    if (path.startsWith('/_astro/')) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    // Anything not a built file is rendered per request and may be personal: never stored.
    else if (!isFile(path)) res.setHeader('Cache-Control', 'no-store');
  };
}

/** Set a header and ignore later attempts to replace it during this response. */
function lockHeader(res, name, value) {
  res.setHeader(name, value);
  const setHeader = res.setHeader.bind(res);
  const lower = name.toLowerCase();
  res.setHeader = (key, v) => (String(key).toLowerCase() === lower ? res : setHeader(key, v));
}

/** The decoded path of a request URL, or undefined when it cannot be a file of ours. */
function safePath(url = '/') {
  const raw = url.split(/[?#]/, 1)[0];
  let path;
  try {
    path = decodeURIComponent(raw);
  } catch {
    return undefined;
  }
  if (!path.startsWith('/') || path.includes('\0') || path.split('/').includes('..')) return undefined;
  return path;
}

function cached(fn, max = 5000) {
  const memo = new Map();
  return (key) => {
    if (memo.has(key)) return memo.get(key);
    const value = fn(key);
    if (memo.size >= max) memo.clear();
    memo.set(key, value);
    return value;
  };
}
