// A classroom device, measured (issue 25 item 4), printed, never asserted: run by `make bench`.
// Chromium's own throttling stands in for a classroom Chromebook on a school network:
// CPU 4x slower (CDP Emulation.setCPUThrottlingRate) and 10 Mbit/s down, 5 up, 40 ms
// round trip (Network.emulateNetworkConditions), served gzipped as a real host does.
// For each app, alternated in the same run (RUNS times, medians printed):
//   - navigation to the first trained epoch, in a fresh context (empty cache): Play is
//     pressed as soon as the page can take it;
//   - frames/s and epochs/s at full speed, on the default page and on the big case
//     (spiral, 7 inputs, 6x8 tanh, batch 10).
//   - frames/s and epochs/s at full speed in each of NeuralScope's labs (convolution,
//     recurrent, autoencoder: TensorFlow Playground has none), so "every view" is measured;
//     LABS=0 leaves them out, LABS_ONLY=1 measures them alone.
// TensorFlow Playground is measured beside NeuralScope when TFP_DIST names its built
// dist/ (it is not committed: bring github.com/tensorflow/playground, `npm install &&
// npm run build`). Usage: TFP_DIST=/path/to/tfp/dist node classroom_bench.mjs [runs]
// (BENCH_PORT=n serves on n and n+1 instead of 8120 and 8121)
import { chromium } from '@playwright/test';
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { execSync } from 'node:child_process';

const RUNS = Number(process.argv[2] || process.env.RUNS || 3);
const SECONDS = Number(process.env.BENCH_SECONDS || 8);
const ours = resolve(process.env.E2E_DIST || '../../dist');
const tfp = process.env.TFP_DIST ? resolve(process.env.TFP_DIST) : null;
const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json', '.gz': 'application/gzip',
  '.webmanifest': 'application/manifest+json',
};
const compressible = new Set(['.html', '.js', '.wasm', '.css', '.svg', '.json', '.webmanifest']);

/** A static server that gzips what a real host gzips (level 6, cached per file). */
function serve(root, port) {
  const cache = new Map();
  return new Promise((ok) => {
    const s = createServer(async (req, res) => {
      try {
        const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
        let file = normalize(join(root, path));
        if (!file.startsWith(root)) { res.writeHead(403).end(); return; }
        if ((await stat(file).catch(() => null))?.isDirectory()) file = join(file, 'index.html');
        const ext = extname(file);
        const gz = compressible.has(ext) && /gzip/.test(req.headers['accept-encoding'] || '');
        if (!cache.has(file + gz)) {
          const raw = await readFile(file);
          cache.set(file + gz, gz ? gzipSync(raw, { level: 6 }) : raw);
        }
        const headers = { 'content-type': types[ext] || 'application/octet-stream', 'cache-control': 'no-cache' };
        if (gz) headers['content-encoding'] = 'gzip';
        res.writeHead(200, headers).end(cache.get(file + gz));
      } catch {
        res.writeHead(404).end('not found');
      }
    }).listen(port, '127.0.0.1', () => ok(s));
  });
}

// What each app is, to this script: how to press play, and where its epoch count is.
const APPS = {
  NeuralScope: {
    big: '#data=Spiral&n=500&noise=0&train=50&features=X1,X2,X1Squared,X2Squared,X1TimesX2,SinX1,SinX2' +
      '&layers=8,8,8,8,8,8&acts=Tanh&out=Tanh&loss=Mse&lr=0.03&batch=10&speed=max',
    plain: '#speed=max',
    ready: () => { const c = document.querySelector('[data-testid=network-canvas]'); return !!(c && c.width > 1 && document.querySelector('[data-testid=play]')); },
    play: () => document.querySelector('[data-testid=play]').click(),
    epoch: () => { const e = document.querySelector('[data-testid=epoch]'); return e ? Number(e.textContent.replace(/\D/g, '')) : 0; },
  },
  'TensorFlow Playground': {
    big: '#activation=tanh&batchSize=10&dataset=spiral&regDataset=reg-plane&learningRate=0.03&regularizationRate=0&noise=0' +
      '&networkShape=8,8,8,8,8,8&seed=0.1&showTestData=false&discretize=false&percTrainData=50&x=true&y=true&xTimesY=true' +
      '&xSquared=true&ySquared=true&cosX=false&sinX=true&cosY=false&sinY=true&collectStats=false&problem=classification&initZero=false&hideText=false',
    plain: '',
    ready: () => !!(document.querySelector('#play-pause-button') && document.querySelector('#heatmap canvas')),
    // its button is in the HTML before its script wires it (and its start-up pauses): press
    // until it shows "playing" (idempotent, so pressed again at every frame until then)
    play: () => { const b = document.querySelector('#play-pause-button'); if (!b.classList.contains('playing')) b.click(); },
    repress: true,
    epoch: () => { const e = document.querySelector('#iter-number'); return e ? Number(e.textContent.replace(/\D/g, '')) : 0; },
  },
};

