// Issue 25 item 4, a first visit: the run bar, the data, the network and the output mount
// first, the rest of the playground (charts, drawing tools, the panels below) after the first
// epoch is shown, or on its own when the page is left paused (src/ui/playground/mod.rs,
// mount_rest_later). Waits for states, never for times.
import { test, expect } from './fixtures.mjs';

// from the page's first script, at every frame (counted): the frame the network is first
// seen painted (Play is then pressed if `press`), the one the epoch counter first shows more
// than 0, the ones the inspector (the first panel below the columns) and the loss chart exist
function watch(press) {
  const t = { painted: null, epoch: null, rest: null, chart: null };
  window.__visit = t;
  let frame = 0;
  const now = () => frame;
  const tick = () => {
    frame++;
    const canvas = document.querySelector('[data-testid=network-canvas]');
    const epoch = document.querySelector('[data-testid=epoch]');
    if (t.painted === null && canvas?.width > 1 && epoch) {
      t.painted = now();
      if (press) document.querySelector('[data-testid=play]').click();
    }
    if (t.epoch === null && epoch && Number(epoch.textContent.replace(/\D/g, '')) > 0) t.epoch = now();
    if (t.rest === null && document.querySelector('[data-testid=inspector]')) t.rest = now();
    if (t.chart === null && document.querySelector('[data-testid=loss-chart]')) t.chart = now();
    if (t.rest === null || (press && t.epoch === null)) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

test('Play pressed at the first frame: the first epoch is shown before the panels below mount, and then they all do', async ({ page }) => {
  await page.addInitScript(watch, true);
  await page.goto('/#speed=max');
  const t = await page.evaluate(() => window.__visit);
  console.log(`first visit, Play at once, at frames: network painted ${t.painted}, first epoch ${t.epoch}, panels ${t.rest}`);
  expect(t.painted, 'the network was painted before the panels below mounted').toBeLessThan(t.rest);
  expect(t.epoch, 'the first epoch was shown before the panels below mounted').toBeLessThan(t.rest);
  expect(t.chart).not.toBeNull();
  // what mounted later works: a closed panel opens by its summary and computes
  await page.getByTestId('inspector').locator('summary').click();
  await expect(page.getByTestId('insp-loss')).toBeVisible();
  await expect(page.locator('[data-mounting]')).toHaveCount(0);
});

test('left paused, the page mounts its panels without Play, and the epoch stays at 0', async ({ page }) => {
  await page.addInitScript(watch, false);
  await page.goto('/');
  await page.waitForFunction(() => window.__visit.rest !== null);
  const t = await page.evaluate(() => window.__visit);
  expect(t.painted, 'the network was painted before the panels below mounted').toBeLessThan(t.rest);
  expect(t.epoch).toBeNull();
  expect(Number((await page.getByTestId('epoch').textContent()).replace(/\D/g, ''))).toBe(0);
  for (const id of ['io-panel', 'loss-chart', 'grad-health', 'inspector', 'backprop', 'advanced', 'author-lesson']) {
    await expect(page.getByTestId(id), id).toHaveCount(1);
  }
});
