// The recurrent view, end to end in headless Chromium: it opens from its link,
// trains running parity until every answer is right, the pictures change, the
// loss falls; the echo's gradient fades more when k grows; an absurd learning
// rate pauses the run with a message. Screenshots: tests/e2e/artifacts/rnn-*.png.
import { test, expect, shot, legibility, unnamed } from './fixtures.mjs';

const num = async (page, id) => parseFloat((await page.getByTestId(id).textContent()).replace(',', '.').replace(/−/g, '-'));
const pixels = (page, id) => page.getByTestId(id).evaluate((c) => c.toDataURL());

async function openRnn(page) {
  await page.goto('/#view=rnn');
  await expect(page.getByTestId('rnn-lab')).toBeVisible();
  await expect(page.getByTestId('tab-rnn')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('rnn-epoch')).toHaveText('0');
}

test('parity: trains to 100 %, the loss falls, the pictures change', async ({ page }) => {
  await openRnn(page);
  const loss0 = await num(page, 'rnn-loss');
  expect(loss0).toBeGreaterThan(0.5); // cross-entropy of a guess is about ln 2
  const before = {};
  for (const id of ['rnn-unrolled', 'rnn-weights', 'rnn-loss-chart', 'rnn-reach-chart']) before[id] = await pixels(page, id);
  await shot(page, 'rnn-start');
  await page.getByTestId('rnn-speed').selectOption('5');
  await page.getByTestId('rnn-play').click();
  await expect.poll(() => num(page, 'rnn-accuracy'), { timeout: 20_000, intervals: [100] }).toBe(100);
  await page.getByTestId('rnn-play').click(); // pause
  const epoch = await num(page, 'rnn-epoch');
  const loss = await num(page, 'rnn-loss');
  console.log(`parity over 6 bits in the page: 100 % by epoch ${epoch}, loss ${loss0} → ${loss}`);
  expect(loss).toBeLessThan(loss0 / 2);
  await page.waitForTimeout(300); // a slow frame repaints the charts
  for (const id of Object.keys(before)) expect(await pixels(page, id), `${id} did not change`).not.toEqual(before[id]);
  await shot(page, 'rnn-trained');
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.waitForTimeout(300);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, 'horizontal scroll at 1024×768').toBeLessThanOrEqual(0);
  await shot(page, 'rnn-trained-1024');
  // read from the back row: no text under 12 px (14 in presenter mode), nothing clipped
  expect(await legibility(page)).toEqual({ small: [], clipped: [] });
  await page.getByTestId('presenter').click();
  await page.waitForTimeout(300);
  expect(await legibility(page, 14)).toEqual({ small: [], clipped: [] });
  await shot(page, 'rnn-presenter-1024');
});

test('sine: the regression trains and its loss falls', async ({ page }) => {
  await openRnn(page);
  await page.getByTestId('rnn-task').selectOption('sine');
  await page.getByTestId('rnn-length').selectOption('12');
  const loss0 = await num(page, 'rnn-loss');
  await page.getByTestId('rnn-speed').selectOption('20');
  await page.getByTestId('rnn-play').click();
  await expect.poll(() => num(page, 'rnn-epoch'), { timeout: 10_000 }).toBeGreaterThan(300);
  await page.getByTestId('rnn-play').click();
  const loss = await num(page, 'rnn-loss');
  console.log(`noisy sine, 12 steps: loss ${loss0} → ${loss} by epoch ${await num(page, 'rnn-epoch')}`);
  expect(loss).toBeLessThan(loss0 / 5);
  await expect(page.getByTestId('rnn-accuracy')).toHaveCount(0); // a regression has no "right"
  await shot(page, 'rnn-sine');
});

test('echo: the gradient k steps back is smaller for a larger k', async ({ page }) => {
  await openRnn(page);
  await page.getByTestId('rnn-task').selectOption('echo');
  await page.getByTestId('rnn-length').selectOption('20');
  const share = async () => {
    const t = await page.getByTestId('rnn-reach-text').textContent();
    const m = t.match(/1\/([\d,.]+)/);
    expect(m, t).not.toBeNull();
    return parseFloat(m[1].replaceAll(',', ''));
  };
  await page.getByTestId('rnn-k').selectOption('2');
  await expect(page.getByTestId('rnn-reach-text')).toContainText('2 steps back');
  const d2 = await share();
  await page.getByTestId('rnn-k').selectOption('12');
  await expect(page.getByTestId('rnn-reach-text')).toContainText('12 steps back');
  const d12 = await share();
  console.log(`echo, 20 steps, 8 units, untrained: the gradient is 1/${d2} of the last step's at k=2, 1/${d12} at k=12`);
  expect(d12).toBeGreaterThan(10 * d2);
  await shot(page, 'rnn-echo');
  // k at or past the sequence length is refused with its reason, the old net kept
  await page.getByTestId('rnn-length').selectOption('8');
  await expect(page.getByTestId('rnn-status')).toContainText('below the sequence length');
  await page.getByTestId('rnn-k').selectOption('4');
  await expect(page.getByTestId('rnn-status')).toHaveCount(0);
});