// NeuralScope's labs, measured like the big case (their own Play and epoch counter; the
// autoencoder's digits load first, so a lab is ready when its page has finished mounting).
const lab = (view, play, epoch) => ({
  hash: `#view=${view}`,
  ready: `() => !!document.querySelector('[data-testid=${play}]') && !document.querySelector('[data-mounting]')`,
  play: `() => document.querySelector('[data-testid=${play}]').click()`,
  epoch: `() => { const e = document.querySelector('[data-testid=${epoch}]'); return e ? Number(e.textContent.replace(/\\D/g, '')) : 0; }`,
});
const LABS = {
  convolution: lab('conv', 'conv-play', 'conv-epoch'),
  recurrent: lab('rnn', 'rnn-play', 'rnn-epoch'),
  autoencoder: lab('autoencoder', 'ae-play', 'ae-epoch'),
};

const exe = process.env.CHROMIUM || execSync('command -v chromium').toString().trim();
const browser = await chromium.launch({
  executablePath: exe,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
});
// BENCH_PORT: the first of the two ports the servers take (8120 unless told), so two runs can share a machine
const port = Number(process.env.BENCH_PORT || 8120);
const servers = [await serve(ours, port)];
const bases = { NeuralScope: `http://127.0.0.1:${port}/` };
if (tfp) { servers.push(await serve(tfp, port + 1)); bases['TensorFlow Playground'] = `http://127.0.0.1:${port + 1}/`; }
const median = (v) => { const s = [...v].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const range = (v) => `${Math.min(...v).toFixed(1)}–${Math.max(...v).toFixed(1)}`;

/** A fresh context on the classroom device; every request off this machine is refused at once. */
async function device() {
  // bypassCSP: the script's probes are evaluated strings (the page's CSP forbids eval); both apps alike
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true });
  await ctx.route((url) => !/^https?:\/\/127\.0\.0\.1/.test(url.href) && !url.href.startsWith('data:') && !url.href.startsWith('blob:'), (r) => r.abort());
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 40, downloadThroughput: 10e6 / 8, uploadThroughput: 5e6 / 8 });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  return { ctx, page };
}

/** From the page's first script: Play pressed as soon as the page can take it; the times noted in window.__first. */
async function pressWhenReady(page, app) {
  await page.addInitScript(([ready, play, epoch, repress]) => {
    const t = { ready: null, trained: null };
    window.__first = t;
    const [isReady, press, count] = [eval(`(${ready})`), eval(`(${play})`), eval(`(${epoch})`)];
    const poll = () => {
      try {
        if (t.ready === null && isReady()) { t.ready = performance.now(); press(); } else if (t.ready !== null && repress) press();
        if (t.ready !== null && count() > 0) { t.trained = performance.now(); return; }
      } catch { /* the page is still building itself */ }
      requestAnimationFrame(poll);
    };
    requestAnimationFrame(poll);
  }, [app.ready.toString(), app.play.toString(), app.epoch.toString(), !!app.repress]);
}

/** Navigation to the first trained epoch (Play pressed as soon as it can be), and the bytes fetched. */
async function firstEpoch(name) {
  const app = APPS[name];
  const { ctx, page } = await device();
  await pressWhenReady(page, app);
  await page.goto(bases[name] + app.plain);
  await page.waitForFunction(() => window.__first && window.__first.trained !== null, null, { timeout: 120_000 })
    .catch(async (e) => { throw new Error(`${name}: no first epoch (${JSON.stringify(await page.evaluate(() => window.__first))}): ${e.message}`); });
  const t = await page.evaluate(() => window.__first);
  const kb = await page.evaluate(() => performance.getEntriesByType('resource').concat(performance.getEntriesByType('navigation'))
    .reduce((s, e) => s + (e.transferSize || 0), 0) / 1024);
  await ctx.close();
  return { ms: t.trained, kb };
}

/** Frames/s and epochs/s at full speed on `hash`, over SECONDS after a second's warm-up. */
async function running(name, hash, app = APPS[name]) {
  const { ctx, page } = await device();
  await page.goto(bases[name] + hash);
  await page.waitForFunction(`(${app.ready})()`, null, { timeout: 60_000 });
  await page.evaluate(() => { window.__frames = 0; const f = () => { window.__frames++; requestAnimationFrame(f); }; requestAnimationFrame(f); });
  await page.evaluate(`(${app.play})()`);
  await page.waitForTimeout(1000);
  const at = () => page.evaluate(`[window.__frames, (${app.epoch})(), performance.now()]`);
  const [f0, e0, t0] = await at();
  await page.waitForTimeout(SECONDS * 1000);
  const [f1, e1, t1] = await at();
  await ctx.close();
  const dt = (t1 - t0) / 1000;
  return { fps: (f1 - f0) / dt, eps: (e1 - e0) / dt };
}

