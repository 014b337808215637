// What the pictures as data (issue 27 item 3) cost while training: frames per second and
// epochs per second with every "… as text" disclosure open against all closed, alternating
// 4 s windows (this machine's speed drifts), medians per state. Printed, never asserted.
// Usage: node as_text_frames.mjs [port] [rounds]   (serves ../../dist; E2E_DIST=<dir> another build)
import { chromium } from '@playwright/test';
import { spawn, execSync } from 'node:child_process';

const port = Number(process.argv[2] || 8098);
const rounds = Number(process.argv[3] || 6);
const exe = process.env.CHROMIUM || execSync('command -v chromium').toString().trim();
const server = spawn('node', ['serve.mjs', process.env.E2E_DIST || '../../dist', String(port)], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 800));
const args = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];
const browser = await chromium.launch({ executablePath: exe, args });
const median = (v) => { const s = [...v].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const IDS = ['network-as-text', 'output-as-text', 'loss-as-text'];
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  // a larger network than the default (two hidden layers of 8: 2 tables of 8 rows)
  await page.goto(`http://127.0.0.1:${port}/#layers=8,8&data=Spiral`);
  await page.getByTestId('play').click();
  await page.waitForTimeout(3000); // warm up
  const epoch = async () => Number((await page.getByTestId('epoch').textContent()).replace(/,/g, ''));
  const window4s = async () => {
    const e0 = await epoch();
    const frames = await page.evaluate(() => new Promise((done) => {
      let n = 0; const t0 = performance.now();
      const tick = (t) => { n++; if (t - t0 < 4000) requestAnimationFrame(tick); else done(n / ((t - t0) / 1000)); };
      requestAnimationFrame(tick);
    }));
    return { fps: frames, eps: (await epoch() - e0) / 4 };
  };
  const setOpen = async (open) => {
    for (const id of IDS) {
      const d = page.getByTestId(id);
      if ((await d.getAttribute('open')) !== null !== open) await d.locator('summary').click();
    }
    if (open) await page.getByTestId('network-as-text-table').first().waitFor();
  };
  const res = { open: [], closed: [] };
  for (let r = 0; r < rounds; r++) {
    for (const open of r % 2 ? [true, false] : [false, true]) {
      await setOpen(open);
      const m = await window4s();
      res[open ? 'open' : 'closed'].push(m);
      console.log(`round ${r + 1}, ${open ? 'open  ' : 'closed'}: ${m.fps.toFixed(1)} frames/s, ${m.eps.toFixed(0)} epochs/s`);
    }
  }
  for (const k of ['closed', 'open']) {
    console.log(`${k}: median ${median(res[k].map((m) => m.fps)).toFixed(1)} frames/s, ${median(res[k].map((m) => m.eps)).toFixed(0)} epochs/s over ${res[k].length} windows of 4 s`);
  }
} finally {
  await browser.close();
  server.kill();
}
