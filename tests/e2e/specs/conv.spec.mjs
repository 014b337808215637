// The convolution lab, end to end in headless Chromium: it trains the default
// conv net on the digits, the kernels visibly change, a drawn "1" is
// classified, a refused architecture shows its message. Screenshots go to
// tests/e2e/artifacts/conv-*.png.
import { test, expect, shot } from './fixtures.mjs';

// Plain SGD at 0.1 on the digits passes this test accuracy within a few epochs (native: examples/bench_conv.rs).
const SGD_BAR = 80;

const pctOf = async (page, id) => parseFloat((await page.getByTestId(id).textContent()).replace(',', '.'));

async function openConv(page) {
  await page.goto('/#view=conv');
  if (!(await page.getByTestId('conv-lab').isVisible().catch(() => false))) {
    await page.getByTestId('tab-conv').click();
  }
  await expect(page.getByTestId('conv-lab')).toBeVisible();
  // the digits are fetched and the first net built: the status message goes away
  await expect(page.getByTestId('conv-status')).toHaveCount(0, { timeout: 20_000 });
  await expect(page.getByTestId('conv-prediction')).toBeVisible();
}

const kernelPixels = (page) => page.getByTestId('conv-kernels').evaluate((c) => c.toDataURL());

test('the default conv net passes 90 % test accuracy quickly and its kernels change', async ({ page }) => {
  await openConv(page);
  expect(await pctOf(page, 'conv-test-acc')).toBeLessThan(50);
  const before = await kernelPixels(page);
  await shot(page, 'conv-start');
  const t0 = Date.now();
  await page.getByTestId('conv-play').click();
  await expect.poll(() => pctOf(page, 'conv-test-acc'), { timeout: 5_000, intervals: [50] }).toBeGreaterThan(90);
  const t90 = (Date.now() - t0) / 1000;
  await expect.poll(() => pctOf(page, 'conv-test-acc'), { timeout: 10_000, intervals: [50] }).toBeGreaterThan(95);
  const t95 = (Date.now() - t0) / 1000;
  let t97 = NaN;
  try {
    await expect.poll(() => pctOf(page, 'conv-test-acc'), { timeout: 15_000, intervals: [50] }).toBeGreaterThan(97);
    t97 = (Date.now() - t0) / 1000;
  } catch { /* reported below */ }
  const clock = await page.getByTestId('conv-clock').textContent();
  const in95 = await page.getByTestId('conv-t95').textContent();
  const in97 = await page.getByTestId('conv-t97').textContent();
  console.log(`conv digits (seen by the test): 90 % after ${t90.toFixed(2)} s, 95 % after ${t95.toFixed(2)} s, 97 % after ${t97.toFixed(2)} s`);
  console.log(`conv digits (in-page clock): ${in95} | ${in97} | ${clock} | epoch ${await page.getByTestId('conv-epoch').textContent()}`);
  expect(t90).toBeLessThan(5);
  await page.getByTestId('conv-play').click(); // pause
  const after = await kernelPixels(page);
  expect(after).not.toEqual(before);
  await shot(page, 'conv-trained');
});

test('a drawn "1" is classified', async ({ page }) => {
  await openConv(page);
  await page.getByTestId('conv-play').click();
  await expect.poll(() => pctOf(page, 'conv-test-acc'), { timeout: 10_000 }).toBeGreaterThan(95);
  await page.getByTestId('conv-play').click();
  const pad = page.getByTestId('conv-draw-canvas');
  const box = await pad.boundingBox();
  // a vertical stroke down the middle, like the digits' ones
  const x = box.x + box.width * 0.5;
  await page.mouse.move(x, box.y + box.height * 0.1);
  await page.mouse.down();
  for (let i = 1; i <= 16; i++) await page.mouse.move(x, box.y + box.height * (0.1 + 0.8 * i / 16));
  await page.mouse.up();
  const pred = page.getByTestId('conv-prediction');
  await expect(pred).toHaveAttribute('data-class', '1');
  console.log(`drawn stroke: ${await pred.textContent()}`);
  await shot(page, 'conv-drawn-one');
});

test('a refused architecture shows a message naming the layer, and fits 1024x768', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await openConv(page);
  // conv 7×7 at stride 3 on 8×8 leaves a 1×1 map: the 2×2 max-pool after it cannot fit
  await page.getByTestId('conv-layer-1-size').selectOption('7');
  await page.getByTestId('conv-layer-1-stride').selectOption('3');
  const err = page.getByTestId('conv-arch-error');
  await expect(err).toBeVisible();
  await expect(err).toContainText('Layer 2 (max-pool 2)');
  await expect(err).toContainText('larger than its 1×1 input');
  // a 1×1 map keeps its three sides (not read as a flat count)
  await expect(page.getByTestId('conv-layer-1')).toContainText(/→ \d+×1×1 ·/);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await shot(page, 'conv-refused-1024');
  // while the edit is refused, Reset still gives the network on screen new weights
  // (a stalled run had no way out: found by the random-use suite)
  const epoch = async () => Number(await page.getByTestId('conv-epoch').textContent());
  await page.getByTestId('conv-play').click();
  await expect.poll(epoch).toBeGreaterThan(0);
  await page.getByTestId('conv-play').click();
  await page.getByTestId('conv-reset').click();
  await expect.poll(epoch, { message: 'Reset starts the kept network again from epoch 0' }).toBe(0);
  await expect(err).toBeVisible();
  // back to a valid net: the message goes away
  await page.getByTestId('conv-layer-1-stride').selectOption('1');
  await expect(err).toHaveCount(0);
});