test('an absurd learning rate on the sine pauses with a message', async ({ page }) => {
  await openRnn(page);
  await page.getByTestId('rnn-task').selectOption('sine');
  await page.getByTestId('rnn-optimizer').selectOption('Sgd');
  await page.getByTestId('rnn-lr').selectOption('100');
  await page.getByTestId('rnn-play').click();
  await expect(page.getByTestId('rnn-status')).toContainText('Lower the learning rate', { timeout: 10_000 });
  await expect(page.getByTestId('rnn-play')).toHaveAttribute('aria-label', 'Play');
  await shot(page, 'rnn-diverged');
  // a reset at a sane rate trains again
  await page.getByTestId('rnn-lr').selectOption('0.03');
  await page.getByTestId('rnn-reset').click();
  await expect(page.getByTestId('rnn-status')).toHaveCount(0);
  await page.getByTestId('rnn-play').click();
  await expect.poll(() => num(page, 'rnn-epoch'), { timeout: 5_000 }).toBeGreaterThan(5);
  expect(Number.isFinite(await num(page, 'rnn-loss'))).toBe(true);
});

// As classroom.spec.mjs checks the other views: every shown control has an
// accessible name, every canvas a role and a text alternative.
test('every control of the recurrent view is named, every canvas described', async ({ page }) => {
  await openRnn(page);
  await page.getByTestId('rnn-task').selectOption('echo'); // shows the k control too
  const missing = await unnamed(page, '.rnn-lab');
  expect(missing).toEqual({ controls: [], canvases: [], count: 4 });
});

// The view's settings live in the address: a link opens them, a change is
// written back (only what differs from the defaults), a bad value is named and
// keeps its default while the rest still apply.
test('a link carries the settings: opened, written back, bad values named', async ({ page }) => {
  await page.goto('/#view=rnn&task=echo&steps=20&k=8&hidden=16&seed=5');
  await expect(page.getByTestId('rnn-lab')).toBeVisible();
  await expect(page.getByTestId('rnn-task')).toHaveValue('echo');
  await expect(page.getByTestId('rnn-length')).toHaveValue('20');
  await expect(page.getByTestId('rnn-k')).toHaveValue('8');
  await expect(page.getByTestId('rnn-hidden')).toHaveValue('16');
  await expect(page.getByTestId('link-notice')).toHaveCount(0);
  await page.getByTestId('rnn-lr').selectOption('0.1');
  await page.getByTestId('rnn-optimizer').selectOption('Sgd');
  await expect.poll(() => new URL(page.url()).hash).toBe('#view=rnn&task=echo&hidden=16&steps=20&k=8&lr=0.1&optimizer=Sgd&seed=5');
  // the written link reopens the same settings in a fresh page
  const link = page.url();
  await page.goto('about:blank');
  await page.goto(link);
  await expect(page.getByTestId('rnn-lr')).toHaveValue('0.1');
  await expect(page.getByTestId('rnn-optimizer')).toHaveValue('Sgd');
  await expect(page.getByTestId('rnn-k')).toHaveValue('8');
  // a value the control does not offer, and an unknown key: named, the rest applied
  await page.goto('about:blank');
  await page.goto('/#view=rnn&task=sine&k=7&zz=1');
  await expect(page.getByTestId('rnn-task')).toHaveValue('sine');
  const notice = page.getByTestId('link-notice');
  await expect(notice).toContainText('k ("7" is not one of the values offered');
  await expect(notice).toContainText('zz (unknown key, ignored)');
  await expect.poll(() => new URL(page.url()).hash).toBe('#view=rnn&task=sine');
});

// The view's settings table says which settings rebuild the net (one effect
// reads it, not a list of signals): such a change is said to a screen reader
// with the table's reason; a live one (the rate) keeps the net and says nothing.
test('a setting that rebuilds the net says why in the live region; a live one does not', async ({ page }) => {
  await openRnn(page);
  const region = page.getByTestId('announce');
  await page.getByTestId('rnn-play').click();
  await expect.poll(() => num(page, 'rnn-epoch'), { timeout: 10_000 }).toBeGreaterThan(3);
  await page.getByTestId('rnn-play').click(); // pause
  await page.getByTestId('rnn-lr').selectOption('0.03');
  await expect(region).not.toContainText('rebuilt');
  expect(await num(page, 'rnn-epoch')).toBeGreaterThan(3); // same net, same epoch
  await page.getByTestId('rnn-hidden').selectOption('16');
  await expect(region).toContainText('The network was rebuilt because the network changed');
  await expect(page.getByTestId('rnn-epoch')).toHaveText('0');
  await page.getByTestId('rnn-task').selectOption('echo');
  await expect(region).toContainText('rebuilt because the sequences changed');
});
