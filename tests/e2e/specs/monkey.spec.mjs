// Random use (issue 14): a seeded sequence of random UI actions in every view
// (the playground, the convolution lab, the recurrent and autoencoder views): clicks on every button, numbers
// typed including garbage (empty, "-", 1e999, NaN, letters, 40-digit numbers),
// selects, sliders, check boxes, canvas clicks and drags, keyboard keys, view
// switches, window resizes down to 800×600, links pasted into the tab, and
// back/forward. Every 100 actions: no panic banner, no console error, no NaN
// or "undefined" text anywhere on the page, the epoch counter is a number, and
// the page still trains when play is pressed.
//
// MONKEY_ACTIONS sets the length (make test: 2,000; make bench: 10,000), SEED
// the seed. A failure prints the seed and the last 20 actions. (The page's
// timing — how far training got between two actions — is not seeded, so a
// replay takes the same actions on a page that may differ slightly.)
import { test, expect, shot } from './fixtures.mjs';
import { rng, seedFromEnv } from './rng.mjs';
import { writeFileSync } from 'node:fs';
import { nameClosureOwners } from './closure_owner.mjs';

const SEED = seedFromEnv(20261202);
const ACTIONS = Number(process.env.MONKEY_ACTIONS || 2000);
const CHECK_EVERY = 100;

const NUMBERS = ['', '-', '1e999', '-1e999', 'NaN', 'abc', 'Infinity', '1234567890123456789012345678901234567890', '0', '-0',
  '0.5', '3', '-7', '100', '1e-9', '2.5', '0,3', '٣', ' ', '1e308', '0x10', '.', '-.', '99999'];
const KEYS = ['Space', 'Enter', 'Escape', 'Tab', 'Shift+Tab', 'ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End',
  'PageUp', 'PageDown', 'r', 's', 'p', '1', '0', 'Backspace', 'Delete'];
const SIZES = [[800, 600], [1024, 768], [1280, 800], [1440, 900], [1920, 1080], [820, 1180], [1100, 640]];
const LINKS = ['#data=Spiral&layers=8,8&lr=0.1', '#view=conv', '#acts=Relu&lr=10&data=RegressPlane&out=Identity',
  '#layers=&acts=', '#lr=abc&layers=99', '#data=ThreeBlobs&out=Softmax&loss=CrossEntropy', '#speed=1&batch=1',
  '#view=conv&view=playground', '#zzz=1', '#layers=8,8,8,8,8,8,8,8&features=X1,X2,X1Squared,X2Squared,X1TimesX2,SinX1,SinX2'];

/** Tags every visible, usable control of the page with data-monkey=i and returns their kinds. */
const survey = (page) => page.evaluate(() => {
  document.querySelectorAll('[data-monkey]').forEach((e) => e.removeAttribute('data-monkey'));
  const sel = 'button, select, input, summary, canvas, [role=button], [tabindex]';
  const out = [];
  for (const e of document.querySelectorAll(sel)) {
    const r = e.getBoundingClientRect();
    if (r.width < 2 || r.height < 2 || e.disabled) continue;
    // the language menu reloads the page in another language, whose words this suite's
    // checks (the Pause label, the epoch's digits) do not read: languages.spec covers it
    if (e.dataset.testid === 'lang') continue;
    if (r.bottom < 0 || r.top > innerHeight || r.right < 0 || r.left > innerWidth) continue;
    const st = getComputedStyle(e);
    if (st.visibility === 'hidden' || st.display === 'none' || st.pointerEvents === 'none') continue;
    const tag = e.tagName.toLowerCase();
    const kind = tag === 'input' ? (e.type || 'text') : tag;
    e.setAttribute('data-monkey', String(out.length));
    out.push({ kind, id: e.dataset.testid || e.getAttribute('aria-label') || e.textContent.trim().slice(0, 20), x: r.left, y: r.top, w: r.width, h: r.height });
  }
  return out;
});

