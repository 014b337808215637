// Offline after one visit (issue 25, item 3): the service worker (sw.js, written into the build
// by scripts/sw_build.mjs) keeps the app; with the network off a reload opens it and every view
// trains; a new build replaces the old cache on the next online visit, and the page says so.
// The build is served from a copy on a port of its own, so that the "new build" (its sw.js with
// another cache name, as a rebuild writes) can be swapped in without touching dist/.
import { test, expect } from './fixtures.mjs';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const e2e = new URL('../', import.meta.url).pathname;
const dist = resolve(e2e, process.env.E2E_DIST || '../../dist');
const VIEWS = [
  ['tab-playground', 'play', 'epoch'],
  ['tab-conv', 'conv-play', 'conv-epoch'],
  ['tab-rnn', 'rnn-play', 'rnn-epoch'],
  ['tab-autoencoder', 'ae-play', 'ae-epoch'],
];

let dir, server, base;
test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'neuralscope-offline-'));
  cpSync(dist, dir, { recursive: true });
  const port = await new Promise((res) => {
    const s = createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)); });
  });
  server = spawn('node', [join(e2e, 'serve.mjs'), dir, String(port)], { stdio: 'ignore' });
  base = `http://127.0.0.1:${port}/`;
  await expect.poll(() => fetch(base).then((r) => r.ok, () => false), { timeout: 20_000 }).toBe(true);
});
test.afterAll(() => {
  server?.kill();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const cacheNames = (page) => page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('neuralscope-')));

async function everyViewTrains(page) {
  for (const [tab, play, epoch] of VIEWS) {
    await page.getByTestId(tab).click();
    if (tab === 'tab-conv') await expect(page.getByTestId('conv-status')).toHaveCount(0, { timeout: 30_000 });
    const count = async () => Number((await page.getByTestId(epoch).textContent()).replace(/[,\s]/g, ''));
    const before = await count();
    await page.getByTestId(play).click();
    await expect.poll(count, { timeout: 30_000, message: `${tab}: the epoch rises after Play, offline` }).toBeGreaterThan(before + 2);
    await page.getByTestId(play).click();
  }
}

test('after one visit the app opens and every view trains with the network off; a new build replaces the cache and says so', async ({ page, context }) => {
  test.setTimeout(180_000);
  const sw = readFileSync(join(dir, 'sw.js'), 'utf8');
  const name = sw.match(/const CACHE = "(neuralscope-[0-9a-f]{16})"/)?.[1];
  expect(name, 'sw.js names its cache after the build').toBeTruthy();

  await page.goto(base);
  await expect(page.getByTestId('play')).toBeVisible();
  // the worker installs (every file of the build in its cache) and takes the page over
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 60_000 });
  expect(await cacheNames(page)).toEqual([name]);
  // the page's own request starts while the worker starts (navigation preload; it answers the page network-first)
  expect(await page.evaluate(async () => (await navigator.serviceWorker.ready).navigationPreload?.getState()), 'navigation preload')
    .toMatchObject({ enabled: true });

  await context.setOffline(true);
  await page.reload();
  expect(await page.evaluate(() => navigator.onLine), 'the network is off').toBe(false);
  await expect(page.getByTestId('tab-playground')).toBeVisible();
  await everyViewTrains(page);
  await expect(page.getByTestId('sw-notice')).toHaveCount(0);

  // a new build: its sw.js names another cache (scripts/sw_build.mjs hashes the files)
  const next = `${name.slice(0, -4)}beef`;
  writeFileSync(join(dir, 'sw.js'), sw.replace(name, next));
  await context.setOffline(false);
  await page.reload();
  const notice = page.getByTestId('sw-notice');
  await expect(notice).toBeVisible({ timeout: 60_000 });
  await expect(notice).toContainText('NeuralScope was updated');
  await expect.poll(() => cacheNames(page), { message: 'the old cache is gone' }).toEqual([next]);
  await notice.getByRole('button', { name: 'OK' }).click();
  await expect(notice).toHaveCount(0);

  // and the new cache serves the app offline too
  await context.setOffline(true);
  await page.reload(); // on the autoencoder view, the last one trained: its link is in the address
  await expect(page.getByTestId('ae-play')).toBeVisible();
  await everyViewTrains(page);
});

test('the web app manifest makes the app installable: name, start URL, standalone, icons 192 and 512 (maskable too)', async ({ page }) => {
  await page.goto(base);
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  const url = new URL(href, base);
  const manifest = await (await fetch(url)).json();
  expect(manifest.name).toContain('NeuralScope');
  expect(new URL(manifest.start_url, url).href).toBe(base);
  expect(manifest.display).toBe('standalone');
  expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/);
  for (const [size, purpose] of [[192, 'any'], [512, 'any'], [192, 'maskable'], [512, 'maskable']]) {
    const icon = manifest.icons.find((i) => i.sizes === `${size}x${size}` && i.purpose === purpose);
    expect(icon, `a ${purpose} icon of ${size} px`).toBeTruthy();
    const png = Buffer.from(await (await fetch(new URL(icon.src, url))).arrayBuffer());
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([size, size]);
  }
});

