import { test, expect, shot } from './fixtures.mjs';

const epochOf = async (page) => Number((await page.getByTestId('epoch').textContent()).replace(/,/g, ''));
const num = async (page, id) => Number(await page.getByTestId(id).textContent());

test('XOR quadrants with the default network reaches test loss below 0.05 within 10 s of play', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('dataset-XorQuadrants')).toHaveAttribute('aria-pressed', 'true');
  const before = await num(page, 'test-loss');
  expect(before).toBeGreaterThan(0.05);
  await shot(page, 'playground-start');
  const t0 = Date.now();
  await page.getByTestId('play').click();
  await expect.poll(() => num(page, 'test-loss'), { timeout: 10_000, intervals: [100] }).toBeLessThan(0.05);
  const seconds = (Date.now() - t0) / 1000;
  console.log(`XOR test loss < 0.05 after ${seconds.toFixed(2)} s, epoch ${await epochOf(page)}`);
  await page.getByTestId('play').click();
  await shot(page, 'playground-xor-trained');
});

test('changing the learning rate mid-run keeps the epoch count', async ({ page }) => {
  await page.goto('/#speed=1');
  await page.getByTestId('play').click();
  await expect.poll(() => epochOf(page)).toBeGreaterThan(20);
  await page.getByTestId('play').click(); // pause so the count holds still
  const before = await epochOf(page);
  await page.getByTestId('learning-rate').selectOption('0.1');
  await expect(page.getByTestId('learning-rate-input')).toHaveValue('0.1');
  expect(await epochOf(page)).toBe(before);
  await expect(page.getByTestId('notice')).toHaveCount(0);
  await page.getByTestId('play').click();
  await expect.poll(() => epochOf(page)).toBeGreaterThan(before);
  expect(page.url()).toContain('lr=0.1');
});

test('adding a layer resets training, the new layer appears and the rebuild is explained', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('play').click();
  await expect.poll(() => epochOf(page)).toBeGreaterThan(10);
  await expect(page.getByTestId('layer-count')).toHaveText('2 hidden layers');
  await expect(page.getByTestId('add-neuron-2')).toHaveCount(0);
  await page.getByTestId('add-layer').click();
  await expect(page.getByTestId('layer-count')).toHaveText('3 hidden layers');
  await expect(page.getByTestId('add-neuron-2')).toBeVisible();
  expect(await epochOf(page)).toBe(0);
  await expect(page.getByTestId('notice')).toContainText('rebuilt');
  await expect(page.getByTestId('param-count')).toContainText('free parameters');
  await shot(page, 'playground-added-layer');
});

test('a shared URL reproduces the same settings', async ({ page, browser }) => {
  await page.goto('/');
  await page.getByTestId('dataset-Spiral').click();
  await page.getByTestId('activation').selectOption({ label: 'ReLU' });
  await page.getByTestId('add-neuron-0').click();
  await page.getByTestId('learning-rate').selectOption('0.01');
  const url = page.url();
  expect(url).toContain('data=Spiral');
  const other = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await other.goto(url);
  await expect(other.getByTestId('dataset-Spiral')).toHaveAttribute('aria-pressed', 'true');
  await expect(other.getByTestId('activation')).toHaveValue(await page.getByTestId('activation').inputValue());
  await expect(other.getByTestId('learning-rate-input')).toHaveValue('0.01');
  await expect(other.getByTestId('param-count')).toHaveText(await page.getByTestId('param-count').textContent());
  expect(other.url()).toBe(url);
  await shot(other, 'playground-shared-url');
  await other.close();
});

test('a malformed URL falls back for the bad fields and says which', async ({ page }) => {
  await page.goto('/#data=Spiral&lr=banana&layers=3,99');
  await expect(page.getByTestId('notice')).toContainText('lr');
  await expect(page.getByTestId('notice')).toContainText('layers');
  await expect(page.getByTestId('dataset-Spiral')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('learning-rate-input')).toHaveValue('0.03');
});

