// Cold load, printed (never asserted): run by `make bench`.
// From navigation to (a) the first frame with the network painted and (b) the
// first trained epoch after an automatic press of play at that moment, each
// load in a fresh browser context (empty cache: every byte fetched and the
// wasm compiled again), over loopback. Prints each load, the median and the
// bytes fetched. Usage: node coldload.mjs [port] [loads]
import { chromium } from '@playwright/test';
import { spawn, execSync } from 'node:child_process';

const port = Number(process.argv[2] || 8098);
const loads = Number(process.argv[3] || process.env.COLD_LOADS || 7);
const exe = process.env.CHROMIUM || execSync('command -v chromium').toString().trim();
const server = spawn('node', ['serve.mjs', '../../dist', String(port)], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 800));
const args = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];
const browser = await chromium.launch({ executablePath: exe, args });
const median = (v) => { const s = [...v].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
try {
  console.log(`chromium ${browser.version()}, ${new Date().toISOString()}, ${loads} cold loads of http://127.0.0.1:${port}/`);
  const painted = [], trained = [];
  let bytes = 0;
  for (let i = 0; i < loads; i++) {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await ctx.newPage();
    // at the first animation frame where the network canvas has pixels, note the time and press play
    await page.addInitScript(() => {
      const t = { painted: null, trained: null };
      window.__cold = t;
      const poll = () => {
        const c = document.querySelector('[data-testid=network-canvas]');
        const ep = document.querySelector('[data-testid=epoch]');
        if (t.painted === null && c && c.width > 1 && ep) {
          t.painted = performance.now();
          document.querySelector('[data-testid=play]')?.click();
        }
        if (t.painted !== null && ep && Number(ep.textContent.replace(/\D/g, '')) > 0) {
          t.trained = performance.now();
          return;
        }
        requestAnimationFrame(poll);
      };
      requestAnimationFrame(poll);
    });
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(() => window.__cold && window.__cold.trained !== null, null, { timeout: 30_000 });
    const t = await page.evaluate(() => window.__cold);
    if (i === 0) {
      bytes = await page.evaluate(() => performance.getEntriesByType('resource').concat(performance.getEntriesByType('navigation'))
        .reduce((s, e) => s + (e.transferSize || 0), 0));
    }
    painted.push(t.painted);
    trained.push(t.trained);
    console.log(`  load ${i + 1}: network painted at ${t.painted.toFixed(0)} ms, first epoch at ${t.trained.toFixed(0)} ms`);
    await ctx.close();
  }
  console.log(`median: network painted ${median(painted).toFixed(0)} ms, first epoch ${median(trained).toFixed(0)} ms after navigation; ${(bytes / 1024).toFixed(0)} KB transferred (uncompressed by this server)`);
} finally {
  await browser.close();
  server.kill();
}