test('the optimizer changes live: plain SGD learns the digits, and a switch to Adam keeps the weights', async ({ page }) => {
  await openConv(page);
  await page.getByTestId('conv-optimizer').selectOption('Sgd');
  await page.getByTestId('conv-lr').selectOption('0.1');
  await page.getByTestId('conv-play').click();
  await expect.poll(() => pctOf(page, 'conv-test-acc'), { timeout: 20_000, intervals: [100] }).toBeGreaterThan(SGD_BAR);
  const sgdEpochs = Number(await page.getByTestId('conv-epoch').textContent());
  console.log(`conv digits, SGD 0.1: ${SGD_BAR} % test accuracy at epoch ${sgdEpochs}`);
  // another rule mid-run: no rebuild (the epoch count goes on), and the net keeps what it learned
  await page.getByTestId('conv-lr').selectOption('0.001');
  await page.getByTestId('conv-optimizer').selectOption('Adam');
  await expect.poll(async () => Number(await page.getByTestId('conv-epoch').textContent())).toBeGreaterThan(sgdEpochs + 2);
  expect(await pctOf(page, 'conv-test-acc')).toBeGreaterThan(SGD_BAR - 10);
  await page.getByTestId('conv-play').click();
  await expect(page.getByTestId('conv-optimizer')).toHaveValue('Adam');
  await shot(page, 'conv-optimizer');
});

test('the convolution stepper walks the window and a hand-made kernel can be frozen in', async ({ page }) => {
  await openConv(page);
  const sum = page.getByTestId('conv-step-sum');
  await expect(sum).toContainText('position 1 of 36');
  await page.getByTestId('conv-stepper-step').click();
  await expect(sum).toContainText('position 2 of 36');
  await page.getByTestId('conv-stepper-padding').selectOption('same');
  await expect(sum).toContainText('of 64');
  await page.getByTestId('conv-stepper-stride').selectOption('2');
  await expect(sum).toContainText('of 16');
  await page.getByTestId('conv-hand-preset').selectOption('HorizontalEdge');
  await page.getByTestId('conv-hand-target').selectOption('0');
  await page.getByTestId('conv-hand-apply').click();
  await page.getByTestId('conv-hand-freeze').check();
  await expect(page.getByTestId('conv-hand-message')).toContainText('kernel 1 of layer 1 replaced');
  await page.getByTestId('conv-play').click();
  await expect.poll(async () => Number(await page.getByTestId('conv-epoch').textContent())).toBeGreaterThan(3);
  await page.getByTestId('conv-play').click();
  // the frozen kernel still reads -1 0 1 down its columns: hover its top-left cell
  const k = page.getByTestId('conv-kernels');
  const box = await k.boundingBox();
  await page.mouse.move(box.x + 5, box.y + 32);
  await expect(page.getByTestId('conv-kernel-numbers')).toContainText('layer 1 kernel 1');
  await expect(page.getByTestId('conv-kernel-numbers')).toContainText('= -1.0000');
  await shot(page, 'conv-stepper-frozen');
});

test('absurd kernel values are refused with a message and nothing turns NaN', async ({ page }) => {
  await openConv(page);
  await page.getByTestId('conv-step').click();
  for (const j of [0, 1]) {
    await page.getByTestId(`conv-hand-${j}`).fill('1e308');
    await page.getByTestId(`conv-hand-${j}`).press('Enter');
    await page.getByTestId(`conv-hand-${j}`).blur();
  }
  await expect(page.getByTestId('conv-hand-message')).toContainText('not a kernel value');
  await expect(page.getByTestId('conv-hand-0')).not.toHaveValue('1e308');
  await page.getByTestId('conv-hand-apply').click();
  await expect(page.getByTestId('conv-hand-message')).toContainText('replaced');
  await page.getByTestId('conv-play').click();
  await expect.poll(async () => Number(await page.getByTestId('conv-epoch').textContent())).toBeGreaterThan(2);
  await page.getByTestId('conv-play').click();
  const text = await page.getByTestId('conv-lab').textContent();
  expect(text).not.toContain('NaN');
});

