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
// the later part's SHA-256 (the glue itself comes with the index's integrity hash, so the
// later part is checked as the first is): a fetch checks it, and so does nsLaterNow
const NS_LATER_INTEGRITY = 'NS_LATER_SRI';
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
        const get = () => fetch(NS_LATER_URL, { integrity: NS_LATER_INTEGRITY });
        const whole = () => get().then((r) => {
            if (!r.ok) throw new Error(`${NS_LATER_URL}: ${r.status}`);
            return r.arrayBuffer();
        }).then((b) => WebAssembly.compile(b));
        nsLaterModule = typeof WebAssembly.compileStreaming === 'function'
            ? WebAssembly.compileStreaming(get()).catch(whole)
            : whole();
        nsLaterModule.catch(() => {}); // (settled by nsLaterStart)
    }
    return nsLaterModule;
}
// A failed fetch (the network dropped between the two parts) is tried again, 1, 2, 4 and 8 s
// later; after that a placeholder still tries once more when called. Returns a promise settled
// after the first try, whatever came of it: the app does not wait for the retries to start
// (a view that needs the later part then says at once that it could not come: nsLaterFailed).
let nsLaterFirstTry = null;
function nsLaterStart() {
    if (nsLaterPromise === null) {
        let tried;
        nsLaterFirstTry = new Promise((r) => { tried = r; });
        nsLaterPromise = (async () => {
            for (let attempt = 0; !nsLaterIn; attempt++) {
                try {
                    const module = await nsLaterCompile();
                    if (!nsLaterIn) { nsLaterInstantiate(module); nsLaterStats.async++; }
                } catch (e) {
                    nsLaterStats.failed = String(e);
                    nsLaterModule = null;
                    if (attempt >= 4) break;
                    tried();
                    await new Promise((r) => setTimeout(r, 1000 * 2 ** attempt));
                }
            }
            tried();
            nsLaterSettle();
        })();
    }
    return nsLaterFirstTry;
}
function nsLaterNow() {
    const xhr = new XMLHttpRequest();
    xhr.open('GET', NS_LATER_URL, false);
    // a synchronous request cannot ask for an ArrayBuffer: the bytes come as one char each
    xhr.overrideMimeType('text/plain; charset=x-user-defined');
    // (names the request in a server's log; tests/e2e/serve.mjs's HOLD_LATER_MS lets it through)
    xhr.setRequestHeader('X-NeuralScope-Fetch', 'at-once');
    try { xhr.send(); } catch { throw nsLaterError('load', 'the network failed'); }
    if (xhr.status !== 200) throw nsLaterError('load', xhr.status);
    const text = xhr.responseText;
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0xff;
    const sum = 'sha256-' + btoa(String.fromCharCode(...nsSha256(bytes)));
    if (sum !== NS_LATER_INTEGRITY) throw nsLaterError('damaged', `${sum}, not ${NS_LATER_INTEGRITY}`);
    nsLaterInstantiate(new WebAssembly.Module(bytes));
    nsLaterStats.sync++;
}
// The banner's words in English; the page's language replaces them (window.nsBannerWords).
const NS_BANNER_WORDS = {
    reload: 'Reload',
    afresh: 'Reloading starts it afresh (your settings are kept in the address).',
    load: 'NeuralScope could not load the rest of its code',
    damaged: "NeuralScope's code came damaged",
};
// An error of the later part's fetch at once: its message (English, for the console) and its
// kind and detail, which the banner words in the page's language.
function nsLaterError(kind, detail) {
    const where = `${NS_LATER_URL}: ${detail}`;
    const e = new Error(`${NS_BANNER_WORDS[kind]} (${where})`);
    e.nsKind = kind;
    e.nsDetail = where;
    return e;
}
// The code a call needs could not come (the network is down, or the bytes came damaged): the call
// cannot go on, and the page must not stand silently half-done. The banner of a Rust panic
// (src/ui/panic.rs), built here: the wasm is left mid-call and is not called again.
function nsLaterFailed(e) {
    if (document.getElementById('panic-banner')) return;
    const banner = document.createElement('div');
    banner.id = 'panic-banner';
    banner.setAttribute('role', 'alert');
    banner.dataset.testid = 'panic-banner';
    // in the page's language once the wasm has set it (src/ui/i18n: set_banner_words)
    const words = { ...NS_BANNER_WORDS, ...(window.nsBannerWords || {}) };
    const text = document.createElement('span');
    text.textContent = e.nsKind ? `${words[e.nsKind]} (${e.nsDetail}). ${words.afresh}` : `${e.message}. ${words.afresh}`;
    const reload = document.createElement('button');
    reload.textContent = words.reload;
    reload.dataset.testid = 'panic-reload';
    reload.addEventListener('click', () => location.reload());
    banner.append(text, reload);
    document.body.prepend(banner);
}
// SHA-256 (FIPS 180-4), synchronous, as nsLaterNow needs it (crypto.subtle is asynchronous only)
function nsSha256(bytes) {
    const K = new Uint32Array(64);
    const H = new Uint32Array(8);
    const frac = (x) => ((x - Math.floor(x)) * 2 ** 32) >>> 0;
    for (let n = 2, i = 0; i < 64; n++) {
        let prime = true;
        for (let d = 2; d * d <= n; d++) if (n % d === 0) { prime = false; break; }
        if (!prime) continue;
        if (i < 8) H[i] = frac(Math.sqrt(n));
        K[i++] = frac(Math.cbrt(n));
    }
    const len = bytes.length;
    const padded = new Uint8Array(((len + 9 + 63) >> 6) << 6);
    padded.set(bytes);
    padded[len] = 0x80;
    const view = new DataView(padded.buffer);
    view.setUint32(padded.length - 8, Math.floor(len / 2 ** 29));
    view.setUint32(padded.length - 4, (len << 3) >>> 0);
    const w = new Uint32Array(64);
    const rot = (x, n) => (x >>> n) | (x << (32 - n));
    for (let off = 0; off < padded.length; off += 64) {
        for (let t = 0; t < 16; t++) w[t] = view.getUint32(off + 4 * t);
        for (let t = 16; t < 64; t++) {
            const a = w[t - 15], b = w[t - 2];
            w[t] = w[t - 16] + (rot(a, 7) ^ rot(a, 18) ^ (a >>> 3)) + w[t - 7] + (rot(b, 17) ^ rot(b, 19) ^ (b >>> 10));
        }
        let [a, b, c, d, e, f, g, h] = H;
        for (let t = 0; t < 64; t++) {
            const t1 = (h + (rot(e, 6) ^ rot(e, 11) ^ rot(e, 25)) + ((e & f) ^ (~e & g)) + K[t] + w[t]) >>> 0;
            const t2 = ((rot(a, 2) ^ rot(a, 13) ^ rot(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
            h = g; g = f; f = e; e = (d + t1) >>> 0; d = c; c = b; b = a; a = (t1 + t2) >>> 0;
        }
        H[0] += a; H[1] += b; H[2] += c; H[3] += d; H[4] += e; H[5] += f; H[6] += g; H[7] += h;
    }
    const out = new Uint8Array(32);
    const outView = new DataView(out.buffer);
    for (let i = 0; i < 8; i++) outView.setUint32(4 * i, H[i]);
    return out;
}
const nsPlaceholders = new Proxy({}, {
    get(_, index) {
        return (...args) => {
            if (!nsLaterIn) {
                nsLaterStats.first = Number(index);
                try { nsLaterNow(); } catch (e) { nsLaterFailed(e); throw e; }
            }
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
