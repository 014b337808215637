// Issue 27 item 3: the pictures as data. Beside the network, the output and the loss chart,
// a disclosure says what the picture shows (tables with captions and heads, a sentence, the
// last values), read from the running session only while open and at most once a second.
import { test, expect, shot } from './fixtures.mjs';

/** Opens the disclosure `id` (a <details>) and waits for its words. */
async function open(page, id) {
  const d = page.getByTestId(id);
  await d.locator('summary').click();
  await expect(d).toHaveAttribute('open', '');
  await expect(page.getByTestId(`${id}-text`)).not.toBeEmpty();
  return d;
}

/** Types `value` into the inspector's weight or bias `id` with the keyboard. */
async function setParam(page, id, value) {
  await page.getByTestId(id).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('insp-edit-input')).toBeFocused();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type(String(value));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('insp-edit-input')).toHaveCount(0);
  // the focus is given back to the weight (a frame later): wait for it before the next one
  await expect.poll(() => page.evaluate(() => document.activeElement?.dataset?.testid)).toBe(id);
}

test('the network as a table: one per layer, caption and heads, the weights the inspector shows; nothing while closed', async ({ page }) => {
  await page.goto('/#data=XorTable&features=X1,X2&layers=3&acts=Relu');
  const d = page.getByTestId('network-as-text');
  await expect(d).toBeVisible();
  // closed: nothing is read or built
  await expect(d.locator('table')).toHaveCount(0);
  await open(page, 'network-as-text');
  const tables = d.locator('table');
  await expect(tables).toHaveCount(2);
  await expect(tables.nth(0).locator('caption')).toHaveText('Hidden layer 1: 3 neurons, ReLU activation');
  await expect(tables.nth(1).locator('caption')).toHaveText(/^Output layer: 1 neuron, \S+ activation$/);
  await expect(tables.nth(0).locator('thead th[scope=col]')).toHaveText(['Neuron', 'Bias', 'Weight from X₁', 'Weight from X₂', 'Output over the square']);
  await expect(tables.nth(0).locator('tbody th[scope=row]')).toHaveText(['Neuron 1', 'Neuron 2', 'Neuron 3']);
  await expect(tables.nth(1).locator('thead th[scope=col]')).toHaveText(['Neuron', 'Bias', 'Weight from neuron 1', 'Weight from neuron 2', 'Weight from neuron 3', 'Output over the square']);
  // a weight typed in the inspector (from X₂ into neuron 3) is in the table within a refresh
  await page.getByTestId('inspector').locator('summary').click();
  await setParam(page, 'insp-w-0-2-1', '0.625');
  await expect(tables.nth(0).locator('tbody tr').nth(2).locator('td').nth(2)).toHaveText('0.625');
  await setParam(page, 'insp-b-0-0', '-1.5');
  await expect(tables.nth(0).locator('tbody tr').nth(0).locator('td').nth(0)).toHaveText('−1.5');
  // closing removes the tables
  await d.locator('summary').click();
  await expect(d.locator('table')).toHaveCount(0);
});

test('while training, an open table follows the weights at most once a second; the cells change in place', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto('/#data=XorTable&features=X1,X2&layers=3&acts=Relu&speed=1');
  const d = await open(page, 'network-as-text');
  const firstCell = d.locator('table').nth(0).locator('tbody tr').nth(0).locator('td').nth(0);
  const before = await firstCell.textContent();
  // count the refreshes: the observer's callbacks on the tables, with the page's clock
  await page.evaluate(() => {
    const el = document.querySelector('[data-testid="network-as-text"]');
    window.__tables = el.querySelectorAll('table');
    window.__changes = [];
    new MutationObserver(() => window.__changes.push(performance.now())).observe(el, { childList: true, characterData: true, subtree: true });
  });
  await page.getByTestId('play').click();
  const start = await page.evaluate(() => performance.now());
  await expect.poll(() => firstCell.textContent(), { timeout: 30_000 }).not.toBe(before);
  await expect.poll(() => page.evaluate(() => performance.now()), { timeout: 30_000, intervals: [500] }).toBeGreaterThan(start + 6_000);
  await page.getByTestId('play').click();
  const changes = await page.evaluate((start) => window.__changes.filter((t) => t >= start && t < start + 6_000), start);
  // one observer callback per refresh (a refresh updates its cells in one task)
  const gaps = changes.slice(1).map((t, i) => t - changes[i]);
  console.log(`${changes.length} refreshes over 6 s of training, ${Math.min(...gaps).toFixed(0)} ms apart at least`);
  expect(changes.length).toBeGreaterThanOrEqual(3);
  expect(changes.length).toBeLessThanOrEqual(7);
  for (const g of gaps) expect(g, 'a refresh came less than a second after the last').toBeGreaterThan(900);
  // the same table elements: refreshed in place (a reader keeps its place), not rebuilt
  expect(await page.evaluate(() => [...document.querySelectorAll('[data-testid="network-as-text"] table')].every((t, i) => t === window.__tables[i]))).toBe(true);
});

