// Long-run memory check: does the playground's WebAssembly linear memory (and
// the JS heap, measured after a forced garbage collection) stay flat while
// training at full speed, and does the frame rate hold? Two scenarios, each in a
// fresh page: the default page and bench.mjs's big case. Every 15 s (--every=S)
// it prints wasm memory, JS heap (MiB), frames/s since the last sample, the epoch
// counter and the play state; at the end, memory at 1 min, at the end, the
// largest drift from the 1-minute figure after it (target: within ±5 %), and the
// frame rate of the last minute against the first (target: within 10 %).
// Printed; with --check those targets are asserted (exit 1 when one is missed).
// Usage (from tests/e2e): node memory.mjs [dist-dir] [minutes] [--every=S] [--only=big|default] [--check]
//   (defaults ../../dist, 4 min, every 15 s, both scenarios). make bench runs the
//   soak of issue 14: node memory.mjs ../../dist 10 --every=30 --only=big --check
import { chromium } from '@playwright/test';
import { spawn, execSync } from 'node:child_process';
import { createServer } from 'node:net';

const flags = Object.fromEntries(process.argv.slice(2).filter((a) => a.startsWith('--')).map((a) => [a.slice(2).split('=')[0], a.split('=')[1] ?? true]));
const positional = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const dist = positional[0] || '../../dist';
const minutes = Number(positional[1] || 4);
const everyMs = Number(flags.every || 15) * 1000;
const check = Boolean(flags.check);
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
  { key: 'default', name: 'default page', path: '' },
  { key: 'big', name: 'big case', path: `#${big}` },
].filter((sc) => !flags.only || sc.key === flags.only);

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
      // frames painted, counted by the page's own display loop
      window.__frames = 0;
      const tick = () => { window.__frames += 1; requestAnimationFrame(tick); };
      requestAnimationFrame(tick);
    });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    // the JS heap after a full garbage collection: what the page keeps, not what it has not collected yet
    const heapMiB = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      const { metrics } = await cdp.send('Performance.getMetrics');
      return metrics.find((m) => m.name === 'JSHeapUsedSize').value / MiB;
    };
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

    const sample = async () => ({ heap: await heapMiB(), ...(await page.evaluate(() => ({
      frames: window.__frames,
      now: performance.now(),
      mib: window.__wasm.memory.buffer.byteLength / (1024 * 1024),
      epoch: Number(document.querySelector('[data-testid=epoch]')?.textContent.replace(/,/g, '')),
      state: document.querySelector('[data-testid=play]')?.getAttribute('aria-label'),
      notices: [...document.querySelectorAll('[data-testid=train-error],[data-testid=plateau],[data-testid=notice]')]
        .map((n) => n.textContent.trim()),
    }))) });
    const s0 = await sample();
    await play.click();
    await page.waitForFunction(() => document.querySelector('[data-testid=play]')?.getAttribute('aria-label') === 'Pause',
      null, { timeout: 10_000 }).catch(() => {});
    const state0 = await play.getAttribute('aria-label');
    console.log(`\n== ${sc.name} (${sc.path ? '/' + sc.path.slice(0, 40) + '…' : '/'}) ==`);
    console.log(`  speed: ${speedLabel}; play button after click: "${state0}"${state0 === 'Pause' ? '' : '  <-- NOT PLAYING'}`);
    const line = (t, s) => console.log(`  t=${String(t).padStart(3)} s  wasm ${s.mib.toFixed(2).padStart(6)} MiB  heap ${s.heap.toFixed(2).padStart(6)} MiB` +
      `  ${s.fps === undefined ? '      ' : s.fps.toFixed(1).padStart(5)} frames/s  epoch ${String(s.epoch).padStart(9)}  ${s.state}` +
      (s.notices.length ? `  notices: ${s.notices.join(' | ')}` : ''));
    line(0, s0);

    const t0 = Date.now();
    const samples = [];
    let prev = await sample();
    const fpsBetween = (a, b) => ((b.frames - a.frames) * 1000) / (b.now - a.now);
    for (let k = 1; k <= (minutes * 60_000) / everyMs; k++) {
      await page.waitForTimeout(Math.max(0, t0 + k * everyMs - Date.now()));
      const s = await sample();
      s.fps = fpsBetween(prev, s);
      prev = s;
      const t = Math.round((Date.now() - t0) / 1000);
      samples.push({ t, ...s });
      line(t, s);
    }
    const at1 = samples.find((s) => s.t >= 60) || samples[0];
    const end = samples[samples.length - 1];
    const after = samples.filter((s) => s.t >= at1.t);
    const drift = (key) => Math.max(...after.map((s) => Math.abs((s[key] - at1[key]) / at1[key]) * 100));
    const pct = ((end.mib - at1.mib) / at1.mib) * 100;
    const heapPct = ((end.heap - at1.heap) / at1.heap) * 100;
    // frames/s over the first and the last minute (the samples that cover them)
    const first = samples.filter((s) => s.t <= 60);
    const last = samples.filter((s) => s.t > end.t - 60);
    const mean = (xs) => xs.reduce((a, s) => a + s.fps, 0) / xs.length;
    const fps1 = mean(first), fpsN = mean(last);
    results.push({ name: sc.name, start: s0.mib, t1: at1.t, at1: at1.mib, end: end.mib, pct, maxDrift: drift('mib'),
      heap1: at1.heap, heapEnd: end.heap, heapPct, heapDrift: drift('heap'), fps1, fpsN, fpsPct: ((fpsN - fps1) / fps1) * 100,
      epochs: end.epoch, stopped: samples.some((s) => s.state !== 'Pause'), messages: messages.length });
    for (const m of messages.slice(0, 10)) console.log(`  ${m}`);
    await play.click().catch(() => {});
    await context.close();
  }

  console.log(`\n== summary (${minutes} min each, a sample every ${everyMs / 1000} s; change = end vs 1 min, drift = the largest after 1 min) ==`);
  const sign = (x) => `${x >= 0 ? '+' : ''}${x.toFixed(1)}`;
  const failures = [];
  for (const r of results) {
    const ok = r.maxDrift <= 5 && r.heapDrift <= 5;
    const fpsOk = Math.abs(r.fpsPct) <= 10;
    console.log(`  ${r.name.padEnd(13)} wasm: start ${r.start.toFixed(2)} MiB, 1 min (t=${r.t1} s) ${r.at1.toFixed(2)} MiB, end ${r.end.toFixed(2)} MiB, ` +
      `change ${sign(r.pct)} %, drift ${r.maxDrift.toFixed(1)} %; JS heap: 1 min ${r.heap1.toFixed(2)} MiB, end ${r.heapEnd.toFixed(2)} MiB, ` +
      `change ${sign(r.heapPct)} %, drift ${r.heapDrift.toFixed(1)} %  ${ok ? 'within ±5 %' : 'NOT within ±5 %'}`);
    console.log(`  ${''.padEnd(13)} frames/s: first minute ${r.fps1.toFixed(1)}, last minute ${r.fpsN.toFixed(1)} (${sign(r.fpsPct)} %)  ${fpsOk ? 'within 10 %' : 'NOT within 10 %'}` +
      `  (epoch ${r.epochs.toLocaleString('en-US')}${r.stopped ? ', training stopped at some point' : ''}${r.messages ? `, ${r.messages} console messages` : ''})`);
    if (!ok) failures.push(`${r.name}: memory drifted more than 5 % after the first minute`);
    if (!fpsOk) failures.push(`${r.name}: the last minute's frame rate is not within 10 % of the first's`);
    if (r.stopped) failures.push(`${r.name}: training stopped`);
  }
  if (check && failures.length) {
    console.log(`\nFAILED: ${failures.join('; ')}`);
    process.exitCode = 1;
  } else if (check) {
    console.log('\nok: memory flat within ±5 % after the first minute, frame rate held within 10 %');
  }
} finally {
  await browser.close();
  server.kill();
}
