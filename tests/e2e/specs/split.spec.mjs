// Issue 25 item 4, the first epoch on a classroom link: the page wasm comes in two parts
// (scripts/split_wasm.mjs). The first holds what a first visit runs up to its first epochs
// (scripts/split/first.txt); the later part, the rest, is fetched in the background once the
// first runs, or before the app starts when a link opens a lab; a call into the later part
// before it has come fetches it at once (scripts/split_loader.js). Waits for states, not times.
import { test, expect } from './fixtures.mjs';

const STALE = 'a function a first visit runs is in the later part (its placeholder is named in '
  + 'target/split/first.wasm.placeholders by table index): run `make split-profile` and commit scripts/split/first.txt';

// the later part's file
const LATER = /neuralscope-later-[0-9a-f]+_bg\.wasm$/;
const stats = (page) => page.evaluate(() => globalThis.__nsLaterStats);
const epoch = (page, id) => page.waitForFunction((id) => Number(document.querySelector(`[data-testid=${id}]`)?.textContent.replace(/\D/g, '') || 0) > 0, id);
const parts = (page) => page.evaluate(() => performance.getEntriesByType('resource')
  .filter((e) => /neuralscope-(later-)?[0-9a-f]+_bg\.wasm$/.test(e.name))
  .map((e) => ({ later: /neuralscope-later-/.test(e.name), bytes: e.decodedBodySize, start: e.startTime })));

// Holds the page's background fetch of the later part until the returned function is called
// (the synchronous fetch, an XHR, goes through).
async function holdLater(page) {
  let release;
  const held = new Promise((ok) => { release = ok; });
  await page.route(LATER, async (route) => {
    if (route.request().resourceType() === 'fetch') await held;
    await route.continue();
  });
  return release;
}

for (const [name, hash] of [
  ['the default page', '/'],
  ['the big case (spiral, 7 inputs, 6x8 tanh)', '/#data=Spiral&n=500&noise=0&train=50&features=X1,X2,X1Squared,X2Squared,X1TimesX2,SinX1,SinX2&layers=8,8,8,8,8,8&acts=Tanh&out=Tanh&loss=Mse&lr=0.03&batch=10'],
  ['the page in German', '/#lang=de'],
]) {
  test(`${name}: a first visit trains on the first part alone; the later part comes in the background`, async ({ page }) => {
    // the background fetch of the later part held until the page has trained for 60 frames:
    // whatever the first visit runs meanwhile must be in the first part (else it is fetched at once)
    const release = await holdLater(page);
    // (the frame's own goto: the fixture's waits for the playground's later panels, which wait for the later part)
    await page.mainFrame().goto(hash);
    await page.getByTestId('play').click();
    await epoch(page, 'epoch');
    await page.evaluate(() => new Promise((done) => {
      let n = 0;
      const frame = () => (++n >= 60 ? done() : requestAnimationFrame(frame));
      requestAnimationFrame(frame);
    }));
    let s = await stats(page);
    expect(s.sync, `${STALE} (index ${s.first})`).toBe(0);
    expect(s.async, 'the later part is still held').toBe(0);
    release();
    await page.evaluate(() => globalThis.__nsLater);
    s = await stats(page);
    expect(s).toMatchObject({ sync: 0, async: 1, failed: null });
    const p = await parts(page);
    const first = p.find((x) => !x.later), later = p.find((x) => x.later);
    expect(first && later, `both parts were fetched: ${JSON.stringify(p)}`).toBeTruthy();
    console.log(`${name}: first part ${(first.bytes / 1024).toFixed(0)} KB, later part ${(later.bytes / 1024).toFixed(0)} KB`);
    expect(first.bytes, 'the first part is well under half of the code').toBeLessThan(0.5 * (first.bytes + later.bytes));
    // the later part's panels mounted, and work
    await expect(page.getByTestId('inspector')).toBeVisible();
    await expect(page.getByTestId('loss-chart')).toBeVisible();
    await page.getByTestId('tab-conv').click();
    await page.getByTestId('conv-play').click();
    await epoch(page, 'conv-epoch');
    expect((await stats(page)).sync).toBe(0);
  });
}

test('a link to a lab fetches the later part before the app starts', async ({ page }) => {
  await page.goto('/#view=rnn');
  await expect(page.getByTestId('rnn-play')).toBeVisible();
  const s = await stats(page);
  expect(s.async, 'the later part was in before the lab mounted').toBe(1);
  expect(s.sync).toBe(0);
  await page.getByTestId('rnn-play').click();
  await epoch(page, 'rnn-epoch');
  expect((await stats(page)).sync).toBe(0);
});