test('Adam at learning rate 0.3 collapses to chance: training pauses and says why, a reset recovers', async ({ page }) => {
  await openConv(page);
  await page.getByTestId('conv-lr').selectOption('0.3');
  await page.getByTestId('conv-play').click();
  const status = page.getByTestId('conv-status');
  await expect(status).toContainText('stalled', { timeout: 30_000 });
  await expect(status).toContainText('no better than guessing among 10 classes');
  await expect(page.getByTestId('conv-play')).toHaveText('▶');
  const epoch = await page.getByTestId('conv-epoch').textContent();
  await page.waitForTimeout(500);
  expect(await page.getByTestId('conv-epoch').textContent(), 'it stays paused').toBe(epoch);
  await shot(page, 'conv-stalled');
  await page.getByTestId('conv-lr').selectOption('0.01');
  await page.getByTestId('conv-reset').click();
  await expect(status).toHaveCount(0);
  await page.getByTestId('conv-play').click();
  await expect.poll(() => pctOf(page, 'conv-test-acc'), { timeout: 10_000 }).toBeGreaterThan(80);
});

// The architecture editor shows one row per layer, with that layer's own
// controls, as layers are added, switched (batch norm) and removed.
test('the architecture editor keeps a row per layer with its own controls', async ({ page }) => {
  await page.goto('/#view=conv');
  const rows = page.locator('.conv-layers > li');
  await expect(rows).toHaveCount(2);
  await page.getByTestId('conv-add-pool').click();
  await expect(rows).toHaveCount(3);
  await expect(page.getByTestId('conv-layer-3-pool')).toBeVisible();
  await page.getByTestId('conv-add-dense').click();
  await expect(rows).toHaveCount(4);
  await expect(page.getByTestId('conv-layer-4-units')).toBeVisible();
  await page.getByTestId('conv-layer-1-remove').click();
  await expect(rows).toHaveCount(3);
  // the old row 2 (a pool) is row 1 now, with pool controls, not the removed conv's
  await expect(page.getByTestId('conv-layer-1-pool')).toBeVisible();
  await expect(page.getByTestId('conv-layer-1-kernels')).toHaveCount(0);
});

test('a link carries the lab\'s settings: opened, written back in full, changed, reopened; bad values named; a lesson link stays the lesson\'s', async ({ page }) => {
  const link = '#view=conv&data=bars&size=10&lr=0.03&batch=32&opt=Sgd&bn=1&seed=2';
  await page.goto(`/${link}`);
  await expect(page.getByTestId('conv-lab')).toBeVisible();
  await expect(page.getByTestId('conv-dataset')).toHaveValue('bars');
  await expect(page.getByTestId('conv-size')).toHaveValue('10');
  await expect(page.getByTestId('conv-lr')).toHaveValue('0.03');
  await expect(page.getByTestId('conv-batch')).toHaveValue('32');
  await expect(page.getByTestId('conv-optimizer')).toHaveValue('Sgd');
  await expect(page.getByTestId('conv-batchnorm')).toBeChecked();
  await expect(page.getByTestId('link-notice')).toHaveCount(0);
  expect(new URL(page.url()).hash, 'written back as given').toBe(link);
  // a change is written; the written link reopens it
  await page.getByTestId('conv-lr').selectOption('0.1');
  await page.getByTestId('conv-batchnorm').uncheck();
  const changed = '#view=conv&data=bars&size=10&lr=0.1&batch=32&opt=Sgd&bn=0&seed=2';
  await expect.poll(() => new URL(page.url()).hash).toBe(changed);
  await page.goto('/');
  await page.goto(`/${changed}`);
  await expect(page.getByTestId('conv-lr')).toHaveValue('0.1');
  await expect(page.getByTestId('conv-batchnorm')).not.toBeChecked();
  await expect(page.getByTestId('conv-size')).toHaveValue('10');

  // a value the toolbar does not offer keeps the default and is named, as is an unknown key
  await page.goto('/#view=conv&lr=0.05&size=9&zz=1');
  const notice = page.getByTestId('link-notice');
  await expect(notice).toContainText('lr ("0.05" is not one of the values offered: the default was kept)');
  await expect(notice).toContainText('size ("9" is not one of the values offered');
  await expect(notice).toContainText('zz (unknown key, ignored)');
  await expect(page.getByTestId('conv-lr')).toHaveValue('0.01');
  expect(new URL(page.url()).hash).toBe('#view=conv&data=digits&size=12&lr=0.01&batch=16&opt=Adam&bn=0&seed=1');

  // the convolution lesson: its link leads with the lesson, its own settings over the lesson's
  await page.goto('/#lesson=9&lr=0.03');
  await expect(page.getByTestId('conv-lab')).toBeVisible();
  await expect(page.getByTestId('conv-dataset')).toHaveValue('bars');
  await expect(page.getByTestId('conv-lr')).toHaveValue('0.03');
  await expect(page.getByTestId('lessons')).toHaveValue('9');
  await expect.poll(() => new URL(page.url()).hash).toBe('#lesson=9&data=bars&size=12&lr=0.03&batch=16&opt=Adam&bn=0&seed=1');
});