/** What the page currently shows, for the every-100 check. */
const snapshot = (page) => page.evaluate(() => {
  const text = document.body.innerText.replace(/“[^”]*”/g, '“…”'); // the user's own typing, quoted back, is not the page's
  const ep = document.querySelector('[data-testid=epoch]') || document.querySelector('[data-testid=conv-epoch]')
    || document.querySelector('[data-testid=rnn-epoch]') || document.querySelector('[data-testid=ae-epoch]');
  return {
    banner: document.getElementById('panic-banner') !== null,
    bad: (text.match(/.{0,40}\b(NaN|undefined)\b.{0,40}/) || [null])[0],
    epoch: ep ? ep.textContent : null,
    view: document.querySelector('[data-testid=conv-lab]') ? 'conv' : document.querySelector('[data-testid=rnn-lab]') ? 'rnn'
      : document.querySelector('[data-testid=ae-lab]') ? 'autoencoder'
      : document.querySelector('[data-testid=play]') ? 'playground' : 'other',
  };
});

/** Presses play in the current view and waits for the epoch to move (a stopped or absurd run is reset to sane settings first). */
async function stillTrains(page, view) {
  await page.keyboard.press('Escape');
  // "Prepare for class" may have hidden the controls this check sets: show every group again
  await page.evaluate(() => document.querySelectorAll('input[data-testid^="prepare-show-"]').forEach((b) => { if (!b.checked) b.click(); }));
  if (view === 'conv') {
    const epoch = async () => Number((await page.getByTestId('conv-epoch').textContent()).replace(/\D/g, ''));
    const play = page.getByTestId('conv-play');
    if (/pause/i.test(await play.textContent())) await play.click();
    await page.getByTestId('conv-lr').selectOption('0.01');
    await page.getByTestId('conv-reset').click();
    await expect(page.getByTestId('conv-status')).toHaveCount(0, { timeout: 15_000 });
    const e0 = await epoch();
    await play.click();
    await expect.poll(epoch, { message: 'the lab trains when play is pressed', timeout: 15_000 }).toBeGreaterThan(e0);
    await play.click();
    return;
  }
  if (view === 'autoencoder') {
    const epoch = async () => Number((await page.getByTestId('ae-epoch').textContent()).replace(/\D/g, ''));
    const play = page.getByTestId('ae-play');
    if ((await play.getAttribute('aria-label')) === 'Pause') await play.click();
    await page.getByTestId('ae-lr').selectOption('0.01');
    await page.getByTestId('ae-optimizer').selectOption('Adam');
    await page.getByTestId('ae-activation').selectOption('Tanh');
    await page.getByTestId('ae-reset').click();
    await expect(page.getByTestId('ae-status')).toHaveCount(0, { timeout: 15_000 });
    const e0 = await epoch();
    await play.click();
    await expect.poll(epoch, { message: 'the autoencoder trains when play is pressed', timeout: 15_000 }).toBeGreaterThan(e0);
    await play.click();
    return;
  }
  if (view === 'rnn') {
    const epoch = async () => Number((await page.getByTestId('rnn-epoch').textContent()).replace(/\D/g, ''));
    const play = page.getByTestId('rnn-play');
    if ((await play.getAttribute('aria-label')) === 'Pause') await play.click();
    // a sane rate and optimizer, and new weights (the monkey may have left a diverged run or k ≥ steps)
    await page.getByTestId('rnn-lr').selectOption('0.03');
    await page.getByTestId('rnn-optimizer').selectOption('Adam');
    await page.getByTestId('rnn-task').selectOption('parity');
    await page.getByTestId('rnn-reset').click();
    await expect(page.getByTestId('rnn-status')).toHaveCount(0, { timeout: 15_000 });
    const e0 = await epoch();
    await play.click();
    await expect.poll(epoch, { message: 'the recurrent view trains when play is pressed', timeout: 15_000 }).toBeGreaterThan(e0);
    await play.click();
    return;
  }
  const epochNow = async () => Number((await page.getByTestId('epoch').textContent()).replace(/,/g, ''));
  const play = page.getByTestId('play');
  if ((await play.getAttribute('aria-label')) === 'Pause') await play.click();
  if (await page.getByTestId('train-error').count()) await page.getByTestId('error-reset').click();
  const e0 = await epochNow();
  await play.click();
  let moved = await expect.poll(epochNow, { timeout: 3_000 }).toBeGreaterThan(e0).then(() => true, () => false);
  if (!moved) {
    // stopped at once (an absurd rate, a step activation, features whose squares make 0.03 too
    // high for a linear model, as the page rightly says): the smallest rate offered, tanh and a
    // reset, then it must train
    if ((await play.getAttribute('aria-label')) === 'Pause') await play.click();
    // a lesson may hide these controls (and pause at its goal): leave it first
    if (await page.getByTestId('lesson-leave').isVisible()) await page.getByTestId('lesson-leave').click();
    const rates = page.getByTestId('learning-rate');
    const smallest = await rates.evaluate((s) => [...s.options].map((o) => o.value).filter((v) => Number(v) > 0).sort((a, b) => a - b)[0]);
    await rates.selectOption(smallest, { timeout: 5_000 });
    await page.getByTestId('activation').selectOption({ label: 'tanh' }, { timeout: 5_000 });
    await page.getByTestId('reset').click();
    await play.click();
    moved = await expect.poll(epochNow, { timeout: 10_000 }).toBeGreaterThan(0).then(() => true, () => false);
    expect(moved, `the playground trains when play is pressed (after a reset at learning rate ${smallest}, tanh)`).toBe(true);
  }
  if ((await play.getAttribute('aria-label')) === 'Pause') await play.click();
}

