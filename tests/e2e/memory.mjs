// Long-run wasm memory check: does the playground's WebAssembly linear memory stay
// flat while training at full speed? Two scenarios, each in a fresh page: the
// default page and bench.mjs's big case. Every 15 s it prints wasm memory (MiB),
// the epoch counter and the play state; at the end, memory at 1 min, at the end,
// and the change after the first minute (target: within ±5 %). Printed, never asserted.
// Usage (from tests/e2e): node memory.mjs [dist-dir] [minutes]   (defaults ../../dist, 4)
import { chromium } from '@playwright/test';
import { spawn, execSync } from 'node:child_process';
import { createServer } from 'node:net';

const dist = process.argv[2] || '../../dist';
const minutes = Number(process.argv[3] || 4);
const everyMs = 15_000;
const exe = process.env.CHROMIUM || execSync('command -v chromium').toString().trim();

// A free port, preferring 8098.
const freePort = (p) => new Promise((res) => {
  const s = createServer().once('error', () => res(freePort(0)));
  s.listen(p, '127.0.0.1', () => { const { port } = s.address(); s.close(() => res(port)); });
});
const port = await freePort(8098);
const server = spawn('node', ['serve.mjs', dist, String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
await new Promise((res, rej) => {
  server.stdout.once('data', res);
  server.once('exit', (code) => rej(new Error(`serve.mjs exited (${code})`)));
});
const base = `http://127.0.0.1:${port}/`;

// Same as bench.mjs's big case.
const big = 'data=Spiral&n=500&noise=0&train=50&features=X1,X2,X1Squared,X2Squared,X1TimesX2,SinX1,SinX2' +
  '&layers=8,8,8,8,8,8&acts=Tanh&out=Tanh&loss=Mse&lr=0.03&batch=10&speed=max';
const scenarios = [
  { name: 'default page', path: '' },
  { name: 'big case', path: `#${big}` },
];

const args = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];
const browser = await chromium.launch({ executablePath: exe, args });
const MiB = 1024 * 1024;
const results = [];
try {
  console.log(`chromium ${browser.version()}, ${new Date().toISOString()}, dist ${dist}, ${minutes} min per scenario`);
  for (const sc of scenarios) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.addInitScript(() => {
      window.addEventListener('TrunkApplicationStarted', (e) => { window.__wasm = e.detail.wasm; });
    });
    const messages = [];
    page.on('pageerror', (e) => messages.push(`pageerror: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') messages.push(`console ${m.type()}: ${m.text()}`); });

    await page.goto(base + sc.path);
    await page.waitForFunction(() => window.__wasm?.memory, null, { timeout: 60_000 });
    const play = page.getByTestId('play');
    await play.waitFor();

    // Full speed: the default, and the big case's URL says speed=max; set it if not.
    const speed = page.getByTestId('speed');
    let speedLabel = await speed.evaluate((s) => s.selectedOptions[0]?.textContent);
    if (speedLabel !== 'full speed') {
      await speed.selectOption({ label: 'full speed' });
      speedLabel = `${speedLabel} -> ${await speed.evaluate((s) => s.selectedOptions[0]?.textContent)}`;
    }

    const sample = async () => page.evaluate(() => ({
      mib: window.__wasm.memory.buffer.byteLength / (1024 * 1024),
      epoch: Number(document.querySelector('[data-testid=epoch]')?.textContent.replace(/,/g, '')),
      state: document.querySelector('[data-testid=play]')?.getAttribute('aria-label'),
      notices: [...document.querySelectorAll('[data-testid=train-error],[data-testid=plateau],[data-testid=notice]')]
        .map((n) => n.textContent.trim()),
    }));
    const s0 = await sample();
    await play.click();
    await page.waitForFunction(() => document.querySelector('[data-testid=play]')?.getAttribute('aria-label') === 'Pause',
      null, { timeout: 10_000 }).catch(() => {});
    const state0 = await play.getAttribute('aria-label');
    console.log(`\n== ${sc.name} (${sc.path ? '/' + sc.path.slice(0, 40) + '…' : '/'}) ==`);
    console.log(`  speed: ${speedLabel}; play button after click: "${state0}"${state0 === 'Pause' ? '' : '  <-- NOT PLAYING'}`);
    const line = (t, s) => console.log(`  t=${String(t).padStart(3)} s  wasm ${s.mib.toFixed(2).padStart(6)} MiB  epoch ${String(s.epoch).padStart(9)}  ${s.state}` +
      (s.notices.length ? `  notices: ${s.notices.join(' | ')}` : ''));
    line(0, s0);

    const t0 = Date.now();
    const samples = [];
    for (let k = 1; k <= (minutes * 60_000) / everyMs; k++) {
      await page.waitForTimeout(Math.max(0, t0 + k * everyMs - Date.now()));
      const s = await sample();
      const t = Math.round((Date.now() - t0) / 1000);
      samples.push({ t, ...s });
      line(t, s);
    }
    const at1 = samples.find((s) => s.t >= 60) || samples[0];
    const end = samples[samples.length - 1];
    const pct = ((end.mib - at1.mib) / at1.mib) * 100;
    results.push({ name: sc.name, start: s0.mib, t1: at1.t, at1: at1.mib, end: end.mib, pct, epochs: end.epoch, stopped: samples.some((s) => s.state !== 'Pause') });
    for (const m of messages.slice(0, 10)) console.log(`  ${m}`);
    await play.click().catch(() => {});
    await context.close();
  }

  console.log(`\n== summary (${minutes} min each; change = end vs 1 min) ==`);
  for (const r of results) {
    const ok = Math.abs(r.pct) <= 5;
    console.log(`  ${r.name.padEnd(13)} start ${r.start.toFixed(2)} MiB, 1 min (t=${r.t1} s) ${r.at1.toFixed(2)} MiB, end ${r.end.toFixed(2)} MiB, ` +
      `change ${r.pct >= 0 ? '+' : ''}${r.pct.toFixed(1)} %  ${ok ? 'within ±5 %' : 'NOT within ±5 %'}` +
      `  (epoch ${r.epochs.toLocaleString('en-US')}${r.stopped ? ', training stopped at some point' : ''})`);
  }
} finally {
  await browser.close();
  server.kill();
}
