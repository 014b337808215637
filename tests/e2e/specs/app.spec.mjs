import { test, expect, shot } from './fixtures.mjs';

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

test('About credits the data sources', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('about').click();
  await expect(page.getByTestId('about-dialog')).toContainText('CC BY 4.0');
});