/** PROFILE=1: where the time goes on the classroom device (printed, for the one doing the work).
 * A full-speed case: a CPU profile over 4 s, self time by function (the wasm-bindgen glue names
 * the canvas calls; "wasm" is everything inside the module: training, grids, pixels), plus
 * Performance.getMetrics' script, layout and style time per frame. */
async function profileRunning(name, hash, app = APPS[name]) {
  const { ctx, page } = await device();
  const cdp = await ctx.newCDPSession(page);
  await page.goto(bases[name] + hash);
  await page.waitForFunction(`(${app.ready})()`, null, { timeout: 60_000 });
  await page.evaluate(() => { window.__frames = 0; const f = () => { window.__frames++; requestAnimationFrame(f); }; requestAnimationFrame(f); });
  await page.evaluate(`(${app.play})()`);
  await page.waitForTimeout(1000);
  await cdp.send('Performance.enable');
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const f0 = await page.evaluate(() => window.__frames);
  const m0 = await metrics();
  await cdp.send('Profiler.start');
  await page.waitForTimeout(4000);
  const { profile } = await cdp.send('Profiler.stop');
  const m1 = await metrics();
  const frames = (await page.evaluate(() => window.__frames)) - f0;
  await ctx.close();
  const self = new Map();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const dts = profile.timeDeltas;
  let total = 0;
  profile.samples.forEach((id, i) => {
    const n = byId.get(id);
    let f = n.callFrame.functionName || '(anonymous)';
    if (/^\$?wasm-function|^\$/.test(f) || n.callFrame.url.startsWith('wasm://')) f = 'wasm (' + (n.callFrame.url.startsWith('wasm://') ? 'module' : f) + ')';
    const dt = (dts[i + 1] ?? 0) / 1000;
    total += dt;
    self.set(f, (self.get(f) || 0) + dt);
  });
  const wall = (m1.Timestamp - m0.Timestamp) * 1000;
  const per = (k) => ((m1[k] - m0[k]) * 1000 / frames).toFixed(2);
  console.log(`  ${name} ${hash.slice(0, 40)}: ${frames} frames in ${wall.toFixed(0)} ms (${(frames * 1000 / wall).toFixed(1)}/s); per frame: task ${per('TaskDuration')} ms, script ${per('ScriptDuration')}, layout ${per('LayoutDuration')}, style ${per('RecalcStyleDuration')}`);
  for (const [f, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP || 22))) {
    console.log(`    ${(ms / frames).toFixed(2).padStart(7)} ms/frame ${(100 * ms / total).toFixed(1).padStart(5)}%  ${f}`);
  }
}