test('a call into the later part before it has come fetches it at once: the lab opens and trains, the playground follows', async ({ page }) => {
  // the background fetch of the later part is held until the lab has opened
  const release = await holdLater(page);
  // (the frame's own goto: the fixture's waits for the playground's later panels, which wait for the later part)
  await page.mainFrame().goto('/');
  await page.getByTestId('tab-conv').click();
  await page.getByTestId('conv-play').click();
  await epoch(page, 'conv-epoch');
  let s = await stats(page);
  expect(s.sync, 'the lab fetched the later part at once').toBe(1);
  expect(s.async).toBe(0);
  release();
  // the background fetch completes, and finds the later part in: nothing is instantiated twice
  await page.waitForFunction(() => globalThis.__nsLater && globalThis.__nsLaterStats);
  await page.evaluate(() => globalThis.__nsLater);
  s = await stats(page);
  expect(s).toMatchObject({ sync: 1, async: 0, failed: null });
  await page.getByTestId('tab-playground').click();
  await page.getByTestId('play').click();
  await epoch(page, 'epoch');
  await expect(page.getByTestId('loss-chart')).toBeVisible();
});

// A page without the fixture's check for errors (the errors a test causes are what it checks):
// the page, and the console errors and page errors it shows.
async function rawPage(browser) {
  const page = await browser.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  return { page, errors };
}

test('a damaged later part is refused, by the background fetch and by the fetch at once', async ({ browser }) => {
  const { page, errors } = await rawPage(browser);
  // every request for the later part gets its bytes with one changed
  await page.route(LATER, async (route) => {
    const response = await route.fetch();
    const body = await response.body();
    body[body.length >> 1] ^= 0xff;
    await route.fulfill({ response, body });
  });
  await page.goto('/');
  await page.waitForFunction(() => globalThis.__nsLaterStats?.failed);
  let s = await stats(page);
  expect(s.async, 'the damaged part was not taken in the background').toBe(0);
  expect(errors.join('\n'), 'the browser says why').toMatch(/integrity/i);
  // a call into the later part now fetches it at once, and refuses it too
  await page.getByTestId('tab-conv').click();
  await expect.poll(() => errors.join('\n')).toMatch(/came damaged/);
  // the page says so, and offers to reload (it is not left silently half-done)
  await expect(page.getByTestId('panic-banner')).toContainText(/came damaged.*Reloading/);
  await expect(page.getByTestId('panic-reload')).toBeVisible();
  s = await stats(page);
  expect(s.sync, 'the damaged part was not taken at once').toBe(0);
  await page.close();
});

// the banner in the page's language: the wasm gives the loader its words (window.nsBannerWords)
const CANNOT_COME = {
  en: [/could not load the rest of its code.*Reloading/, 'Reload'],
  es: [/no pudo cargar el resto de su código.*Al recargar/, 'Recargar'],
};
for (const [lang, [said, reload]] of Object.entries(CANNOT_COME)) {
  test(`a lab link whose later part cannot come says so at once, not after the retries (${lang})`, async ({ browser }) => {
    const { page, errors } = await rawPage(browser);
    // the network drops after the first part: every request for the later part fails
    await page.route(LATER, (route) => route.abort('internetdisconnected'));
    await page.goto(`/#view=conv&lang=${lang}`);
    await expect(page.getByTestId('panic-banner')).toContainText(said);
    await expect(page.getByTestId('panic-reload')).toHaveText(reload);
    // on a phone the message wraps (a long file name in it) and the button stays on the screen
    await page.setViewportSize({ width: 390, height: 844 });
    const box = await page.getByTestId('panic-reload').boundingBox();
    expect(box.x + box.width, 'the Reload button is on a phone\'s screen').toBeLessThanOrEqual(390);
    // the background fetch is still trying again (1, 2, 4, 8 s): the app did not wait for it
    const settled = await page.evaluate(() => Promise.race([globalThis.__nsLater.then(() => 'gave up'), new Promise((r) => setTimeout(() => r('still trying'), 0))]));
    expect(settled).toBe('still trying');
    // the console keeps the English words, for whoever reads it
    expect(errors.join('\n')).toMatch(/could not load the rest of its code/);
    await page.close();
  });
}
