// Second visit, from the service worker's cache (issue 25, item 4 asks under 300 ms to the
// first trained epoch), printed, never asserted. One visit installs the service worker and
// fills its cache; then each later visit is a new tab of the same browser profile: from
// navigation to the first trained epoch, Play pressed at the first frame with the network
// painted (as coldload.mjs measures the first visit). Online (the page itself asked of the
// network first, over loopback) and offline (everything from the cache).
// Usage: node warmload.mjs [port] [visits]
import { chromium } from '@playwright/test';
import { spawn, execSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const port = Number(process.argv[2] || 8098);
const visits = Number(process.argv[3] || 5);
const exe = process.env.CHROMIUM || execSync('command -v chromium').toString().trim();
const server = spawn('node', ['serve.mjs', process.env.E2E_DIST || '../../dist', String(port)], { stdio: 'ignore' });
const url = `http://127.0.0.1:${port}/`;
for (let i = 0; i < 50 && !(await fetch(url).then((r) => r.ok, () => false)); i++) await new Promise((r) => setTimeout(r, 200));
const args = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-dev-shm-usage'];
// A profile on disk, as a classroom's browser has (a fresh one per run): an off-the-record
// context (Playwright's newContext, what this script used before 12-07) keeps no code cache
// for the page's script, and its second visits measured 60-90 ms slower (12-07, 3 alternated
// runs of 5 visits each). INCOGNITO=1 measures that case.
const incognito = !!process.env.INCOGNITO;
// THROTTLE=4: each second visit on the classroom device of classroom_bench.mjs (CPU 4x slower,
// 10 Mbit/s, 40 ms round trip for what the page still asks of the network)
const throttle = Number(process.env.THROTTLE || 0);
const browser = incognito ? await chromium.launch({ executablePath: exe, args }) : null;
const mid = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
// in the page, from its first script: at the first frame with the network drawn press Play,
// then note when the epoch counter first leaves 0 (ms after navigation)
function firstEpoch() {
  window.__warm = null;
  window.__painted = null;
  let pressed = false;
  const tick = () => {
    const canvas = document.querySelector('[data-testid=network-canvas]');
    const epoch = document.querySelector('[data-testid=epoch]');
    if (!pressed && canvas?.width > 1 && epoch) { pressed = true; window.__painted = performance.now(); document.querySelector('[data-testid=play]').click(); }
    if (pressed && Number(epoch.textContent.replace(/\D/g, '')) > 0) { window.__warm = performance.now(); return; }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}
let ctx;
try {
  ctx = incognito ? await browser.newContext({ viewport: { width: 1280, height: 800 } })
    : await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'warmload-')), { executablePath: exe, args, viewport: { width: 1280, height: 800 } });
  await ctx.addInitScript(firstEpoch);
  const first = await ctx.newPage();
  await first.goto(url);
  await first.waitForFunction(() => navigator.serviceWorker.controller && window.__warm !== null, null, { timeout: 60_000 });
  const cache = await first.evaluate(() => caches.keys());
  await first.close();
  console.log(`chromium ${(browser ?? ctx.browser())?.version() ?? ''}, ${new Date().toISOString()}: ${visits} second visits of ${url} from the cache ${cache.join(', ')}, ${incognito ? 'off the record' : 'a profile on disk'}${throttle ? `, CPU ${throttle}x slower` : ''}`);
  for (const offline of [false, true]) {
    await ctx.setOffline(offline);
    const times = [];
    for (let i = 0; i < visits; i++) {
      const page = await ctx.newPage();
      if (throttle) {
        const cdp = await ctx.newCDPSession(page);
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
        await cdp.send('Network.enable');
        await cdp.send('Network.emulateNetworkConditions', { offline, latency: 40, downloadThroughput: 10e6 / 8, uploadThroughput: 5e6 / 8 });
      }
      await page.goto(url);
      await page.waitForFunction(() => window.__warm !== null, null, { timeout: 30_000 });
      const t = await page.evaluate(() => window.__warm);
      const [painted, wasm, nav] = await page.evaluate(() => [window.__painted,
        Math.max(...performance.getEntriesByType('resource').filter((e) => /_bg\.wasm$/.test(e.name)).map((e) => e.responseEnd)),
        performance.getEntriesByType('navigation')[0].responseEnd]);
      const fromCache = await page.evaluate(() => performance.getEntriesByType('resource').filter((e) => /\.wasm$/.test(e.name)).every((e) => e.workerStart > 0));
      times.push(t);
      console.log(`  ${offline ? 'offline' : 'online '} visit ${i + 1}: first epoch at ${t.toFixed(0)} ms (page ${nav.toFixed(0)}, wasm fetched ${wasm.toFixed(0)}, network painted ${painted.toFixed(0)})${fromCache ? '' : ' (the wasm was NOT served by the service worker)'}`);
      await page.close();
    }
    console.log(`median ${offline ? 'offline' : 'online'}: first epoch ${mid(times).toFixed(0)} ms after navigation`);
  }
} finally {
  await (browser ?? ctx)?.close();
  server.kill();
}