test('the output in words: which class where, from the output grid, and the accuracy', async ({ page }) => {
  // one hidden ReLU neuron reading x₁ alone: the output is positive right of the middle, zero left of it
  await page.goto('/#data=XorTable&features=X1,X2&layers=1&acts=Relu');
  await page.getByTestId('inspector').locator('summary').click();
  await setParam(page, 'insp-w-0-0-0', '1');
  await setParam(page, 'insp-w-0-0-1', '0');
  await setParam(page, 'insp-b-0-0', '0');
  await setParam(page, 'insp-w-1-0-0', '1');
  await setParam(page, 'insp-b-1-0', '0');
  await open(page, 'output-as-text');
  const text = page.getByTestId('output-as-text-text');
  await expect(text).toHaveText(/^Orange on the left \(50 %\), blue on the right \(50 %\)\. Epoch 0: (test )?loss [\d.]+, (test )?accuracy \d+ %\.$/);
  // the accuracy said is the page's
  const acc = (await page.getByTestId('test-accuracy').textContent()).replace(/\.\d %$/, '');
  expect((await text.textContent()).match(/accuracy (\d+) %/)[1]).toBe(String(Math.round(Number(acc))));
  // the other way round: blue on the left
  await setParam(page, 'insp-w-1-0-0', '-1');
  await setParam(page, 'insp-b-1-0', '0.001');
  await expect(text).toHaveText(/^Orange on the right \(50 %\), blue on the left \(50 %\)\./);
});

test('the loss chart\'s last values: the epoch, losses and accuracies the page shows', async ({ page }) => {
  await page.goto('/#speed=1');
  await page.getByTestId('play').click();
  await expect.poll(async () => Number((await page.getByTestId('epoch').textContent()).replace(/,/g, '')), { timeout: 30_000 }).toBeGreaterThan(30);
  await page.getByTestId('play').click();
  await open(page, 'loss-as-text');
  const epoch = Number((await page.getByTestId('epoch').textContent()).replace(/,/g, ''));
  const testLoss = await page.getByTestId('test-loss').textContent();
  const trainLoss = await page.getByTestId('train-loss').textContent();
  const words = page.getByTestId('loss-as-text-text');
  await expect(words).toContainText(`Epoch ${epoch.toLocaleString('en-US')}: training loss ${trainLoss}, test loss ${testLoss}, training accuracy `);
  await expect(words).toContainText(/test accuracy [\d.]+ %\. Lowest test loss so far: [\d.e−]+ at epoch [\d,]+\.$/);
});

test('screenshots of the pictures as data at three sizes', async ({ page }) => {
  for (const [w, h] of [[1024, 768], [768, 1024], [390, 844]]) {
    await page.setViewportSize({ width: w, height: h });
    await page.goto('about:blank');
    await page.goto('/#data=XorTable&features=X1,X2&layers=3&acts=Relu');
    for (const id of ['network-as-text', 'output-as-text', 'loss-as-text']) await open(page, id);
    // no table widens the page: a wide one scrolls in its own box
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(w);
    await page.getByTestId('network-as-text').scrollIntoViewIfNeeded();
    await shot(page, `as-text-network-${w}x${h}`);
    await page.getByTestId('output-as-text').scrollIntoViewIfNeeded();
    await shot(page, `as-text-output-${w}x${h}`);
  }
});

test('the labs\' loss charts: their last values as text, following a step', async ({ page }) => {
  for (const [view, step, id] of [['conv', 'conv-step', 'conv-loss-as-text'], ['rnn', 'rnn-step', 'lab-loss-as-text'], ['autoencoder', 'ae-step', 'lab-loss-as-text']]) {
    await page.goto('about:blank');
    await page.goto(`/#view=${view}`);
    await page.getByTestId(step).click();
    const d = page.getByTestId(id);
    await d.locator('summary').click();
    const words = page.getByTestId(`${id}-text`);
    await expect(words, view).toHaveText(/^Epoch 1: (training|reconstruction) loss [\d.e−]+[.,]/, { timeout: 30_000 });
    await page.getByTestId(step).click();
    await expect(words, view).toHaveText(/^Epoch 2: /, { timeout: 30_000 });
  }
});
