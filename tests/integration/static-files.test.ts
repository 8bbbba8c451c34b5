// The static file server (serve/static.mjs) over a real folder precompressed by serve/precompress.mjs,
// behind a real node:http server: encodings, ETag/304, types, caching, directories, traversal, 404.
import { mkdtempSync, mkdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { precompress } from '../../serve/precompress.mjs';
import { createStaticFiles, negotiateEncoding } from '../../serve/static.mjs';

const page = (title: string) => `<!doctype html><html lang="en"><title>${title}</title>${'<p>Program of the forum.</p>'.repeat(80)}</html>`;
let dist: string;
let origin: string;
let server: http.Server;
let cache: string;

function write(rel: string, body: string | Buffer) {
  const path = join(dist, 'client', rel);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, body);
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A raw request: the path goes out exactly as written (fetch would normalize "..", "%2e%2e"). */
function request(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const { port } = new URL(origin);
    const req = http.request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  dist = mkdtempSync(join(tmpdir(), 'static-files-'));
  cache = join(dist, 'cache');
  write('en/program/index.html', page('Program'));
  write('en/changing/index.html', page('Changing'));
  write('404.html', page('Not found'));
  write('_astro/app.Bx12cD.css', `body{color:black}${'.a{margin:0}'.repeat(100)}`);
  write('en/papers/one.bib', `@article{one, title={One}}${' '.repeat(400)}`);
  write('en/og/program.png', Buffer.alloc(2000, 7));
  write('robots.txt', 'User-agent: *\n');
  write('.well-known/security.txt', 'Contact: mailto:x@example.org\n');
  write('.hidden/secret.txt', 'secret');
  writeFileSync(join(dist, 'secret.txt'), 'outside the client folder');
  // The application's own routes: the register page is rendered on demand.
  writeFileSync(join(dist, 'dynamic-routes.json'), JSON.stringify(['^\\/([^/]+?)\\/register\\/?$', '^\\/$']));
  await precompress({ clientDir: join(dist, 'client'), manifestPath: join(dist, 'precompressed.json'), cacheDir: cache });
  const serve = createStaticFiles({ distDir: dist });
  server = http.createServer((req, res) =>
    serve(req, res, () => {
      res.statusCode = 299; // stands for the application
      res.end('app');
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dist, { recursive: true, force: true });
});

describe('static files', () => {
  it('test_a_page_is_sent_precompressed_by_preference_br_then_gzip_then_identity', async () => {
    const original = readFileSync(join(dist, 'client/en/program/index.html'));
    const br = await request('/en/program/', { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.body)).toEqual(original);
    expect(br.body.length).toBeLessThan(original.length / 4);
    expect(Number(br.headers['content-length'])).toBe(br.body.length);
    const gz = await request('/en/program/', { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body)).toEqual(original);
    const refusedBr = await request('/en/program/', { 'accept-encoding': 'br;q=0, *' });
    expect(refusedBr.headers['content-encoding']).toBe('gzip');
    const plain = await request('/en/program/');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toEqual(original);
    for (const answer of [br, gz, plain]) {
      expect(answer.status).toBe(200);
      expect(answer.headers.vary).toBe('Accept-Encoding');
      expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
    }
    // Each representation has its own strong validator.
    expect(new Set([br, gz, plain].map((a) => a.headers.etag)).size).toBe(3);
    expect(plain.headers.etag).toMatch(/^"[\w-]+"$/);
  });

  it('test_a_matching_if_none_match_gets_304_without_a_body_and_another_gets_the_page', async () => {
    const first = await request('/en/program/', { 'accept-encoding': 'br' });
    const again = await request('/en/program/', { 'accept-encoding': 'br', 'if-none-match': first.headers.etag! });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers.etag).toBe(first.headers.etag);
    expect((await request('/en/program/', { 'accept-encoding': 'br', 'if-none-match': `W/${first.headers.etag}` })).status).toBe(304);
    expect((await request('/en/program/', { 'accept-encoding': 'br', 'if-none-match': '"other"' })).status).toBe(200);
    // The identity validator does not stand for the brotli bytes.
    const plain = await request('/en/program/');
    expect((await request('/en/program/', { 'accept-encoding': 'br', 'if-none-match': plain.headers.etag! })).status).toBe(200);
  });

  it('test_hashed_assets_are_immutable_and_pages_revalidate', async () => {
    const asset = await request('/_astro/app.Bx12cD.css', { 'accept-encoding': 'br' });
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers['content-type']).toBe('text/css; charset=utf-8');
    const html = await request('/en/program/');
    expect(html.headers['cache-control']).toBe('public, max-age=0, must-revalidate');
  });

  it('test_types_follow_the_file_and_incompressible_files_are_sent_as_they_are', async () => {
    const bib = await request('/en/papers/one.bib', { 'accept-encoding': 'br' });
    expect(bib.headers['content-type']).toBe('application/x-bibtex; charset=utf-8');
    const png = await request('/en/og/program.png', { 'accept-encoding': 'br, gzip' });
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.headers['content-encoding']).toBeUndefined();
    expect(png.headers.vary).toBeUndefined();
    expect(png.body.length).toBe(2000);
    const robots = await request('/robots.txt', { 'accept-encoding': 'br' });
    expect(robots.headers['content-encoding']).toBeUndefined(); // too small to be worth a twin
    expect(robots.body.toString()).toBe('User-agent: *\n');
  });

  it('test_a_page_answers_with_and_without_the_trailing_slash_and_by_its_file_name_without_a_redirect', async () => {
    const page = (await request('/en/program/')).body;
    for (const path of [
      '/en/program',
      '/en/program/',
      '/en/program/index.html',
      '/en//program/',
      '/en/program?x=1',
      '/en%2Fprogram/',
      '/en/./program/',
    ]) {
      const answer = await request(path);
      expect(answer.status, path).toBe(200);
      expect(answer.body, path).toEqual(page);
    }
  });

  it('test_head_sends_the_headers_without_the_body', async () => {
    const head = await request('/en/program/', { 'accept-encoding': 'br' }, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(Number(head.headers['content-length'])).toBeGreaterThan(0);
    expect(head.headers['content-encoding']).toBe('br');
  });

  it('test_no_path_reaches_a_file_outside_the_client_folder_a_dotfile_or_a_twin_by_name', async () => {
    for (const path of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/en/..%2f..%2fsecret.txt',
      '/%2e%2e%2fsecret.txt',
      '/..%5csecret.txt',
      '/en/program/%2e%2e/%2e%2e/%2e%2e/secret.txt',
      '/.hidden/secret.txt',
      '/%2ehidden/secret.txt',
      '/en/program/index.html.br',
      '/en/program/index.html.gz',
      '/en/program/index.html%00',
    ]) {
      const answer = await request(path);
      expect(answer.status, path).toBe(404);
      expect(answer.body.toString(), path).not.toContain('secret');
      expect(answer.body.toString(), path).toContain('Not found');
    }
    expect((await request('/.well-known/security.txt')).status).toBe(200);
  });

  it('test_an_unknown_address_gets_the_404_page_precompressed_without_the_application', async () => {
    const missing = await request('/en/no-such-page/', { 'accept-encoding': 'br' });
    expect(missing.status).toBe(404);
    expect(missing.headers['content-encoding']).toBe('br');
    expect(missing.headers['cache-control']).toBe('no-store');
    expect(missing.headers.etag).toBeUndefined();
    expect(brotliDecompressSync(missing.body).toString()).toContain('<title>Not found</title>');
    const asset = await request('/_astro/gone.css');
    expect(asset.status).toBe(404);
    expect(asset.headers['cache-control']).toBe('no-store');
  });

  it('test_on_demand_routes_other_methods_and_undecodable_paths_go_to_the_application', async () => {
    expect((await request('/en/register/')).status).toBe(299);
    expect((await request('/zh/register')).status).toBe(299);
    expect((await request('/')).status).toBe(299);
    expect((await request('/en/no-such-page/', {}, 'POST')).status).toBe(299);
    expect((await request('/%')).status).toBe(299);
    expect((await request('/en/%ff/')).status).toBe(299);
  });

  it('test_a_rewritten_file_is_served_new_with_a_new_etag_once_rechecked', async () => {
    const before = await request('/en/changing/');
    write('en/changing/index.html', page('Changing, changed'));
    const path = join(dist, 'client/en/changing/index.html');
    const later = new Date(statSync(path).mtimeMs + 10_000);
    utimesSync(path, later, later);
    await new Promise((r) => setTimeout(r, 2100));
    const after = await request('/en/changing/', { 'accept-encoding': 'br' });
    // The stale twins no longer match the content: the page goes out uncompressed, and new.
    expect(after.headers['content-encoding']).toBeUndefined();
    expect(after.body.toString()).toContain('Changing, changed');
    expect(after.headers.etag).not.toBe(before.headers.etag);
  });
});

