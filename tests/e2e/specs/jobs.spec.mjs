// Background jobs (issue 13): the learning-rate sweep, the optimizer race and
// the search run in Web Workers (the engine's own wasm, crates/jobs) while the
// page keeps painting; a job shows progress, can be cancelled, and its results
// can be applied to the playground.
import { test, expect, shot, legibility } from './fixtures.mjs';

// the spiral, with the features and the layers that can learn it
const SPIRAL = 'data=Spiral&features=X1,X2,SinX1,SinX2&layers=8,8&acts=Tanh&lr=0.03&batch=10';

const status = (page) => page.getByTestId('job-status');
const frames = (page) => page.getByTestId('jobs').evaluate((el) => Number(el.dataset.frames || 0));

async function openTab(page, which) {
  await page.getByTestId(`jobs-tab-${which}`).click();
  await expect(page.getByTestId(which)).toBeVisible();
}

async function waitDone(page, timeout = 60_000) {
  await expect(status(page)).toHaveAttribute('data-running', 'false', { timeout });
}

test('a sweep on the spiral gives a curve whose minimum is at neither end, and one click applies it', async ({ page }) => {
  await page.goto(`/#${SPIRAL}`);
  await openTab(page, 'sweep');
  await expect(status(page)).not.toHaveAttribute('data-finished', '10');
  await page.getByTestId('sweep-run').click();
  // every trial ends (not "it was seen running": on a quiet machine the whole sweep can end between two polls)
  await expect(status(page)).toHaveAttribute('data-finished', '10', { timeout: 60_000 });
  await waitDone(page);
  const rows = page.getByTestId('sweep-row');
  await expect(rows).toHaveCount(10);
  const pts = await rows.evaluateAll((rs) => rs.map((r) => ({ lr: Number(r.dataset.lr), loss: r.dataset.final === '' ? Infinity : Number(r.dataset.final) })));
  // log-spaced, from 0.0001 to 3
  expect(pts[0].lr).toBeCloseTo(0.0001, 6);
  expect(pts[9].lr).toBeCloseTo(3, 6);
  const ratios = pts.slice(1).map((p, i) => p.lr / pts[i].lr);
  for (const r of ratios) expect(r / ratios[0]).toBeGreaterThan(0.97), expect(r / ratios[0]).toBeLessThan(1.03);
  const losses = pts.map((p) => p.loss);
  const min = losses.indexOf(Math.min(...losses));
  console.log(`sweep: ${pts.map((p) => `${p.lr}:${p.loss.toFixed(4)}`).join(' ')}; best at index ${min}`);
  expect(Number.isFinite(losses[min])).toBe(true);
  expect(min).toBeGreaterThan(0);
  expect(min).toBeLessThan(pts.length - 1);
  // the best is the marked row, and one click applies it to the playground
  await expect(rows.nth(min)).toHaveClass(/best/);
  await page.getByTestId('sweep-apply').click();
  await expect.poll(() => page.evaluate(() => location.hash)).toContain(`lr=${pts[min].lr}`);
  await page.getByTestId('jobs').scrollIntoViewIfNeeded();
  await shot(page, 'jobs-sweep-1280');
});

test('the same sweep twice gives the same losses (reproducible from the seed)', async ({ page }) => {
  await page.goto(`/#${SPIRAL}`);
  await openTab(page, 'sweep');
  await page.getByTestId('sweep-count').selectOption('8');
  await page.getByTestId('sweep-epochs').selectOption('25');
  const once = async () => {
    await page.getByTestId('sweep-run').click();
    await waitDone(page);
    return page.getByTestId('sweep-row').evaluateAll((rs) => rs.map((r) => r.dataset.final));
  };
  const a = await once();
  // on one worker the second time: the same trials, another schedule
  await page.getByTestId('jobs-workers').selectOption('1');
  const b = await once();
  expect(a.length).toBe(8);
  expect(a.filter((v) => v !== '').length).toBeGreaterThan(3);
  expect(b).toEqual(a);
});

test('a race shows five curves, live', async ({ page }) => {
  await page.goto(`/#${SPIRAL}`);
  await openTab(page, 'race');
  await page.getByTestId('race-epochs').selectOption('500');
  await page.getByTestId('race-run').click();
  // live: curves grow while the job still runs
  await expect.poll(async () => Number(await page.getByTestId('race-chart').getAttribute('data-curves')), { timeout: 30_000 }).toBeGreaterThan(0);
  const midway = await status(page).getAttribute('data-running');
  await waitDone(page, 90_000);
  await expect(page.getByTestId('race-chart')).toHaveAttribute('data-curves', '5');
  const rows = page.getByTestId('race-row');
  await expect(rows).toHaveCount(5);
  for (const name of ['SGD', 'momentum', 'Nesterov', 'Adam', 'RMSProp']) await expect(page.getByTestId('race')).toContainText(name);
  // each optimizer's colour is drawn on the chart: more than its legend swatch
  const counts = await page.getByTestId('race-chart').evaluate((c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const colors = [[0x1d, 0x23, 0x30], [0x1e, 0x88, 0xe5], [0x43, 0xa0, 0x47], [0xe8, 0x85, 0x0c], [0x8e, 0x24, 0xaa]];
    return colors.map(([r, g, b]) => { let n = 0; for (let i = 0; i < d.length; i += 4) if (d[i] === r && d[i + 1] === g && d[i + 2] === b) n++; return n; });
  });
  console.log(`race: pixels per curve colour ${counts.join(', ')}; running midway: ${midway}`);
  for (const n of counts) expect(n).toBeGreaterThan(60);
  await page.getByTestId('jobs').scrollIntoViewIfNeeded();
  await shot(page, 'jobs-race-1280');
});