// With a tanh output a ReLU net at rate 10 saturates (its units die) rather than
// overflowing; with the linear output of regression the loss overflows within a few epochs.
test('learning rate 10 with ReLU diverges: training pauses and explains, nothing NaN, reset recovers', async ({ page }) => {
  await page.goto('/#acts=Relu&lr=10&data=RegressPlane&out=Identity&speed=1');
  await page.getByTestId('play').click();
  await expect(page.getByTestId('train-error')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('train-error')).toContainText('learning rate is too high');
  await expect(page.getByTestId('play')).toHaveAttribute('aria-label', 'Play');
  for (const id of ['train-loss', 'test-loss']) {
    expect(await page.getByTestId(id).textContent()).not.toMatch(/NaN|inf/i);
  }
  await shot(page, 'playground-diverged');
  await page.getByTestId('error-reset').click();
  await expect(page.getByTestId('train-error')).toHaveCount(0);
  expect(await epochOf(page)).toBe(0);
});

// On the default two-class problem the same setting does not overflow: one step
// saturates the tanh output (or kills a ReLU layer) and the loss freezes. The
// page recognises the stall, pauses and names where the gradient stops.
test('learning rate 10 with ReLU on the default data stalls: training pauses and says where, reset recovers', async ({ page }) => {
  await page.goto('/#acts=Relu&lr=10&speed=1');
  await page.getByTestId('play').click();
  await expect(page.getByTestId('train-error')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('train-error')).toContainText('stalled');
  await expect(page.getByTestId('train-error')).toContainText(/output neuron|hidden layer \d/);
  await expect(page.getByTestId('train-error')).toContainText('smaller learning rate');
  await expect(page.getByTestId('play')).toHaveAttribute('aria-label', 'Play');
  const epoch = await epochOf(page);
  await page.getByTestId('play').click(); // refused until reset
  await page.waitForTimeout(300);
  expect(await epochOf(page)).toBe(epoch);
  await shot(page, 'playground-stalled');
  await page.getByTestId('error-reset').click();
  await expect(page.getByTestId('train-error')).toHaveCount(0);
  expect(await epochOf(page)).toBe(0);
});

test('a typed out-of-range number is refused with a message and the old value stays', async ({ page }) => {
  await page.goto('/');
  const input = page.getByTestId('learning-rate-input');
  await input.fill('-3');
  await input.press('Enter');
  await expect(page.getByTestId('notice')).toContainText('refused');
  await expect(input).toHaveValue('0.03');
});

test('hovering a weight shows its value; clicking lets the user type a new one', async ({ page }) => {
  await page.goto('/');
  const canvas = page.getByTestId('network-canvas');
  const box = await canvas.boundingBox();
  // sweep the space between the input column and the first hidden layer until a weight is hit
  let found = false;
  for (let fx = 0.12; fx < 0.3 && !found; fx += 0.02) {
    for (let fy = 0.2; fy < 0.8 && !found; fy += 0.02) {
      await page.mouse.move(box.x + box.width * fx, box.y + box.height * fy);
      const t = page.getByTestId('network-tooltip');
      if (await t.count() && (await t.textContent()).startsWith('Weight')) found = true;
    }
  }
  expect(found, 'a weight line is under the pointer somewhere').toBe(true);
  await shot(page, 'playground-hover-weight');
  await page.mouse.down(); await page.mouse.up();
  const input = page.getByTestId('value-editor-input');
  await expect(input).toBeVisible();
  await input.fill('2.5');
  await input.press('Enter');
  await expect(page.getByTestId('value-editor')).toHaveCount(0);
  await expect(page.getByTestId('network-tooltip')).toContainText('2.5000');
});

test('the frames/s readout is hidden by default and shows on demand', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('meter')).toHaveCount(0);
  await page.getByTestId('meter-toggle').click();
  await page.getByTestId('play').click();
  await expect(page.getByTestId('meter')).toContainText(/\d+ frames\/s · \d+ epochs\/s/);
});

test('resizing the window while paused repaints every canvas at its new size', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/');
  await page.getByTestId('play').waitFor();
  // every canvas drawn at the screen's resolution (not the fixed-size feature heatmaps, scaled by CSS)
  const sizes = () => page.evaluate(() => [...document.querySelectorAll('.playground canvas:not(.feature-canvas)')]
    .filter((c) => c.clientWidth > 0)
    .map((c) => ({ css: c.clientWidth, px: c.width, ratio: window.devicePixelRatio })));
  const before = await sizes();
  await page.setViewportSize({ width: 1024, height: 768 });
  await expect.poll(async () => (await sizes()).every((s) => Math.abs(s.px - Math.round(s.css * s.ratio)) <= 1), { timeout: 5_000 }).toBe(true);
  const after = await sizes();
  expect(after.some((s, i) => before[i] && s.css !== before[i].css), 'some canvas changed size').toBe(true);
  await shot(page, 'playground-resized-1024');
});