describe('precompression', () => {
  it('test_a_rebuild_compresses_only_changed_files_and_takes_unchanged_twins_from_the_cache', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'precompress-'));
    try {
      const client = join(folder, 'client');
      mkdirSync(join(client, 'a'), { recursive: true });
      for (const name of ['a/index.html', 'b.html', 'c.js']) writeFileSync(join(client, name), page(name));
      const options = { clientDir: client, manifestPath: join(folder, 'precompressed.json'), cacheDir: join(folder, 'cache') };
      expect(await precompress(options)).toMatchObject({ files: 3, compressed: 3, cached: 0, unchanged: 0 });
      expect(await precompress(options)).toMatchObject({ files: 3, compressed: 0, unchanged: 3 });
      // A build starts from an empty folder: same content comes from the cache, new content is compressed.
      rmSync(client, { recursive: true });
      mkdirSync(join(client, 'a'), { recursive: true });
      writeFileSync(join(client, 'a/index.html'), page('a/index.html'));
      writeFileSync(join(client, 'b.html'), page('b.html, changed'));
      expect(await precompress(options)).toMatchObject({ files: 2, compressed: 1, cached: 1 });
      expect(brotliDecompressSync(readFileSync(join(client, 'b.html.br'))).toString()).toContain('b.html, changed');
      // A removed file loses its twins.
      rmSync(join(client, 'b.html'));
      expect(await precompress(options)).toMatchObject({ files: 1, removed: 2 });
      expect(() => statSync(join(client, 'b.html.br'))).toThrow();
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('precompression in two passes', () => {
  it('test_an_early_pass_skips_a_folder_still_being_written_and_keeps_the_cache_then_the_final_pass_takes_it', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'precompress-'));
    try {
      const client = join(folder, 'client');
      mkdirSync(join(client, 'pagefind'), { recursive: true });
      writeFileSync(join(client, 'page.html'), page('page.html'));
      writeFileSync(join(client, 'pagefind/pagefind.js'), page('pagefind.js'));
      const cacheDir = join(folder, 'cache');
      // a cached twin of content this build no longer has: a pass that prunes would delete it
      mkdirSync(cacheDir);
      writeFileSync(join(cacheDir, 'earlier-build.br'), 'x');
      writeFileSync(join(cacheDir, 'earlier-build.gz'), 'x');
      writeFileSync(join(cacheDir, 'previous.json'), '[]');
      const options = { clientDir: client, manifestPath: join(folder, 'precompressed.json'), cacheDir };
      expect(await precompress({ ...options, skipFolders: ['pagefind'], pruneCache: false })).toMatchObject({ files: 1, compressed: 1 });
      expect(() => statSync(join(client, 'pagefind/pagefind.js.br'))).toThrow();
      expect(statSync(join(cacheDir, 'earlier-build.br')).isFile()).toBe(true);
      // the final pass finds the page done and compresses the skipped folder
      expect(await precompress(options)).toMatchObject({ files: 2, compressed: 1, unchanged: 1 });
      expect(brotliDecompressSync(readFileSync(join(client, 'pagefind/pagefind.js.br'))).toString()).toContain('pagefind.js');
      expect(() => statSync(join(cacheDir, 'earlier-build.br'))).toThrow();
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('the final pass after an early one', () => {
  it('test_a_trusting_final_pass_takes_recorded_files_as_they_are_and_compresses_only_new_ones', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'precompress-'));
    try {
      const client = join(folder, 'client');
      mkdirSync(join(client, 'a'), { recursive: true });
      writeFileSync(join(client, 'a/index.html'), page('a/index.html'));
      const options = { clientDir: `${client}/`, manifestPath: join(folder, 'precompressed.json'), cacheDir: join(folder, 'cache') };
      expect(await precompress({ ...options, pruneCache: false })).toMatchObject({ files: 1, compressed: 1 });
      // a later step adds a file; the recorded page is not looked at again (were it, it would be compressed anew)
      writeFileSync(join(client, 'sitemap-0.xml'), page('sitemap'));
      writeFileSync(join(client, 'a/index.html'), page('a/index.html, rewritten'));
      expect(await precompress({ ...options, trustManifest: true })).toMatchObject({ files: 2, compressed: 1, unchanged: 1 });
      const manifest = JSON.parse(readFileSync(options.manifestPath, 'utf8'));
      expect(Object.keys(manifest).sort()).toEqual(['a/index.html', 'sitemap-0.xml']);
      expect(brotliDecompressSync(readFileSync(join(client, 'sitemap-0.xml.br'))).toString()).toContain('sitemap');
      // without trust the same pass sees the rewritten page
      expect(await precompress(options)).toMatchObject({ files: 2, compressed: 1, unchanged: 1 });
      expect(brotliDecompressSync(readFileSync(join(client, 'a/index.html.br'))).toString()).toContain('rewritten');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('encoding negotiation', () => {
  it('test_accept_encoding_is_read_with_its_weights', () => {
    expect(negotiateEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(negotiateEncoding('gzip')).toBe('gzip');
    expect(negotiateEncoding('br;q=0, gzip;q=0.5')).toBe('gzip');
    expect(negotiateEncoding('*')).toBe('br');
    expect(negotiateEncoding('*;q=0, identity')).toBe('identity');
    expect(negotiateEncoding('')).toBe('identity');
    expect(negotiateEncoding(undefined)).toBe('identity');
  });
});
