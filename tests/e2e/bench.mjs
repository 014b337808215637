// Browser benchmarks, printed (never asserted): run by `make bench`.
//  1. the engine's cases on the #view=bench page (same code as examples/bench.rs),
//     over BENCH_LOADS fresh page loads (default 5);
//  2. the playground on the big case at top speed: epochs/s and frames/s while
//     every heatmap, line and chart is live (counted by the page's own
//     requestAnimationFrame, and by the epoch counter);
//  3. frames/s at top speed on the default page and in the convolution lab.
// Usage: node bench.mjs [port]   (serves ../../dist itself; E2E_DIST=<dir> another build, to compare)
import { chromium } from '@playwright/test';
import { spawn, execSync } from 'node:child_process';

const port = Number(process.argv[2] || 8097);
const exe = process.env.CHROMIUM || execSync('command -v chromium').toString().trim();
const server = spawn('node', ['serve.mjs', process.env.E2E_DIST || '../../dist', String(port)], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 800));
const base = `http://127.0.0.1:${port}/`;
const args = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];
const browser = await chromium.launch({ executablePath: exe, args });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  console.log(`chromium ${browser.version()}, ${new Date().toISOString()}`);

  // The engine page, several fresh loads (this machine's speed drifts between
  // runs; each load's figures are medians already): every load, then the
  // median and range over loads.
  const loads = Number(process.env.BENCH_LOADS || 5);
  const rows = [];
  console.log(`\n== engine in the browser (#view=bench), ${loads} page loads ==`);
  for (let i = 0; i < loads; i++) {
    await page.goto('about:blank');
    await page.goto(`${base}#view=bench`);
    await page.waitForFunction(() => !document.querySelector('[data-testid=bench-results]')?.textContent.includes('running'), null, { timeout: 180_000 });
    const text = await page.getByTestId('bench-results').textContent();
    if (i === 0) console.log(text.trim().split('\n').slice(0, -1).join('\n'));
    const j = JSON.parse(text.trim().split('\n').pop());
    const row = { xor: j.xor.epochs_per_sec, spiral: j.spiral.epochs_per_sec, train: j.spiral_train_only.epochs_per_sec, train64: j.spiral_train_only_f64.epochs_per_sec, grid: j.grid.median_ms };
    rows.push(row);
    console.log(`  load ${i + 1}: XOR ${row.xor.toFixed(0)} | spiral eval ${row.spiral.toFixed(0)} | training only ${row.train.toFixed(0)} (f64: ${row.train64.toFixed(0)}) epochs/s | grid ${row.grid.toFixed(2)} ms`);
  }
  const stat = (k, d) => {
    const v = rows.map((r) => r[k]).sort((a, b) => a - b);
    return `${v[v.length >> 1].toFixed(d)} (${v[0].toFixed(d)}–${v[v.length - 1].toFixed(d)})`;
  };
  console.log(`  median (range) over ${loads} loads: XOR ${stat('xor', 0)} | spiral eval ${stat('spiral', 0)} | ` +
    `training only ${stat('train', 0)} (f64: ${stat('train64', 0)}) epochs/s | 100x100 grid ${stat('grid', 2)} ms`);

  const big = 'data=Spiral&n=500&noise=0&train=50&features=X1,X2,X1Squared,X2Squared,X1TimesX2,SinX1,SinX2' +
    '&layers=8,8,8,8,8,8&acts=Tanh&out=Tanh&loss=Mse&lr=0.03&batch=10&speed=max';
  const seconds = Number(process.env.BENCH_SECONDS || 10);
  // twice: with the classroom panels closed (as a page opens), then with the
  // forward-pass inspector open (it writes out every neuron's sum ten times a second)
  for (const inspector of [false, true]) {
  const medians = [];
  for (let run = 0; run < 3; run++) {
    await page.goto(`${base}#${big}`);
    await page.reload();
    await page.getByTestId('play').waitFor();
    if (inspector) {
      await page.getByTestId('inspector').locator('summary').click();
      await page.evaluate(() => window.scrollTo(0, 0));
    }
    const epochOf = async () => Number((await page.getByTestId('epoch').textContent()).replace(/,/g, ''));
    await page.evaluate(() => { window.__frames = 0; const f = () => { window.__frames++; requestAnimationFrame(f); }; requestAnimationFrame(f); });
    await page.getByTestId('play').click();
    await page.waitForTimeout(1000); // warm-up
    const e0 = await epochOf(); const f0 = await page.evaluate(() => window.__frames); const t0 = Date.now();
    await page.waitForTimeout(seconds * 1000);
    const e1 = await epochOf(); const f1 = await page.evaluate(() => window.__frames); const t1 = Date.now();
    const dt = (t1 - t0) / 1000;
    medians.push({ eps: (e1 - e0) / dt, fps: (f1 - f0) / dt });
    await page.getByTestId('play').click();
  }
  const med = (k) => medians.map((m) => m[k]).sort((a, b) => a - b)[1];
  console.log(`== playground, big case (spiral, 7 features, 6x8 tanh, batch 10), top speed, everything live${inspector ? ', inspector open' : ''} ==`);
  for (const m of medians) console.log(`  run: ${m.eps.toFixed(0)} epochs/s, ${m.fps.toFixed(1)} frames/s`);
  console.log(`  median of 3: ${med('eps').toFixed(0)} epochs/s, ${med('fps').toFixed(1)} frames/s (headless chromium, ${seconds} s each)`);
  await page.screenshot({ path: `artifacts/bench-big-case${inspector ? '-inspector' : ''}.png` });
  }

  // The other two views at full speed: the default page (XOR quadrants, 2-4-2) and the
  // convolution lab on the digits; frames/s by the page's own requestAnimationFrame count.
  console.log('== the default page and the convolution lab, top speed: frames/s (3 runs of 5 s) ==');
  for (const [name, hash, play, counter] of [['default page', '', 'play', 'epoch'], ['convolution lab', 'view=conv', 'conv-play', 'conv-epoch']]) {
    const runs = [];
    for (let run = 0; run < 3; run++) {
      await page.goto('about:blank');
      await page.goto(`${base}#${hash}`);
      if (hash) await page.getByTestId('conv-status').waitFor({ state: 'detached', timeout: 20_000 });
      await page.getByTestId(play).click();
      await page.waitForTimeout(1000); // warm-up
      const count = async () => Number((await page.getByTestId(counter).textContent()).replace(/,/g, ''));
      const e0 = await count();
      const fps = await page.evaluate(() => new Promise((res) => {
        let n = 0; const t0 = performance.now();
        const f = () => { n++; if (performance.now() - t0 < 5000) requestAnimationFrame(f); else res(n / ((performance.now() - t0) / 1000)); };
        requestAnimationFrame(f);
      }));
      runs.push(`${fps.toFixed(1)} frames/s (${((await count()) - e0).toLocaleString('en')} epochs)`);
    }
    console.log(`  ${name}: ${runs.join(' | ')}`);
  }
} finally {
  await browser.close();
  server.kill();
}
