// Service worker of the check-in screen (scope: the check-in pages). It keeps what the screen
// needs to start again without a network: the page, its script and styles, and the QR
// decoder's WebAssembly. The roster and the queued scans live in IndexedDB, not here.
// API calls (roster, sync) always go to the network: the screen handles their failure.
const CACHE = 'checkin-v1';

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('checkin-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

// The page tells the worker what it loaded (it was fetched before the worker took control).
self.addEventListener('message', (event) => {
  const urls = Array.isArray(event.data?.cache) ? event.data.cache : [];
  const own = urls.filter((u) => typeof u === 'string' && new URL(u, self.location.href).origin === self.location.origin);
  event.waitUntil(caches.open(CACHE).then((cache) => Promise.all(own.map((u) => cache.add(new Request(u, { credentials: 'same-origin' })).catch(() => undefined)))));
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  if (url.pathname.startsWith('/_astro/')) {
    // Hashed files never change: the cached copy is the file.
    event.respondWith(caches.match(request).then((hit) => hit || fetchAndKeep(request)));
    return;
  }
  if (request.mode === 'navigate') {
    // The page: fresh when online, the kept copy when not.
    event.respondWith(fetchAndKeep(request).catch(() => caches.match(request, { ignoreSearch: true }).then((hit) => hit || Response.error())));
  }
});

async function fetchAndKeep(request) {
  const response = await fetch(request);
  if (response.ok && response.type === 'basic') {
    const copy = response.clone();
    void caches.open(CACHE).then((cache) => cache.put(request, copy));
  }
  return response;
}
