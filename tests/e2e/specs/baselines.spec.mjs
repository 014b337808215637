// The "Simpler models" panel (issue 13, baselines): on demand it fits logistic (or
// ridge) regression, k-NN, a decision tree and a random forest on the playground's
// data, paints each surface, and tables their scores next to the network's.
import { test, expect, shot, legibility, unnamed } from './fixtures.mjs';

const MODELS = ['Linear', 'Knn', 'Tree', 'Forest'];

/** Per surface canvas: how many distinct colours it shows, and the share of its
 * pixels that are neither transparent nor white. */
async function surfaceStats(page) {
  return page.getByTestId('baselines-surface').evaluateAll((cvs) => cvs.map((cv) => {
    const d = cv.getContext('2d').getImageData(0, 0, cv.width, cv.height).data;
    const colours = new Set();
    let painted = 0;
    for (let i = 0; i < d.length; i += 4) {
      const [r, g, b, a] = [d[i], d[i + 1], d[i + 2], d[i + 3]];
      if (a > 0 && !(r > 250 && g > 250 && b > 250)) painted++;
      colours.add((r >> 3) << 10 | (g >> 3) << 5 | (b >> 3));
    }
    return { colours: colours.size, painted: painted / (d.length / 4), w: cv.width };
  }));
}

async function compare(page) {
  const panel = page.getByTestId('baselines');
  await panel.scrollIntoViewIfNeeded();
  await expect(panel).toHaveAttribute('data-state', 'idle');
  await page.getByTestId('baselines-run').click();
  await expect(panel).toHaveAttribute('data-state', 'done', { timeout: 20_000 });
  return panel;
}

async function checkTable(page) {
  const rows = page.getByTestId('baselines-row');
  await expect(rows).toHaveCount(MODELS.length);
  expect(await rows.evaluateAll((rs) => rs.map((r) => r.dataset.model))).toEqual(MODELS);
  await expect(page.getByTestId('baselines-network-row')).toHaveCount(1);
  const scores = await page.getByTestId('baselines-table').getByTestId('baselines-score').allTextContents();
  expect(scores).toHaveLength(MODELS.length + 1);
  return scores;
}

async function checkSurfaces(page) {
  await expect(page.getByTestId('baselines-surface')).toHaveCount(MODELS.length);
  const stats = await surfaceStats(page);
  for (const s of stats) {
    expect(s.w).toBeGreaterThan(50);
    expect(s.painted, 'the surface covers its canvas').toBeGreaterThan(0.9);
    expect(s.colours, 'a surface with shades and points, not one flat colour').toBeGreaterThan(4);
  }
}

const pct = (t) => parseFloat(t.replace('%', ''));

test('default data (XOR): a row per model and the network, surfaces painted; the line fails, the others do not', async ({ page }) => {
  await page.goto('/');
  await compare(page);
  const scores = await checkTable(page);
  for (const s of scores.slice(0, 4)) expect(s).toMatch(/^\d+\.\d\s%$/);
  expect(pct(scores[0]), 'logistic regression on X1, X2 cannot do XOR').toBeLessThan(70);
  for (const s of scores.slice(1, 4)) expect(pct(s)).toBeGreaterThan(90);
  await checkSurfaces(page);
  await page.getByTestId('baselines').scrollIntoViewIfNeeded();
  await shot(page, 'baselines-xor-1280');
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.getByTestId('baselines-table').scrollIntoViewIfNeeded();
  await shot(page, 'baselines-xor-1024');
});

test('spiral: a row per model, surfaces painted, k-NN and the forest follow the arms', async ({ page }) => {
  await page.goto('/#data=Spiral');
  await compare(page);
  const scores = await checkTable(page);
  expect(pct(scores[0])).toBeLessThan(75);
  expect(pct(scores[1])).toBeGreaterThan(85);
  expect(pct(scores[3])).toBeGreaterThan(85);
  await checkSurfaces(page);
  await page.getByTestId('baselines-tiles').scrollIntoViewIfNeeded();
  await shot(page, 'baselines-spiral-1280');
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.getByTestId('baselines-tiles').scrollIntoViewIfNeeded();
  await shot(page, 'baselines-spiral-1024');
  // changing the data marks the comparison stale; comparing again refits on the new data
  await expect(page.getByTestId('baselines-stale')).toHaveCount(0);
  await page.getByTestId('dataset-Circle').click();
  await expect(page.getByTestId('baselines-stale')).toBeVisible();
  await page.getByTestId('baselines-run').click();
  await expect(page.getByTestId('baselines-stale')).toHaveCount(0, { timeout: 20_000 });
  await expect(page.getByTestId('baselines')).toHaveAttribute('data-state', 'done');
});

test('regression (multi-Gaussian): losses in the table, ridge worst, surfaces painted', async ({ page }) => {
  await page.goto('/#data=RegressGaussian&out=Identity');
  await compare(page);
  await expect(page.getByTestId('baselines-table')).toContainText('Ridge regression');
  await expect(page.getByTestId('baselines-table')).toContainText('Test loss');
  const scores = await checkTable(page);
  const losses = scores.slice(0, 4).map((t) => parseFloat(t.replace(/−/g, '-')));
  for (const l of losses) expect(l).toBeGreaterThanOrEqual(0);
  expect(losses[0], 'a plane cannot follow six bumps').toBeGreaterThan(Math.min(...losses.slice(1)));
  await checkSurfaces(page);
  await page.getByTestId('baselines-tiles').scrollIntoViewIfNeeded();
  await shot(page, 'baselines-regression-1280');
});

test('three classes: a plain message, no panic', async ({ page }) => {
  await page.goto('/#data=ThreeBlobs');
  await page.getByTestId('baselines').scrollIntoViewIfNeeded();
  await page.getByTestId('baselines-run').click();
  await expect(page.getByTestId('baselines-error')).toContainText('3 classes');
});

test('presenter mode at 1024x768: the results legible (no text under 14 px, nothing clipped), every canvas named', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.goto('/');
  await page.getByTestId('presenter').click();
  await expect(page.getByTestId('presenter')).toHaveAttribute('aria-pressed', 'true');
  await compare(page);
  expect(await legibility(page, 14)).toEqual({ small: [], clipped: [] });
  expect(await unnamed(page, '[data-testid="baselines"]')).toEqual({ controls: [], canvases: [], count: 4 });
  await page.getByTestId('baselines-tiles').scrollIntoViewIfNeeded();
  await shot(page, 'baselines-presenter-1024');
});
