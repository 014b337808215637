// ---- NeuralScope: the page's wasm in two parts (inserted by scripts/split_wasm.mjs) ----
// The first part holds what a first visit runs up to its first epochs; the later part, the
// rest (the labs, the panels mounted after the first epoch, import and export...). Every
// function of the later part has a placeholder in the first part's table until the later
// part arrives and writes itself in. The later part is fetched and compiled as soon as the
// first part has been instantiated (before `main` runs; on a first visit the first part has
// the link to itself), or beside the first part and before `main` when the link opens a view
// other than the playground or the service worker serves the page (`nsLaterFirst`). A
// placeholder called before then fetches the later part at once, synchronously (the page
// waits, then goes on), and calls on.
// globalThis.__nsLater: a promise settled once the later part is in (src/ui/later.rs waits on
// it); globalThis.__nsLaterStats: how it came ({ sync, async }, and the table index of the
// placeholder that fetched it at once: target/split/first.wasm.placeholders names it).
const NS_LATER_URL = new URL('NS_LATER_FILE', import.meta.url);
const nsLaterStats = { sync: 0, async: 0, failed: null, first: null };
let nsLaterIn = false;
let nsLaterPromise = null;
// the promise exists from the glue's first evaluation (before `load`: assets/sw-register.js
// waits on it), and settles once the later part is in, or the background fetch gave up
let nsLaterSettle;
globalThis.__nsLater = new Promise((settle) => { nsLaterSettle = settle; });
globalThis.__nsLaterStats = nsLaterStats;
function nsLaterInstantiate(module) {
    if (nsLaterIn) return;
    new WebAssembly.Instance(module, { primary: wasm });
    nsLaterIn = true;
}
// the later part fetched and compiled (it needs the first part's exports only to instantiate);
// a server that does not say application/wasm gets the bytes compiled whole
let nsLaterModule = null;
function nsLaterCompile() {
    if (nsLaterModule === null) {
        const whole = () => fetch(NS_LATER_URL).then((r) => {
            if (!r.ok) throw new Error(`${NS_LATER_URL}: ${r.status}`);
            return r.arrayBuffer();
        }).then((b) => WebAssembly.compile(b));
        nsLaterModule = typeof WebAssembly.compileStreaming === 'function'
            ? WebAssembly.compileStreaming(fetch(NS_LATER_URL)).catch(whole)
            : whole();
        nsLaterModule.catch(() => {}); // (settled by nsLaterStart)
    }
    return nsLaterModule;
}
// A failed fetch (the network dropped between the two parts) is tried again, 1, 2, 4 and 8 s
// later; after that a placeholder still tries once more when called.
function nsLaterStart() {
    if (nsLaterPromise === null) {
        nsLaterPromise = (async () => {
            for (let attempt = 0; !nsLaterIn; attempt++) {
                try {
                    const module = await nsLaterCompile();
                    if (!nsLaterIn) { nsLaterInstantiate(module); nsLaterStats.async++; }
                } catch (e) {
                    nsLaterStats.failed = String(e);
                    nsLaterModule = null;
                    if (attempt >= 4) break;
                    await new Promise((r) => setTimeout(r, 1000 * 2 ** attempt));
                }
            }
            nsLaterSettle();
        })();
    }
    return nsLaterPromise;
}
function nsLaterNow() {
    const xhr = new XMLHttpRequest();
    xhr.open('GET', NS_LATER_URL, false);
    // a synchronous request cannot ask for an ArrayBuffer: the bytes come as one char each
    xhr.overrideMimeType('text/plain; charset=x-user-defined');
    // (names the request in a server's log; tests/e2e/serve.mjs's HOLD_LATER_MS lets it through)
    xhr.setRequestHeader('X-NeuralScope-Fetch', 'at-once');
    xhr.send();
    if (xhr.status !== 200) throw new Error(`NeuralScope could not load the rest of its code (${NS_LATER_URL}: ${xhr.status})`);
    const text = xhr.responseText;
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0xff;
    nsLaterInstantiate(new WebAssembly.Module(bytes));
    nsLaterStats.sync++;
}
const nsPlaceholders = new Proxy({}, {
    get(_, index) {
        return (...args) => {
            if (!nsLaterIn) { nsLaterStats.first = Number(index); nsLaterNow(); }
            return wasm.NS_TABLE.get(Number(index))(...args);
        };
    },
});
// Both parts before `main`: for a link to another view than the playground (it would call into
// the later part at once), and for a page the service worker serves (the later part is in its
// cache, a moment away; a synchronous request would bypass the worker and fail offline).
function nsLaterFirst() {
    if (typeof navigator !== 'undefined' && navigator.serviceWorker && navigator.serviceWorker.controller) return true;
    // the last view= wins, as the app reads it (src/ui/url.rs)
    const views = [...location.hash.matchAll(/(?:^#|&)view=([^&]*)/g)].map((m) => {
        try { return decodeURIComponent(m[1]); } catch { return m[1]; }
    });
    const view = views.length ? views[views.length - 1] : '';
    return view !== '' && view !== 'playground';
}
// ---- end of the split loader ----