// The language tables are files of the build (i18n/es.txt, i18n/de.txt), not part of the wasm:
// an English page fetches neither; a Spanish page fetches its own before it mounts (its first
// frame is in Spanish), and after one visit it opens in Spanish with the network off.
test('an English page fetches no language table; a Spanish one fetches its own and opens in Spanish offline after one visit', async ({ page, context }) => {
  test.setTimeout(120_000);
  const tables = [];
  page.on('request', (r) => { if (new URL(r.url()).pathname.includes('/i18n/')) tables.push(new URL(r.url()).pathname); });
  await page.goto(base);
  await expect(page.getByTestId('play')).toHaveAttribute('aria-label', 'Play');
  expect(tables, 'an English page downloads no table').toEqual([]);

  await page.goto(`${base}#lang=es`);
  await page.reload();
  await expect(page.getByTestId('play')).toHaveAttribute('aria-label', 'Reproducir');
  // (once for the page, and again where the service worker passes the request on)
  expect([...new Set(tables)], 'a Spanish page downloads its own table only').toEqual(['/i18n/es.txt']);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 60_000 });
  // the worker's cache holds both tables (a later visit in German offline finds its own too)
  const kept = await page.evaluate(async () => {
    const names = (await caches.keys()).filter((k) => k.startsWith('neuralscope-'));
    const cache = await caches.open(names[0]);
    return (await cache.keys()).map((r) => new URL(r.url).pathname).filter((p) => p.includes('/i18n/')).sort();
  });
  expect(kept).toEqual(['/i18n/de.txt', '/i18n/es.txt']);

  await context.setOffline(true);
  await page.reload();
  expect(await page.evaluate(() => navigator.onLine), 'the network is off').toBe(false);
  await expect(page.getByTestId('play')).toHaveAttribute('aria-label', 'Reproducir');
  expect(await page.evaluate(() => document.documentElement.lang)).toBe('es');
  await expect(page.getByTestId('lang')).toHaveValue('es');
  const count = async () => Number((await page.getByTestId('epoch').textContent()).replace(/[.,\s]/g, ''));
  const before = await count();
  await page.getByTestId('play').click();
  await expect.poll(count, { timeout: 30_000, message: 'the epoch rises after Play, offline, in Spanish' }).toBeGreaterThan(before + 2);
  await page.getByTestId('play').click();
  await context.setOffline(false);
});

// The update notice is written by assets/sw-register.js, outside the wasm's language tables: it
// speaks the page's language too (issue 26 item 5: every notice in every language).
test('the update notice speaks the page\'s language', async ({ page }) => {
  test.setTimeout(120_000);
  const sw = readFileSync(join(dir, 'sw.js'), 'utf8');
  const name = sw.match(/const CACHE = "(neuralscope-[0-9a-f]{16})"/)?.[1];
  await page.goto(`${base}#lang=de`);
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 60_000 });
  writeFileSync(join(dir, 'sw.js'), sw.replace(name, `${name.slice(0, -4)}d0d0`));
  await page.reload();
  const notice = page.getByTestId('sw-notice');
  await expect(notice).toBeVisible({ timeout: 60_000 });
  await expect(notice).toContainText('NeuralScope wurde aktualisiert');
  await expect(notice.getByRole('button')).toHaveText('OK');
});

test('the service worker is registered only after the page\'s own wasm has come, both its parts (its install fetches the whole build: it must not share the first visit\'s link)', async ({ page, context }) => {
  // each part of the page's wasm held back 1.5 s: registered at `load` (an older build), the
  // worker came first; registered once the first part was in (the build before the split's loader
  // was waited for), it came before the later part
  await context.route(/neuralscope-(later-)?[0-9a-f]+_bg\.wasm$/, async (route) => {
    await new Promise((r) => setTimeout(r, 1500));
    await route.continue();
  });
  await page.addInitScript(() => {
    window.__registered = null;
    const poll = async () => {
      if (await navigator.serviceWorker?.getRegistration()) window.__registered = performance.now();
      else setTimeout(poll, 20);
    };
    poll();
  });
  await page.goto(base);
  await expect(page.getByTestId('play')).toBeVisible();
  await page.waitForFunction(() => window.__registered !== null, null, { timeout: 30_000 });
  const [registered, wasm, later] = await page.evaluate(() => [window.__registered,
    ...[/neuralscope-[0-9a-f]+_bg\.wasm$/, /neuralscope-later-[0-9a-f]+_bg\.wasm$/]
      .map((re) => performance.getEntriesByType('resource').find((e) => re.test(e.name))?.responseEnd)]);
  expect(wasm, 'the wasm was fetched').toBeGreaterThan(1500);
  expect(later, 'the later part was fetched after the first').toBeGreaterThan(wasm);
  expect(registered, `registered at ${registered?.toFixed(0)} ms, the wasm in at ${wasm?.toFixed(0)} ms`).toBeGreaterThan(wasm);
  expect(registered, `registered at ${registered?.toFixed(0)} ms, the later part in at ${later?.toFixed(0)} ms`).toBeGreaterThan(later);
});
