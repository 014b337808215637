// Issue 27 item 3, the rest: the other charts and the labs' pictures as data. Beside the
// playground's activation and gradient-health charts, the recurrent lab's gradient reach, the
// autoencoder's reconstructions and code space and the convolution lab's kernels, a "… as text"
// disclosure gives the numbers as tables (captions, heads), read only while open.
import { test, expect, shot } from './fixtures.mjs';

const num = (s) => parseFloat(s.replace(/,/g, '').replace(/−/g, '-'));

/** Opens the disclosure `id` (a <details>) and waits for its words. */
async function open(page, id) {
  const d = page.getByTestId(id);
  await expect(d.locator('table')).toHaveCount(0); // closed: nothing built
  await d.locator('summary').first().click();
  await expect(d).toHaveAttribute('open', '');
  await expect(page.getByTestId(`${id}-text`)).not.toBeEmpty();
  return d;
}

/** All the cells of the table `t` (rows of strings, row heads first). */
const cells = (t) => t.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => c.textContent)));

test('recurrent lab: the gradient reach as a table, its sentence the page\'s, changing while training', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto('/#view=rnn&task=echo&steps=20&k=8&hidden=16&seed=5');
  await expect(page.getByTestId('rnn-epoch')).toHaveText('0');
  await expect(page.getByTestId('rnn-reach-text')).not.toBeEmpty();
  const d = await open(page, 'rnn-reach-as-text');
  const t = d.locator('table');
  await expect(t.locator('caption')).toHaveText('Size of the gradient of the last output, by steps back');
  await expect(t.locator('thead th[scope=col]')).toHaveText(['Steps back', 'Gradient now', 'At the start']);
  await expect(page.getByTestId('rnn-reach-as-text-text')).toHaveText(await page.getByTestId('rnn-reach-text').textContent());
  const before = await cells(t);
  expect(before.length).toBeGreaterThan(8);
  // before training, now = at the start; the echo's sentence is the table's ratio at k = 8
  for (const [, now, start] of before) expect(now).toBe(start);
  await page.getByTestId('rnn-play').click();
  await expect.poll(() => cells(t).then((c) => c[before.length - 1][1]), { timeout: 30_000 }).not.toBe(before[before.length - 1][1]);
  await page.getByTestId('rnn-play').click();
  await expect(page.getByTestId('rnn-reach-as-text-text')).toHaveText(await page.getByTestId('rnn-reach-text').textContent());
  const after = await cells(t);
  for (let s = 0; s < after.length; s++) expect(after[s][2], 'the start column stays').toBe(before[s][2]);
});

test('autoencoder: each digit\'s reconstruction error and where its codes lie, changing while training', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto('/#view=autoencoder');
  await expect(page.getByTestId('ae-status')).toHaveCount(0, { timeout: 10_000 });
  await expect(page.getByTestId('ae-epoch')).toHaveText('0');
  const r = await open(page, 'ae-recon-as-text');
  const rt = r.locator('table');
  await expect(rt.locator('thead th[scope=col]')).toHaveText(['Digit', 'Reconstruction error']);
  await expect(rt.locator('tbody th[scope=row]')).toHaveText(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  const e0 = (await cells(rt)).map((row) => num(row[1]));
  // the same measure as the page's loss (½·Σ (x̂ − x)² per image): untrained, each example near it
  const loss0 = num(await page.getByTestId('ae-loss').textContent());
  const mean0 = e0.reduce((a, b) => a + b, 0) / e0.length;
  console.log(`untrained: loss ${loss0}, mean error of the 10 examples ${mean0.toFixed(3)}`);
  expect(mean0).toBeGreaterThan(loss0 / 2);
  expect(mean0).toBeLessThan(loss0 * 2);
  const worst = Math.max(...e0);
  await expect(page.getByTestId('ae-recon-as-text-text')).toContainText(`error ${(await cells(rt)).find((row) => num(row[1]) === worst)[1]}.`);

  const c = await open(page, 'ae-code-as-text');
  const ct = c.locator('table');
  await expect(ct.locator('thead th[scope=col]')).toHaveText(['Digit', 'Images', 'Mean of code unit 1', 'Mean of code unit 2']);
  await expect(page.getByTestId('ae-code-as-text-text')).toHaveText(await page.getByTestId('ae-code-note').textContent());
  const codes0 = await cells(ct);
  expect(codes0.map((row) => row[0])).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  expect(codes0.reduce((n, row) => n + Number(row[1]), 0)).toBeGreaterThan(1000);

  await page.getByTestId('ae-play').click();
  await expect.poll(async () => num(await page.getByTestId('ae-epoch').textContent()), { timeout: 30_000 }).toBeGreaterThanOrEqual(20);
  await page.getByTestId('ae-play').click();
  const loss = num(await page.getByTestId('ae-loss').textContent());
  await expect.poll(async () => (await cells(rt)).map((row) => num(row[1])).reduce((a, b) => a + b, 0) / 10, { timeout: 10_000 }).toBeLessThan(mean0 / 1.5);
  console.log(`after training: loss ${loss}, errors ${(await cells(rt)).map((row) => row[1]).join(' ')}`);
  await expect.poll(() => cells(ct), { timeout: 10_000 }).not.toEqual(codes0);
  await page.setViewportSize({ width: 1024, height: 768 });
  await r.scrollIntoViewIfNeeded();
  await shot(page, 'labs-as-text-ae-1024x768');
});

