// Which of the page's wasm functions a first visit runs (issue 25 item 4: the first epoch on a
// classroom link), written to scripts/split/first.txt, the list scripts/split_wasm.mjs keeps
// in the page wasm's first part. Run by `make split-profile` after a release build (dist/ and
// target/split/, which split_wasm.mjs keeps: the whole module with its names, and the glue).
// It instruments the whole module (`wasm-split --instrument`), serves dist/ with it in place of
// the first part, and drives it in headless Chromium as a first visit does, for each case
// below: open the page, press Play as soon as it can be, train for TRAIN_MS after the first
// epoch, then read the module's profile (which functions ran). The panels a first visit mounts
// later wait for the split loader's promise (src/ui/later.rs), which this never settles: their
// code is left to the later part. e2e/split.spec.mjs fails when the list has gone stale.
import { chromium } from '@playwright/test';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync, execSync, spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FEATURES, binaryenTools, functionNames, repairTableExports } from '../../scripts/wasm_module.mjs';

const root = resolve('../..');
const { wasmOpt, wasmSplit } = binaryenTools(root);
const split = join(root, 'target', 'split');
const tmp = mkdtempSync(join(tmpdir(), 'split-profile-'));
const dist = join(tmp, 'dist');
cpSync(join(root, 'dist'), dist, { recursive: true });
// the build target/split/ is of (split_wasm.mjs notes it) must be the one in dist/
const { wasmFile } = JSON.parse(readFileSync(join(split, 'build.json'), 'utf8'));
if (!existsSync(join(dist, wasmFile))) throw new Error(`dist/ has no ${wasmFile}: dist/ and target/split/ are of different builds (run make build)`);
const glue = readFileSync(join(split, 'glue.js'), 'utf8');
execFileSync(wasmOpt, ['--strip-debug', ...FEATURES, join(split, 'whole.wasm'), '-o', join(tmp, 'whole.wasm')]);
execFileSync(wasmSplit, ['--instrument', ...FEATURES, join(tmp, 'whole.wasm'), '-o', join(tmp, 'instr.wasm')]);
writeFileSync(join(dist, wasmFile), repairTableExports(readFileSync(join(tmp, 'instr.wasm'))));
writeFileSync(join(dist, wasmFile.replace(/_bg\.wasm$/, '.js')), glue);
writeFileSync(join(dist, 'index.html'), readFileSync(join(dist, 'index.html'), 'utf8').replace(/ integrity="[^"]*"/g, ''));

const TRAIN_MS = Number(process.env.TRAIN_MS || 2500);
const port = Number(process.env.PROFILE_PORT || 8131);
// What a first visit opens: the default page, the playground as the benches and lessons open
// it, and in the two other languages; a link to another view fetches the later part first.
const CASES = [
  '',
  '#speed=max',
  '#data=Spiral&n=500&noise=0&train=50&features=X1,X2,X1Squared,X2Squared,X1TimesX2,SinX1,SinX2&layers=8,8,8,8,8,8&acts=Tanh&out=Tanh&loss=Mse&lr=0.03&batch=10&speed=max',
  '#lang=de',
  '#lang=es',
];

const server = spawn('node', [resolve('serve.mjs'), dist, String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
await new Promise((ok) => server.stdout.once('data', ok));
const exe = process.env.CHROMIUM || execSync('command -v chromium').toString().trim();
const browser = await chromium.launch({
  executablePath: exe,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
});
let merged = null;
try {
  for (const hash of CASES) {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, serviceWorkers: 'block' });
    const page = await ctx.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.addInitScript(() => {
      globalThis.__nsLater = new Promise(() => {});
      addEventListener('TrunkApplicationStarted', (e) => { globalThis.__nsWasm = e.detail.wasm; });
    });
    await page.goto(`http://127.0.0.1:${port}/${hash}`);
    await page.waitForFunction(() => globalThis.__nsWasm && document.querySelector('[data-testid=play]'), null, { timeout: 60_000 });
    await page.click('[data-testid=play]');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=epoch]')?.textContent.replace(/\D/g, '') || 0) > 0, null, { timeout: 60_000 });
    await page.waitForTimeout(TRAIN_MS);
    const bytes = await page.evaluate(() => {
      const w = globalThis.__nsWasm;
      const size = w.__write_profile(0, 0);
      const at = w.__wbindgen_malloc(size, 1);
      w.__write_profile(at, size);
      return Array.from(new Uint8Array(w.memory.buffer, at, size));
    });
    if (errors.length) throw new Error(`${hash || '(default page)'}: ${errors.join('; ')}`);
    await ctx.close();
    // the profile: the module's 8-byte hash, then one u32 a function (its first call's order, 0 = never)
    const p = Buffer.from(bytes);
    if (!merged) merged = p;
    else {
      if (!p.subarray(0, 8).equals(merged.subarray(0, 8))) throw new Error('the profiles are of different modules');
      for (let i = 8; i + 4 <= p.length; i += 4) {
        if (merged.readUInt32LE(i) === 0 && p.readUInt32LE(i) !== 0) merged.writeUInt32LE(p.readUInt32LE(i), i);
      }
    }
    let ran = 0;
    for (let i = 8; i + 4 <= p.length; i += 4) ran += p.readUInt32LE(i) !== 0;
    console.log(`split_profile: ${hash || '(default page)'}: ${ran} of ${(p.length - 8) / 4} functions ran`);
  }
  // the names of the functions that ran, from the whole module's name section
  const { imported, defined, names } = functionNames(readFileSync(join(split, 'whole.wasm')));
  if ((merged.length - 8) / 4 !== defined) throw new Error(`the profile has ${(merged.length - 8) / 4} functions, the module ${defined}`);
  const ran = [];
  for (let i = 0; i < defined; i++) {
    if (merged.readUInt32LE(8 + 4 * i) !== 0 && names.has(imported + i)) ran.push(names.get(imported + i));
  }
  ran.sort();
  writeFileSync(join(root, 'scripts', 'split', 'first.txt'), ran.join('\n') + '\n');
  console.log(`split_profile: scripts/split/first.txt lists ${ran.length} of ${defined} functions`);
} finally {
  await browser.close();
  server.kill();
  rmSync(tmp, { recursive: true, force: true });
}
