import { test, expect, shot } from './fixtures.mjs';

const epochOf = async (page) => Number((await page.getByTestId('epoch').textContent()).replace(/,/g, ''));
// the page writes a true minus sign (−), in an exponent too (5e−5)
const num = async (page, id) => Number((await page.getByTestId(id).textContent()).replace(/−/g, '-'));

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

test('the classroom XOR flow: one neuron, then a hidden layer added with one click, solves XOR quadrants', async ({ page }) => {
  await page.goto('/#layers=&acts=');
  await expect(page.getByTestId('layer-count')).toHaveText('0 hidden layers');
  await page.getByTestId('add-layer').click();
  await expect(page.getByTestId('layer-count')).toHaveText('1 hidden layer');
  await page.getByTestId('play').click();
  await expect.poll(() => num(page, 'test-loss'), { timeout: 15_000, intervals: [100] }).toBeLessThan(0.05);
  await page.getByTestId('play').click();
  await expect(page.getByTestId('plateau')).toHaveCount(0);
});

test('two hidden neurons on XOR quadrants level off: a hint says so and New seed starts again', async ({ page }) => {
  await page.goto('/#layers=2');
  await page.getByTestId('play').click();
  const hint = page.getByTestId('plateau');
  // (at least 2,000 epochs: about 10 s on a quiet machine, more on a busy one)
  await expect(hint).toContainText('No progress for', { timeout: 60_000 });
  await expect(hint).toContainText('stuck in a poor solution');
  await expect(page.getByTestId('play')).toHaveAttribute('aria-label', /pause/i); // a hint, not a stop
  await shot(page, 'playground-plateau');
  await page.getByTestId('plateau-new-seed').click();
  await expect(hint).toHaveCount(0);
  expect(page.url()).toContain('seed=2');
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

test('a learning rate changed mid-run changes the very next steps: 100x the rate, far bigger steps', async ({ page }) => {
  await page.goto('/#lr=0.001');
  const loss = () => num(page, 'train-loss');
  const fiveEpochs = async () => {
    const [before, e0] = [await loss(), await epochOf(page)];
    for (let i = 0; i < 5; i++) await page.getByTestId('step').click();
    await expect.poll(() => epochOf(page)).toBe(e0 + 5);
    return Math.abs((await loss()) - before);
  };
  const slow = await fiveEpochs();
  const epoch = await epochOf(page);
  await page.getByTestId('learning-rate').selectOption('0.1');
  expect(await epochOf(page), 'no reset').toBe(epoch);
  const fast = await fiveEpochs();
  console.log(`loss moved ${slow.toFixed(4)} in 5 epochs at 0.001, ${fast.toFixed(4)} in the next 5 at 0.1`);
  expect(fast).toBeGreaterThan(5 * Math.max(slow, 0.0005));
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

test('a link pasted into the open tab is opened, and the next click does not write the old settings back', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('dataset-Spiral')).toHaveAttribute('aria-pressed', 'false');
  // as a pasted link does: only the hash changes, no reload
  await page.evaluate(() => { location.hash = '#data=Spiral&lr=0.01&layers=5'; });
  await expect(page.getByTestId('dataset-Spiral')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('learning-rate-input')).toHaveValue('0.01');
  await page.getByTestId('play').click();
  await page.getByTestId('play').click();
  expect(page.url()).toContain('data=Spiral');
  expect(page.url()).toContain('lr=0.01');
  expect(page.url()).toContain('layers=5');
  // a link to the other view switches the view
  await page.evaluate(() => { location.hash = '#view=conv'; });
  await expect(page.getByTestId('tab-conv')).toHaveAttribute('aria-pressed', 'true');
});

test('a rejected combination falls back only the field at fault and names it by its link key', async ({ page }) => {
  await page.goto('/#data=Spiral&lr=0.1&loss=CrossEntropy&out=Identity');
  const notice = page.getByTestId('notice');
  await expect(notice).toContainText('loss');
  await expect(notice).toContainText('(out)');
  await expect(notice).not.toContainText('output_activation');
  await expect(page.getByTestId('dataset-Spiral')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('learning-rate-input')).toHaveValue('0.1');
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
  // the tooltip writes the number for reading: no trailing zeros
  await expect(page.getByTestId('network-tooltip')).toContainText(': 2.5 ');
});

test('a click edits the very weight the tooltip names, at fractional pointer positions too', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/');
  const canvas = page.getByTestId('network-canvas');
  const box = await canvas.boundingBox();
  // the reported case first, then fractional points across the first two gaps between columns
  const points = [[337.8, 436.8]];
  for (let fx = 0.13; fx < 0.55; fx += 0.037) {
    for (let fy = 0.15; fy < 0.85; fy += 0.061) points.push([box.x + box.width * fx + 0.6, box.y + box.height * fy + 0.7]);
  }
  let checked = 0;
  for (const [x, y] of points) {
    await page.mouse.move(x, y);
    const t = page.getByTestId('network-tooltip');
    if (!(await t.count())) continue;
    const text = await t.textContent();
    if (!text.startsWith('Weight')) continue;
    const name = text.slice(0, text.indexOf(':'));
    const value = text.slice(text.indexOf(':') + 1).trim().split(/\s+/)[0];
    await page.mouse.down(); await page.mouse.up();
    await expect(page.getByTestId('value-editor-name'), `click at (${x}, ${y})`).toHaveText(name);
    // the tooltip writes a true minus sign (−); the editor's box holds a number to edit (-)
    await expect(page.getByTestId('value-editor-input')).toHaveValue(value.replace(/−/g, '-'));
    await page.getByTestId('value-editor-input').press('Escape');
    await expect(page.getByTestId('value-editor')).toHaveCount(0);
    checked += 1;
  }
  expect(checked, 'weights checked').toBeGreaterThan(5);
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