test('convolution lab: each kernel as a table, the numbers the hover shows', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto('/#view=conv');
  const d = await open(page, 'conv-kernels-as-text');
  const tables = d.locator('table');
  await expect(tables.first().locator('caption')).toHaveText(/^Layer 1 kernel 1, bias [−\d.e]+$/);
  const n = await tables.count();
  await expect(page.getByTestId('conv-kernels-as-text-text')).toHaveText(new RegExp(`^${n} kernels\\.`));
  const first = await cells(tables.first());
  // the hover's top-left weight of kernel 1 (4 decimals) is the table's (3 decimals)
  const box = await page.getByTestId('conv-kernels').boundingBox();
  await page.mouse.move(box.x + 5, box.y + 32);
  await expect(page.getByTestId('conv-kernel-numbers')).toContainText('w[1,1] = ');
  const hovered = num((await page.getByTestId('conv-kernel-numbers').textContent()).match(/w\[1,1\] = ([+\-\d.]+)/)[1]);
  expect(Math.abs(hovered - num(first[0][1]))).toBeLessThan(0.0006);
  await page.getByTestId('conv-step').click();
  await expect.poll(() => cells(tables.first()), { timeout: 30_000 }).not.toEqual(first);
});

test('playground: the activation and gradient-health charts\' values, the page\'s sentence, following a step', async ({ page }) => {
  await page.goto('/#data=XorTable&features=X1,X2&layers=3,2&acts=Relu');
  const a = await open(page, 'activation-as-text');
  const at = a.locator('table');
  await expect(at.locator('thead th[scope=col]')).toHaveText(['Layer', 'Mean z', 'Lowest z', 'Highest z', 'Share with f′(z) below 0.1']);
  await expect(at.locator('tbody th[scope=row]')).toHaveText(['Hidden layer 1', 'Hidden layer 2']);
  await expect(page.getByTestId('activation-as-text-text')).toContainText('Activation ReLU');
  const a0 = await cells(at);
  for (const row of a0) expect(num(row[2])).toBeLessThanOrEqual(num(row[1]));

  await page.getByTestId('grad-health').locator('summary').first().click();
  await expect(page.getByTestId('grad-health')).toHaveAttribute('open', '');
  const g = await open(page, 'grad-health-as-text');
  await expect(page.getByTestId('grad-health-as-text-text')).toHaveText('No step taken yet: press play or step.');
  await page.getByTestId('step').click();
  const gt = g.locator('table');
  await expect(gt.locator('tbody th[scope=row]')).toHaveText(['hidden 1', 'hidden 2', 'output'], { timeout: 10_000 });
  await expect(page.getByTestId('grad-health-as-text-text')).toHaveText(await page.getByTestId('grad-health-summary').textContent());
  await page.getByTestId('step').click();
  await page.getByTestId('step').click();
  await expect.poll(() => cells(at), { timeout: 10_000 }).not.toEqual(a0);
  // the last step's norms: the page's full-precision ones (within a refresh)
  const latest = (await page.getByTestId('grad-health').getAttribute('data-latest')).split(',').map(Number);
  await expect.poll(async () => (await cells(gt)).every((row, l) => Math.abs(num(row[1]) - latest[l]) <= Math.max(0.00051, latest[l] * 0.01)), { timeout: 10_000 }).toBe(true);
  await expect(page.getByTestId('grad-health-as-text-text')).toHaveText(await page.getByTestId('grad-health-summary').textContent());
  await page.setViewportSize({ width: 390, height: 844 });
  await g.scrollIntoViewIfNeeded();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await shot(page, 'labs-as-text-grad-390x844');
});

test('the open panels pass axe-core\'s WCAG 2.0/2.1 A and AA rules', async ({ page }) => {
  test.setTimeout(90_000);
  const { readFileSync } = await import('node:fs');
  const { createRequire } = await import('node:module');
  const source = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  const views = [
    ['/#data=XorTable&features=X1,X2&layers=3,2&acts=Relu', ['activation-as-text']],
    ['/#view=rnn', ['rnn-reach-as-text']],
    ['/#view=autoencoder', ['ae-recon-as-text', 'ae-code-as-text']],
    ['/#view=conv', ['conv-kernels-as-text']],
  ];
  for (const [url, ids] of views) {
    await page.goto('about:blank');
    await page.goto(url);
    if (url.includes('autoencoder')) await expect(page.getByTestId('ae-status')).toHaveCount(0, { timeout: 10_000 });
    for (const id of ids) await open(page, id);
    // the page's CSP allows no injected <script>: axe's source is evaluated as an expression
    await page.evaluate(`${source}\n;0`);
    const found = await page.evaluate(async (ids) => {
      const r = await window.axe.run(ids.map((id) => `[data-testid="${id}"]`), { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
      return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    }, ids);
    expect(found, url).toEqual([]);
  }
});