/** PROFILE=1: the first visit's timeline: when each big file arrived, and the main thread's longest kinds of work. */
async function profileFirst(name) {
  const app = APPS[name];
  const { ctx, page } = await device();
  await pressWhenReady(page, app);
  await browser.startTracing(page, { categories: ['devtools.timeline', 'v8', 'v8.wasm', 'disabled-by-default-devtools.timeline', 'blink.user_timing', 'loading'] });
  await page.goto(bases[name] + app.plain);
  await page.waitForFunction(() => window.__first && window.__first.trained !== null, null, { timeout: 120_000 });
  const trace = JSON.parse((await browser.stopTracing()).toString());
  const t = await page.evaluate(() => window.__first);
  const res = await page.evaluate(() => performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
    .map((e) => [e.name.replace(/^.*\//, '') || '/', e.startTime, e.responseEnd, e.transferSize]));
  await ctx.close();
  console.log(`  ${name}: page ready (Play pressed) ${t.ready.toFixed(0)} ms, first epoch ${t.trained.toFixed(0)} ms`);
  for (const [n, s, e, b] of res.filter((r) => r[3] > 2000 || /wasm|\.js$/.test(r[0]))) console.log(`    ${n.slice(0, 48).padEnd(48)} ${s.toFixed(0).padStart(6)} → ${e.toFixed(0).padStart(6)} ms ${(b / 1024).toFixed(0).padStart(5)} KB`);
  // the renderer's main thread: the longest kinds of work (complete events, outermost per kind)
  const main = trace.traceEvents.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const sums = new Map();
  for (const e of trace.traceEvents) {
    if (e.ph !== 'X' || !main || e.pid !== main.pid || e.tid !== main.tid || !e.dur) continue;
    sums.set(e.name, (sums.get(e.name) || 0) + e.dur / 1000);
  }
  for (const [n, ms] of [...sums].sort((a, b) => b[1] - a[1]).slice(0, 16)) console.log(`    main thread ${ms.toFixed(0).padStart(6)} ms  ${n}`);
  const wasmEv = trace.traceEvents.filter((e) => /wasm/i.test(e.name) && e.dur).map((e) => `${e.name} ${(e.dur / 1000).toFixed(0)} ms at ${((e.ts - trace.traceEvents.find((x) => x.name === 'navigationStart')?.ts || 0) / 1000).toFixed(0)}`);
  for (const w of wasmEv.slice(0, 12)) console.log(`    ${w}`);
}

if (process.env.PROFILE) {
  try {
    // PROFILE_LABS=convolution,autoencoder (or "all"): those labs only
    for (const n of process.env.PROFILE_LABS ? [] : Object.keys(bases)) {
      await profileFirst(n);
      await profileRunning(n, APPS[n].plain);
      await profileRunning(n, APPS[n].big);
    }
    const which = (process.env.PROFILE_LABS || '').split(',');
    for (const [labName, l] of Object.entries(LABS)) {
      if (which.includes('all') || which.some((w) => w && labName.startsWith(w))) await profileRunning('NeuralScope', l.hash, l);
    }
  } finally {
    await browser.close();
    for (const s of servers) s.close();
  }
  process.exit(0);
}

try {
  const names = Object.keys(bases);
  console.log(`chromium ${browser.version()}, ${new Date().toISOString()}: CPU throttled 4x, 10 Mbit/s down, 40 ms RTT, gzip; ${RUNS} alternated runs`);
  if (!tfp) console.log('(TFP_DIST not set: TensorFlow Playground is not measured beside it)');
  const res = Object.fromEntries(names.map((n) => [n, { first: [], kb: 0, plain: [], big: [] }]));
  // LABS_ONLY=1: the labs alone (a change to a lab, measured without the rest)
  for (let run = 0; run < (process.env.LABS_ONLY ? 0 : RUNS); run++) {
    for (const n of names) {
      const f = await firstEpoch(n);
      res[n].first.push(f.ms); res[n].kb = f.kb;
      // FIRST_ONLY=1: the first epoch alone (a change to the loading, measured in more runs)
      res[n].plain.push(process.env.FIRST_ONLY ? { fps: NaN, eps: NaN } : await running(n, APPS[n].plain));
      res[n].big.push(process.env.FIRST_ONLY ? { fps: NaN, eps: NaN } : await running(n, APPS[n].big));
      console.log(`  run ${run + 1} ${n}: first epoch ${f.ms.toFixed(0)} ms (${f.kb.toFixed(0)} KB); default page ${res[n].plain.at(-1).fps.toFixed(1)} frames/s; ` +
        `big case ${res[n].big.at(-1).fps.toFixed(1)} frames/s, ${res[n].big.at(-1).eps.toFixed(0)} epochs/s`);
    }
  }
  console.log('medians:');
  for (const n of process.env.LABS_ONLY ? [] : names) {
    const r = res[n];
    const fps = (k) => r[k].map((x) => x.fps);
    console.log(`  ${n}: first epoch ${median(r.first).toFixed(0)} ms (${r.kb.toFixed(0)} KB gzipped); default page ${median(fps('plain')).toFixed(1)} frames/s (${range(fps('plain'))}); ` +
      `big case ${median(fps('big')).toFixed(1)} frames/s (${range(fps('big'))}), ${median(r.big.map((x) => x.eps)).toFixed(0)} epochs/s`);
  }
  if (process.env.LABS !== '0' && !process.env.FIRST_ONLY) {
    for (const [labName, l] of Object.entries(LABS)) {
      const r = [];
      for (let run = 0; run < RUNS; run++) r.push(await running('NeuralScope', l.hash, l));
      const f = r.map((x) => x.fps);
      console.log(`  NeuralScope ${labName} lab: ${median(f).toFixed(1)} frames/s (${range(f)}), ${median(r.map((x) => x.eps)).toFixed(0)} epochs/s`);
    }
  }
  if (tfp && !process.env.LABS_ONLY) {
    const a = median(res.NeuralScope.first), b = median(res['TensorFlow Playground'].first);
    console.log(`  first epoch: NeuralScope / TensorFlow Playground = ${(a / b).toFixed(2)} (goal: at most 1.5)`);
  }
} finally {
  await browser.close();
  for (const s of servers) s.close();
}
