// Background jobs, printed (never asserted): run by `make bench`.
//  1. trials/s of the default search (random, 20 trials of 100 epochs) on the
//     spiral, with 1 worker and with all of them (one per core the browser
//     reports, at most 4), RUNS times each: every run and the median;
//  2. the page's frame rate (its own requestAnimationFrame, 1-second windows)
//     while a search runs with the playground paused (the issue asks ≥ 55),
//     and with the playground training at full speed; the training-only
//     frame rate for comparison. Medians of the windows.
// Usage: node jobs_bench.mjs [port]   (serves ../../dist itself)
import { chromium } from '@playwright/test';
import { spawn, execSync } from 'node:child_process';

const port = Number(process.argv[2] || 8096);
const runs = Number(process.env.JOBS_RUNS || 3);
const exe = process.env.CHROMIUM || execSync('command -v chromium').toString().trim();
const server = spawn('node', ['serve.mjs', '../../dist', String(port)], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 800));
const base = `http://127.0.0.1:${port}/`;
const args = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];
const browser = await chromium.launch({ executablePath: exe, args });
const median = (v) => { const s = [...v].sort((a, b) => a - b); return s[s.length >> 1]; };
const SPIRAL = 'data=Spiral';
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  console.log(`chromium ${browser.version()}, ${new Date().toISOString()}`);
  const open = async (hash) => {
    await page.goto('about:blank');
    await page.goto(`${base}#${hash}`);
    await page.getByTestId('jobs-tab-search').click();
    await page.getByTestId('search').waitFor();
  };
  await open(SPIRAL);
  const all = Number(await page.getByTestId('jobs-workers').evaluate((s) => s.options[s.options.length - 1].value));
  console.log(`navigator.hardwareConcurrency = ${await page.evaluate(() => navigator.hardwareConcurrency)}: up to ${all} workers`);

  console.log(`\n== the default search (random, 20 trials x 100 epochs) on the spiral, ${runs} runs each ==`);
  for (const workers of [...new Set([1, all])]) {
    const rates = [];
    for (let i = 0; i < runs; i++) {
      await open(SPIRAL);
      await page.getByTestId('jobs-workers').selectOption(String(workers));
      const t0 = Date.now();
      await page.getByTestId('search-run').click();
      await page.waitForFunction(() => document.querySelector('[data-testid=job-status]')?.dataset.running === 'false'
        && Number(document.querySelector('[data-testid=job-status]').dataset.finished) > 0, null, { timeout: 300_000 });
      const secs = (Date.now() - t0) / 1000;
      const n = Number(await page.getByTestId('job-status').getAttribute('data-finished'));
      rates.push(n / secs);
      console.log(`  ${workers} worker(s), run ${i + 1}: ${n} trials in ${secs.toFixed(2)} s = ${(n / secs).toFixed(2)} trials/s (incl. starting the workers)`);
    }
    console.log(`  median, ${workers} worker(s): ${median(rates).toFixed(2)} trials/s`);
  }

  // frames/s: count requestAnimationFrame callbacks in 1-second windows
  const fps = (seconds) => page.evaluate((seconds) => new Promise((done) => {
    const wins = []; let n = 0; let t0 = performance.now(); const end = t0 + seconds * 1000;
    const tick = (t) => { n++; if (t - t0 >= 1000) { wins.push(n * 1000 / (t - t0)); n = 0; t0 = t; } if (t < end) requestAnimationFrame(tick); else done(wins); };
    requestAnimationFrame(tick);
  }), seconds);
  const seconds = Number(process.env.JOBS_SECONDS || 4);
  // a search may end within the window on a quiet machine: say so, and cancel only a running one
  const stillRunning = async () => page.getByTestId('job-cancel').isEnabled();
  const cancel = async () => {
    const running = await stillRunning();
    if (running) await page.getByTestId('job-cancel').click();
    return running ? '' : ' (the search had ended before the window closed)';
  };
  const longSearch = async () => {
    await page.getByTestId('jobs-workers').selectOption(String(all));
    await page.getByTestId('search-trials').selectOption('160');
    await page.getByTestId('search-epochs').selectOption('500');
    await page.getByTestId('search-run').click();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=job-status]')?.dataset.epochs) > 0, null, { timeout: 30_000 });
  };
  console.log(`\n== frames/s of the page (medians of 1-s windows over ${seconds} s) ==`);
  await open(SPIRAL);
  let w0 = await fps(seconds);
  console.log(`  nothing running, playground paused (this machine's baseline): median ${median(w0).toFixed(1)} (windows ${w0.map((x) => x.toFixed(0)).join(' ')})`);
  if (all > 1) {
    await page.getByTestId('jobs-workers').selectOption('1');
    await page.getByTestId('search-trials').selectOption('160');
    await page.getByTestId('search-epochs').selectOption('500');
    await page.getByTestId('search-run').click();
    w0 = await fps(seconds);
    const note = await cancel();
    console.log(`  search running (1 worker), playground paused: median ${median(w0).toFixed(1)} (windows ${w0.map((x) => x.toFixed(0)).join(' ')})${note}`);
  }
  await longSearch();
  let w = await fps(seconds);
  let note = await cancel();
  console.log(`  search running (${all} workers), playground paused: median ${median(w).toFixed(1)} (windows ${w.map((x) => x.toFixed(0)).join(' ')})${note}`);
  await open(`${SPIRAL}&speed=max`);
  await page.getByTestId('play').click();
  await longSearch();
  w = await fps(seconds);
  note = await cancel();
  console.log(`  search running (${all} workers), playground training at full speed: median ${median(w).toFixed(1)} (windows ${w.map((x) => x.toFixed(0)).join(' ')})${note}`);
  w = await fps(seconds);
  console.log(`  no search, playground training at full speed: median ${median(w).toFixed(1)} (windows ${w.map((x) => x.toFixed(0)).join(' ')})`);
} finally {
  await browser.close();
  server.kill();
}
