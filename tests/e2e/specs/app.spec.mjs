import { test, expect, shot, legibility } from './fixtures.mjs';

test('the release build loads with its regions visible and no console error', async ({ page }) => {
  await page.goto('/');
  for (const id of ['top-bar', 'controls-column', 'network-column', 'output-column']) {
    await expect(page.getByTestId(id)).toBeVisible();
  }
  await expect(page.locator('h1')).toHaveText('NeuralScope');
  await shot(page, 'app-1280x800');
});

test('fits 1024x768 without horizontal scrolling', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.goto('/');
  await expect(page.getByTestId('network-column')).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await shot(page, 'app-1024x768');
});

test('About credits the data sources, takes the focus, and Escape closes it', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('about').click();
  await expect(page.getByTestId('about-dialog')).toContainText('CC BY 4.0');
  // a modal takes the keyboard and gives it back (found by the monkey: Escape did not close it,
  // and a backdrop left open made every later click land on it)
  await expect(page.getByTestId('about-close')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('about-dialog')).toHaveCount(0);
  await expect(page.getByTestId('about')).toBeFocused();
  await page.getByTestId('about').click();
  await page.locator('.modal-backdrop').click({ position: { x: 5, y: 5 } });
  await expect(page.getByTestId('about-dialog')).toHaveCount(0);
});

test('legible at 1024x768: no text under 12 px, nothing clipped, in both views', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.goto('/');
  await page.getByTestId('network-column').waitFor();
  await shot(page, 'app-legible-1024x768');
  await page.getByTestId('advanced').locator('summary').click();
  expect(await legibility(page)).toEqual({ small: [], clipped: [] });
  await shot(page, 'app-legible-advanced-1024x768');
  await page.getByTestId('tab-conv').click();
  await expect(page.getByTestId('conv-status')).toHaveCount(0, { timeout: 20_000 });
  await expect(page.getByTestId('conv-prediction')).toBeVisible();
  expect(await legibility(page)).toEqual({ small: [], clipped: [] });
  // paused after the switch, every canvas is still repainted at its laid-out size
  // (it was drawn once before layout settled, and stayed stretched until play)
  const sharp = () => page.evaluate(() => [...document.querySelectorAll('.conv-lab canvas')].filter((c) => c.clientWidth > 0)
    .every((c) => Math.abs(c.width - Math.round(c.clientWidth * devicePixelRatio)) <= 1
      && Math.abs(c.height - Math.round(c.clientHeight * devicePixelRatio)) <= 1));
  await expect.poll(sharp, { timeout: 3_000 }).toBe(true);
  await shot(page, 'conv-legible-1024x768');
});
