// The panic banner's Reload button reloads the page (issue 23): it was wired with an
// inline onclick attribute, which the page's own Content-Security-Policy refuses.
// The shipped app has no way to panic on purpose, so the test makes a real one:
// the browser's createElement is made to fail once, and the next element Leptos
// creates unwraps that failure inside the app, as any panic would.
import { test as base, expect } from '@playwright/test';

base('a real panic shows the banner, and its Reload button brings the page back', async ({ page }) => {
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('./');
  await expect(page.getByTestId('play')).toBeVisible();
  await page.evaluate(() => {
    const real = Document.prototype.createElement;
    Document.prototype.createElement = function () {
      Document.prototype.createElement = real; // fail once, then let the banner be built
      throw new Error('createElement failed (forced by the panic test)');
    };
  });
  await page.getByTestId('add-layer').click();
  const banner = page.getByTestId('panic-banner');
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('Something went wrong inside NeuralScope');
  expect(errors.some((e) => /NeuralScope panicked/.test(e)), 'the panic is logged').toBe(true);

  const csp = [];
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) csp.push(m.text()); });
  await Promise.all([page.waitForEvent('load'), banner.getByRole('button', { name: 'Reload' }).click()]);
  await expect(page.getByTestId('play')).toBeVisible();
  await expect(page.getByTestId('panic-banner')).toHaveCount(0);
  expect(csp, 'the Reload button broke no Content-Security-Policy rule').toEqual([]);
});