test(`monkey: ${ACTIONS} random actions in every view, checked every ${CHECK_EVERY} (seed ${SEED})`, async ({ page }) => {
  test.setTimeout(120_000 + ACTIONS * 400);
  console.log(`monkey: seed ${SEED}, ${ACTIONS} actions (replay with SEED=${SEED} MONKEY_ACTIONS=${ACTIONS})`);
  const r = rng(SEED);
  const errors = [];
  const consoleLog = [];
  page.on('console', (m) => {
    consoleLog.push(`${m.type()}: ${m.text().slice(0, 2000)}`);
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => {
    errors.push(`pageerror: ${e.message}`);
    consoleLog.push(`pageerror stack: ${(e.stack || '').slice(0, 1500)}`); // which browser API made the call
  });
  page.on('dialog', (d) => d.dismiss().catch(() => {}));
  await nameClosureOwners(page);
  await page.goto('/');
  await page.getByTestId('play').waitFor();
  const log = [];
  let pushed = 0; // history entries the monkey added (links pasted), so back stays in the app
  let back = 0;
  const counts = {};
  const act = async (i) => {
    const roll = r.next();
    let what;
    if (roll < 0.03) {
      const [w, h] = r.pick(SIZES);
      what = `resize ${w}x${h}`;
      await page.setViewportSize({ width: w, height: h });
    } else if (roll < 0.06) {
      const tab = r.pick(['tab-playground', 'tab-conv', 'tab-rnn', 'tab-autoencoder']);
      what = `view ${tab}`;
      await page.getByTestId(tab).click({ timeout: 2_000 });
    } else if (roll < 0.08) {
      const link = r.pick(LINKS);
      what = `paste link ${link}`;
      await page.evaluate((h) => { location.hash = h; }, link);
      pushed += 1;
    } else if (roll < 0.10) {
      if (r.chance(0.5) && back < pushed) {
        what = 'back';
        await page.goBack({ timeout: 5_000 });
        back += 1;
      } else if (back > 0) {
        what = 'forward';
        await page.goForward({ timeout: 5_000 });
        back -= 1;
      } else {
        what = 'back (nothing to go back to: skipped)';
      }
    } else if (roll < 0.18) {
      const key = r.pick(KEYS);
      what = `key ${key}`;
      await page.keyboard.press(key);
    } else {
      const els = await survey(page);
      if (!els.length) return 'nothing to act on';
      const n = r.int(0, els.length - 1);
      const e = els[n];
      const loc = page.locator(`[data-monkey="${n}"]`);
      const at = (fx, fy) => [e.x + e.w * fx, e.y + e.h * fy];
      if (e.kind === 'select') {
        const options = await loc.evaluate((s) => [...s.options].map((o) => o.value));
        if (!options.length) return `select ${e.id} (no options: skipped)`;
        const v = r.pick(options);
        what = `select ${e.id} = ${v}`;
        await loc.selectOption(v, { timeout: 2_000 });
      } else if (e.kind === 'range') {
        const k = r.pick(['ArrowLeft', 'ArrowRight', 'Home', 'End', 'PageUp']);
        what = `slider ${e.id} ${k}`;
        await loc.focus();
        await page.keyboard.press(k);
      } else if (['text', 'number', 'search', ''].includes(e.kind)) {
        const v = r.pick(NUMBERS);
        const end = r.pick(['Enter', 'Tab', 'Escape']);
        what = `type "${v}" + ${end} into ${e.id}`;
        // typed key by key, as a user does (number inputs take what the browser lets through)
        await loc.focus({ timeout: 2_000 });
        await page.keyboard.press('Control+A');
        await page.keyboard.press('Backspace');
        if (v) await page.keyboard.type(v);
        await page.keyboard.press(end);
      } else if (e.kind === 'canvas') {
        const [x, y] = at(r.next(), r.next());
        if (r.chance(0.3)) {
          const [x2, y2] = at(r.next(), r.next());
          what = `drag on ${e.id} (${x.toFixed(0)},${y.toFixed(0)})→(${x2.toFixed(0)},${y2.toFixed(0)})`;
          await page.mouse.move(x, y);
          await page.mouse.down();
          await page.mouse.move(x2, y2, { steps: 4 });
          await page.mouse.up();
        } else {
          what = `click on ${e.id} at (${x.toFixed(0)},${y.toFixed(0)})`;
          await page.mouse.click(x, y);
        }
      } else {
        const [x, y] = at(0.5, 0.5);
        what = `click ${e.kind} ${e.id}`;
        await page.mouse.click(x, y);
      }
    }
    return what;
  };
  try {
    for (let i = 1; i <= ACTIONS; i++) {
      let what;
      try {
        what = await act(i);
      } catch (e) {
        // an element that went away between the survey and the action is not a failure of the page
        // (a key on the focused language menu reloads the page in another language: the
        // survey then meets a navigation, and the page is back in English before the next check)
        if (!/Timeout|detached|not attached|not visible|not an HTMLSelectElement|outside of the viewport|Target closed|intercepts pointer|Execution context was destroyed/i.test(String(e))) throw e;
        what = `(action skipped: ${String(e).split('\n')[0].slice(0, 80)})`;
        await page.waitForLoadState();
      }
      log.push(`${i}: ${what}`);
      const kind = String(what).split(' ')[0];
      counts[kind] = (counts[kind] || 0) + 1;
      expect(errors, `after action ${i} (${what})`).toEqual([]);
      if (i % CHECK_EVERY === 0) {
        // the checks read English words and digits: a page a key moved to another language goes back
        await page.waitForLoadState();
        if ((await page.evaluate(() => document.documentElement.lang).catch(() => 'reloading')) !== 'en') {
          log.push(`${i}: (the page was in another language: back to English)`);
          await page.evaluate(() => { location.hash = 'lang=en'; });
          await page.waitForLoadState();
          await expect.poll(() => page.evaluate(() => document.documentElement.lang).catch(() => 'reloading'), { timeout: 15_000 }).toBe('en');
          await page.locator('[data-testid=play], [data-testid=conv-play], [data-testid=rnn-play], [data-testid=ae-play]').first().waitFor();
        }
        const s = await snapshot(page);
        expect(s.banner, `after action ${i}: the panic banner`).toBe(false);
        expect(s.bad, `after action ${i}: NaN or undefined on the page`).toBeNull();
        expect(s.view, `after action ${i}: a view is open`).not.toBe('other');
        expect(s.epoch, `after action ${i}: the epoch counter`).toMatch(/^\d[\d,]*$/);
        await stillTrains(page, s.view);
        log.push(`${i}: check passed (${s.view}, epoch ${s.epoch})`);
        expect(errors, `after the check at action ${i}`).toEqual([]);
      }
    }
  } catch (e) {
    console.log(`\nmonkey FAILED (seed ${SEED}; replay: SEED=${SEED} MONKEY_ACTIONS=${ACTIONS}). The last 20 actions:`);
    for (const l of log.slice(-20)) console.log(`  ${l}`);
    console.log('The page\'s last console messages:');
    for (const l of consoleLog.slice(-6)) console.log(`  ${l}`);
    await shot(page, 'monkey-failure').catch(() => {});
    throw e;
  }
  if (process.env.MONKEY_TRACE) writeFileSync(process.env.MONKEY_TRACE, log.join('\n'));
  await shot(page, 'monkey-end');
  console.log(`monkey: ${ACTIONS} actions survived (seed ${SEED}); actions by kind ${JSON.stringify(counts)}`);
});

