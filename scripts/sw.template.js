// NeuralScope's service worker (written into the build by scripts/sw_build.mjs from
// scripts/sw.template.js): after one visit the app opens and trains with no network.
// The page itself is asked of the network first, so an online visit always gets the newest
// build (and its new sw.js); everything else is served from the cache of this build.
const CACHE = 'CACHE_NAME';
const FILES = ['FILES'];
// a file name with trunk's content hash never changes: the browser's HTTP cache may serve it
const hashed = /-[0-9a-f]{12,}(_bg)?\.(js|wasm|css)$/;

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(FILES.map((f) => new Request(f, { cache: hashed.test(f) ? 'default' : 'no-cache' })));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith('neuralscope-') && key !== CACHE) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    event.respondWith(fetch(request).catch(async () => (await caches.match('./', { cacheName: CACHE })) || Response.error()));
    return;
  }
  event.respondWith((async () => (await caches.match(request, { cacheName: CACHE, ignoreSearch: true })) || fetch(request))());
});
