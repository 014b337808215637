// The floor's service worker: everything from its cache once fetched (simpler than the app's,
// which caches the build's files by their hashes at install).
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (e) => e.waitUntil(clients.claim()));
self.addEventListener('fetch', (e) => e.respondWith(caches.open('v1').then(async (c) => {
  const hit = await c.match(e.request);
  if (hit) return hit;
  const r = await fetch(e.request);
  if (r.ok) c.put(e.request, r.clone());
  return r;
})));
