/* global self, caches, BUILD */
// The offline copy of the public site (program, sessions, every page once visited) and of the
// signed-in person's ticket. Served as /sw.js by src/pages/sw.js.ts, which puts the BUILD
// constant in front: { version, locales, notices, precache }. A new build has a new version:
// its pages cache replaces the old one when it activates.
//
// Pages: network first; when the network fails, the saved copy with a notice saying so.
// Ticket: its own cache entry, emptied on sign-out. Nothing else personal, no /admin, no POST.

const PAGES = `forum-pages-${BUILD.version}`;
const TICKET = 'forum-ticket';
const LOCALE = new RegExp(`^/(${BUILD.locales.join('|')})/`);
const PERSONAL = /^\/[^/]+\/(my|register|pay|visits\/book|check-email|admin)(\/|$)/;
const TICKET_PAGE = /^\/[^/]+\/my\/ticket\/$/;
const MY_PAGE = /^\/[^/]+\/my\/$/;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(PAGES)
      .then((cache) => Promise.all(BUILD.precache.map((path) => store(cache, path))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('forum-pages-') && k !== PAGES).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method !== 'GET') {
    // Signing out forgets the saved ticket; no form post is ever cached.
    if (/^signOut/.test(url.searchParams.get('_action') ?? '')) event.waitUntil(caches.delete(TICKET));
    return;
  }
  if (request.mode !== 'navigate' || url.search.includes('_action')) return;
  if (url.searchParams.has('signedOut') || url.searchParams.has('signedOutEverywhere')) {
    event.waitUntil(caches.delete(TICKET));
    return;
  }
  if (TICKET_PAGE.test(url.pathname)) event.respondWith(ticket(request, url));
  else if (MY_PAGE.test(url.pathname)) event.respondWith(networkOr(request, () => saved(TICKET, url.pathname + 'ticket/', url)));
  else if (LOCALE.test(url.pathname) && !PERSONAL.test(url.pathname)) event.respondWith(page(request, url));
});

/** A public page: from the network (keeping a copy), else the saved copy. */
async function page(request, url) {
  try {
    const response = await fetch(request);
    if (response.ok && !response.redirected) {
      const cache = await caches.open(PAGES);
      await cache.put(url.pathname, await stamped(response.clone()));
    }
    return response;
  } catch (error) {
    return (await saved(PAGES, url.pathname, url)) ?? Promise.reject(error);
  }
}

/** The ticket page: kept while the person is signed in, dropped as soon as it is not theirs. */
async function ticket(request, url) {
  try {
    const response = await fetch(request);
    const cache = await caches.open(TICKET);
    if (response.ok && !response.redirected) await cache.put(url.pathname, await stamped(response.clone()));
    else await caches.delete(TICKET);
    return response;
  } catch (error) {
    return (await saved(TICKET, url.pathname, url)) ?? Promise.reject(error);
  }
}

async function networkOr(request, fallback) {
  try {
    return await fetch(request);
  } catch (error) {
    return (await fallback()) ?? Promise.reject(error);
  }
}

async function store(cache, path) {
  try {
    const response = await fetch(path, { credentials: 'same-origin' });
    if (response.ok) await cache.put(path, await stamped(response));
  } catch {
    // offline at install: the page is saved on its first visit instead
  }
}

/** The response with the time it was saved, for the notice. */
async function stamped(response) {
  const headers = new Headers(response.headers);
  headers.set('X-Saved-At', new Date().toISOString());
  return new Response(await response.blob(), { status: response.status, statusText: response.statusText, headers });
}

/** The saved copy with a notice under the header: "You are offline: saved copy from …". */
async function saved(cacheName, path, url) {
  const cache = await caches.open(cacheName);
  const response = await cache.match(path);
  if (!response) return undefined;
  const locale = (LOCALE.exec(url.pathname) ?? [])[1] ?? 'en';
  const notice = BUILD.notices[locale] ?? BUILD.notices.en;
  const when = new Date(response.headers.get('X-Saved-At') ?? Date.now());
  const time = new Intl.DateTimeFormat(notice.lang, { dateStyle: 'medium', timeStyle: 'short' }).format(when);
  const note = `<p class="notice notice-warn offline-note" role="status">${escape(notice.text.replace('{time}', time))}</p>`;
  const html = (await response.text()).replace(/(<main\b[^>]*>)/, `$1${note}`);
  return new Response(html, { status: 200, headers: response.headers });
}

function escape(text) {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
}
