// NeuralScope's service worker (written into the build by scripts/sw_build.mjs from
// scripts/sw.template.js): after one visit the app opens and trains with no network.
// A file whose name carries trunk's content hash is served from the cache of this build; the
// page and the files without a hash in their name (the worker's js and wasm, the digits, the
// icons) are asked of the network first and come from the cache when it fails: an online
// visit to a new build gets its page and its worker together, never the new page with the old
// build's worker (the old service worker still controls that first visit).
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
    // the page's request starts while this worker starts (it answers the page network-first)
    if (self.registration.navigationPreload) await self.registration.navigationPreload.enable();
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  const cached = () => caches.match(request.mode === 'navigate' ? './' : request, { cacheName: CACHE, ignoreSearch: true });
  if (request.mode === 'navigate') {
    event.respondWith((async () => {
      try {
        return (await event.preloadResponse) || await fetch(request);
      } catch {
        return (await cached()) || Response.error();
      }
    })());
    return;
  }
  if (!hashed.test(new URL(request.url).pathname)) {
    event.respondWith(fetch(request).catch(async () => (await cached()) || Response.error()));
    return;
  }
  event.respondWith((async () => (await cached()) || fetch(request))());
});
