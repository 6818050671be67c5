// sw.js: the portal's service worker. It keeps the app shell (HTML, scripts, styles, icons) of
// this version so the portal opens without a network, and answers navigations with the cached
// index.html when offline. The API (/v1) and sign-in (/auth) always go to the network: data is
// never served stale from here. Queued check-ins live in IndexedDB (app/queue.js), not here.
const VERSION = '__SIMPEG_VERSION__';
const CACHE = `simpeg-shell-${VERSION}`;
const SHELL = [
  '/', '/manifest.webmanifest', '/icons/icon.svg', '/icons/icon-192.png',
  `/app/app.css?v=${VERSION}`, `/app/main.js?v=${VERSION}`, `/vendor/preact-htm.js?v=${VERSION}`,
  '/app/i18n.js', '/app/api.js', '/app/ui.js', '/app/router.js', '/app/session.js', '/app/sections.js',
  '/app/signin.js', '/app/queue.js', '/app/sections/home.js', '/app/sections/month.js', '/app/sections/leave.js',
  '/vendor/preact-htm.js',
];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => Promise.all(SHELL.map((u) => c.add(u).catch(() => null)))).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys().then((keys) => Promise.all(keys.filter((k) => k.startsWith('simpeg-shell-') && k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== self.location.origin) return;
  // The API, the sign-in and this file go to the network untouched — the live streams
  // (GET /v1/…:watch, read chunk by chunk for as long as ten minutes) above all: a worker's
  // respondWith would buffer or cut them.
  if (url.pathname.startsWith('/v1/') || url.pathname.endsWith(':watch') || url.pathname.startsWith('/auth/') || url.pathname === '/sw.js') return;
  if (req.mode === 'navigate') {
    // Network first: a fresh page when online, the cached shell when not.
    event.respondWith(fetch(req).catch(() => caches.match('/', { cacheName: CACHE })));
    return;
  }
  // Assets: the cache of this version first, then the network (and keep what it returned).
  event.respondWith(caches.open(CACHE).then(async (c) => {
    const hit = await c.match(req);
    if (hit) return hit;
    const res = await fetch(req);
    if (res.ok && (url.pathname.startsWith('/app/') || url.pathname.startsWith('/vendor/') || url.pathname.startsWith('/icons/'))) c.put(req, res.clone());
    return res;
  }));
});

// Background Sync: the page registers 'simpeg-checkins' when it queues a check-in offline; when
// the network returns, this tells every open page to upload its queue now (app/queue.js does the
// upload, with the session cookie, and also on 'online' and at every start).
self.addEventListener('sync', (event) => {
  if (event.tag !== 'simpeg-checkins') return;
  event.waitUntil(self.clients.matchAll({ type: 'window' }).then((cs) => cs.forEach((c) => c.postMessage({ type: 'simpeg:flush' }))));
});
