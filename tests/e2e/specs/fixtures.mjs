// Shared fixture: every page collects console errors, page errors and the panic
// banner, and a test fails if any appeared.
import { test as base, expect } from '@playwright/test';
import { mkdirSync } from 'node:fs';

export const artifacts = new URL('../artifacts/', import.meta.url).pathname;
mkdirSync(artifacts, { recursive: true });

export const test = base.extend({
  page: async ({ page }, use) => {
    const errors = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    await use(page);
    const banner = await page.locator('#panic-banner').count();
    expect(banner, 'the panic banner appeared').toBe(0);
    expect(errors, 'console errors').toEqual([]);
  },
});
export { expect };

/** Saves a screenshot under tests/e2e/artifacts/NAME.png. */
export async function shot(page, name) {
  await page.screenshot({ path: `${artifacts}${name}.png` });
}