test('a search fills a sortable table, keeps the page painting, and a row loads into the playground', async ({ page }) => {
  await page.goto(`/#${SPIRAL}`);
  await openTab(page, 'search');
  await page.getByTestId('search-trials').selectOption('10');
  await page.getByTestId('search-epochs').selectOption('50');
  await page.getByTestId('search-run').click();
  // the page keeps painting while the workers train (the playground is paused)
  const f0 = await frames(page);
  await page.waitForTimeout(1000);
  const f1 = await frames(page);
  console.log(`frames painted in 1 s during a search: ${f1 - f0}`);
  expect(f1 - f0).toBeGreaterThan(30);
  await waitDone(page);
  const rows = page.getByTestId('search-row');
  await expect(rows).toHaveCount(10);
  // sorted by test loss, ascending (the default), then descending
  const losses = async () => rows.evaluateAll((rs) => rs.map((r) => (r.dataset.loss === '' ? Infinity : Number(r.dataset.loss))));
  const asc = await losses();
  expect(asc.filter(Number.isFinite).length).toBeGreaterThan(5);
  expect([...asc].sort((a, b) => a - b)).toEqual(asc);
  await page.getByTestId('search-sort-test-loss').click();
  const desc = (await losses()).filter(Number.isFinite);
  expect([...desc].sort((a, b) => b - a)).toEqual(desc);
  await page.getByTestId('search-sort-#').click();
  expect(await rows.evaluateAll((rs) => rs.map((r) => Number(r.dataset.trial)))).toEqual([...Array(10).keys()]);
  // load the best row: the playground takes its settings (the URL says so)
  await page.getByTestId('search-sort-test-loss').click();
  const best = rows.first();
  const lr = (await best.locator('td').nth(1).textContent()).trim();
  const layers = (await best.locator('td').nth(2).textContent()).trim();
  await best.getByTestId('search-load').click();
  const [n, w] = layers.split('×');
  await expect.poll(() => page.evaluate(() => decodeURIComponent(location.hash))).toContain(`layers=${Array(Number(n)).fill(w).join(',')}`);
  expect(await page.evaluate(() => location.hash)).toContain(`lr=${lr}`);
  await page.getByTestId('jobs').scrollIntoViewIfNeeded();
  await shot(page, 'jobs-search-1280');
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.getByTestId('jobs').scrollIntoViewIfNeeded();
  await shot(page, 'jobs-search-1024');
  await page.getByTestId('presenter').click();
  await page.getByTestId('jobs').scrollIntoViewIfNeeded();
  await shot(page, 'jobs-search-1024-presenter');
  const { small, clipped } = await legibility(page, 14);
  expect(small, 'text under 14 px in presenter mode').toEqual([]);
  expect(clipped, 'clipped text').toEqual([]);
});

test('cancelling a search stops its workers: no further progress within a second', async ({ page }) => {
  await page.goto(`/#${SPIRAL}`);
  await openTab(page, 'search');
  await page.getByTestId('search-trials').selectOption('160');
  await page.getByTestId('search-epochs').selectOption('500');
  await page.getByTestId('search-run').click();
  await expect.poll(async () => Number(await status(page).getAttribute('data-epochs')), { timeout: 20_000 }).toBeGreaterThan(0);
  expect(page.workers().length).toBeGreaterThan(0);
  await page.getByTestId('job-cancel').click();
  await expect(status(page)).toHaveAttribute('data-running', 'false');
  await expect(status(page)).toHaveAttribute('data-workers', '0');
  const at = await status(page).getAttribute('data-epochs');
  // the browser itself says the workers are gone
  await expect.poll(() => page.workers().length, { timeout: 1000 }).toBe(0);
  await page.waitForTimeout(1100);
  expect(await status(page).getAttribute('data-epochs')).toBe(at);
  await expect(status(page)).toContainText('cancelled');
  // and a new job starts fresh workers
  await page.getByTestId('search-trials').selectOption('5');
  await page.getByTestId('search-epochs').selectOption('25');
  await page.getByTestId('search-run').click();
  await waitDone(page);
  await expect(page.getByTestId('search-row')).toHaveCount(5);
});
