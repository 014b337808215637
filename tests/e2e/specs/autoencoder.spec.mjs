// The autoencoder view, end to end in headless Chromium: it opens from its link,
// trains on the 8×8 digits, the reconstruction loss falls, the pictures change,
// a click in the code space decodes that point; an absurd learning rate pauses
// with a message. Screenshots: tests/e2e/artifacts/ae-*.png.
import { test, expect, shot, legibility, unnamed } from './fixtures.mjs';

const num = async (page, id) => parseFloat((await page.getByTestId(id).textContent()).replace(/−/g, '-'));
const pixels = (page, id) => page.getByTestId(id).evaluate((c) => c.toDataURL());

async function openAe(page) {
  await page.goto('/#view=autoencoder');
  await expect(page.getByTestId('ae-lab')).toBeVisible();
  await expect(page.getByTestId('tab-autoencoder')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('ae-status')).toHaveCount(0, { timeout: 10_000 }); // the digits loaded
  await expect(page.getByTestId('ae-epoch')).toHaveText('0');
}

test('trains: the loss falls, the pictures change, a click decodes', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openAe(page);
  const loss0 = await num(page, 'ae-loss');
  expect(loss0).toBeGreaterThan(4);
  const before = {};
  for (const id of ['ae-recon', 'ae-code-space', 'ae-worst', 'ae-loss-chart']) before[id] = await pixels(page, id);
  await shot(page, 'ae-start');
  await page.getByTestId('ae-play').click();
  await expect.poll(() => num(page, 'ae-epoch'), { timeout: 30_000, intervals: [200] }).toBeGreaterThanOrEqual(20);
  await page.getByTestId('ae-play').click(); // pause
  const loss = await num(page, 'ae-loss');
  console.log(`autoencoder in the page: loss ${loss0} → ${loss} by epoch ${await num(page, 'ae-epoch')}`);
  expect(loss).toBeLessThan(loss0 / 2);
  await page.waitForTimeout(300);
  for (const id of Object.keys(before)) expect(await pixels(page, id), `${id} did not change`).not.toEqual(before[id]);
  // a click in the code space decodes that point; another point gives another image
  const decoded0 = await pixels(page, 'ae-decoded');
  const box = await page.getByTestId('ae-code-space').boundingBox();
  await page.getByTestId('ae-code-space').click({ position: { x: box.width * 0.3, y: box.height * 0.4 } });
  await page.waitForTimeout(200);
  const decoded1 = await pixels(page, 'ae-decoded');
  expect(decoded1, 'the decoded image did not change').not.toEqual(decoded0);
  await page.getByTestId('ae-code-space').click({ position: { x: box.width * 0.7, y: box.height * 0.7 } });
  await page.waitForTimeout(200);
  expect(await pixels(page, 'ae-decoded')).not.toEqual(decoded1);
  await shot(page, 'ae-trained');
  const bar1280 = (await page.getByTestId('top-bar').boundingBox()).height;
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.waitForTimeout(300);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, 'horizontal scroll at 1024×768').toBeLessThanOrEqual(0);
  await shot(page, 'ae-trained-1024');
  // the top bar stays on one line with the fifth tab
  const tabs = await page.locator('.top-bar .tabs .tab').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().top));
  expect(new Set(tabs.map(Math.round)).size, 'tabs wrap to a second line').toBe(1);
  const bar = await page.getByTestId('top-bar').boundingBox();
  expect(bar.height, 'the top bar grew a second line at 1024').toBeLessThanOrEqual(bar1280 + 1);
});

test('an absurd learning rate pauses with a message', async ({ page }) => {
  await openAe(page);
  await page.getByTestId('ae-optimizer').selectOption('Momentum');
  await page.getByTestId('ae-activation').selectOption('Elu');
  await page.getByTestId('ae-lr').selectOption('10');
  await page.getByTestId('ae-play').click();
  await expect(page.getByTestId('ae-status')).toContainText('Training stopped', { timeout: 15_000 });
  await expect(page.getByTestId('ae-play')).toHaveAttribute('aria-label', 'Play');
});

// As the other views are checked: every shown control named, every canvas described;
// at 1024x768 no text under 12 px (14 in presenter mode) and nothing clipped.
test('every control of the autoencoder view is named, every canvas described, legible at 1024x768', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await openAe(page);
  expect(await unnamed(page, '.ae-lab')).toEqual({ controls: [], canvases: [], count: 5 });
  expect(await legibility(page)).toEqual({ small: [], clipped: [] });
  await page.getByTestId('presenter').click();
  expect(await legibility(page, 14)).toEqual({ small: [], clipped: [] });
  // five tabs and presenter type: the top bar still keeps to one line (About beside Presenter)
  const tops = await page.evaluate(() => ['about', 'presenter', 'tab-playground']
    .map((id) => document.querySelector(`[data-testid=${id}]`).getBoundingClientRect().top));
  expect(Math.max(...tops) - Math.min(...tops), `tops of About, Presenter, the first tab: ${tops}`).toBeLessThan(12);
  await shot(page, 'ae-presenter-1024');
});

// The view's settings live in the address (see rnn.spec.mjs for the bad values).
test('a link carries the settings: opened and written back', async ({ page }) => {
  await page.goto('/#view=autoencoder&code=3&activation=Relu&denoise=1');
  await expect(page.getByTestId('ae-lab')).toBeVisible();
  await expect(page.getByTestId('ae-code')).toHaveValue('3');
  await expect(page.getByTestId('ae-activation')).toHaveValue('Relu');
  await expect(page.getByTestId('ae-denoise')).toBeChecked();
  await expect(page.getByTestId('ae-status')).toHaveCount(0, { timeout: 10_000 });
  await page.getByTestId('ae-denoise').uncheck();
  await page.getByTestId('ae-hidden').selectOption('64');
  await expect.poll(() => new URL(page.url()).hash).toBe('#view=autoencoder&code=3&hidden=64&activation=Relu');
});
