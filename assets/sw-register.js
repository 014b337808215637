// Registers the service worker (sw.js, written by scripts/sw_build.mjs) once the page's own
// wasm (both its parts) has come and the page is idle, so the first visit's downloads come first: the worker's
// install fetches the whole build (both wasm files, the digits, the tables, about 1.3 MB
// gzipped), and registered at `load` (which fires before the wasm, fetched by script, has
// come) it shared a school's 10 Mbit/s link with the page's wasm for half a second.
// When a new build's worker takes over a page an older one controlled, a small notice says so.
if ('serviceWorker' in navigator) {
  const WORDS = {
    en: ['NeuralScope was updated: the new version is saved in this browser and opens without the network.', 'OK'],
    es: ['NeuralScope se ha actualizado: la nueva versión queda guardada en este navegador y se abre sin red.', 'Aceptar'],
    de: ['NeuralScope wurde aktualisiert: Die neue Version ist in diesem Browser gespeichert und öffnet sich ohne Netz.', 'OK'],
  };
  const before = navigator.serviceWorker.controller;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (!before || document.querySelector('[data-testid="sw-notice"]')) return;
    const note = document.createElement('div');
    note.dataset.testid = 'sw-notice';
    note.setAttribute('role', 'status');
    note.className = 'notice hint';
    Object.assign(note.style, { position: 'fixed', left: '0.75rem', bottom: '0.75rem', zIndex: 1000, maxWidth: '32rem', fontSize: '14px' });
    // in the page's language (the app sets <html lang>); these two lines are outside the wasm's tables
    const [text, ok] = WORDS[document.documentElement.lang] || WORDS.en;
    const words = document.createElement('span');
    words.textContent = text;
    const close = document.createElement('button');
    close.type = 'button';
    close.textContent = ok;
    close.addEventListener('click', () => note.remove());
    note.append(words, close);
    document.body.append(note);
  });
  let asked = false;
  let waited = false;
  const register = () => {
    if (asked) return;
    // and the later part of the page's wasm (scripts/split_loader.js), which comes behind the first
    if (globalThis.__nsLater && !waited) {
      waited = true;
      globalThis.__nsLater.then(register, register);
      return;
    }
    asked = true;
    navigator.serviceWorker.register('sw.js').catch((e) => console.warn('NeuralScope: no offline copy:', e.message));
  };
  // idle: after the app has mounted and shown its first frames (WebKit has no requestIdleCallback)
  const whenIdle = () => ('requestIdleCallback' in window ? requestIdleCallback(register, { timeout: 5000 }) : setTimeout(register, 1000));
  const wasmIn = () => performance.getEntriesByType('resource').some((e) => /_bg\.wasm$/.test(e.name) && !/worker/.test(e.name));
  addEventListener('load', () => {
    if (wasmIn()) { whenIdle(); return; }
    const seen = new PerformanceObserver(() => { if (wasmIn()) { seen.disconnect(); whenIdle(); } });
    seen.observe({ type: 'resource' });
    // whatever happens to the wasm, the offline copy is made within 15 s
    setTimeout(() => { seen.disconnect(); whenIdle(); }, 15000);
  });
}
