// Play pressed while a lab's digits are still loading is kept: the first net trains as soon as
// they are in (the autoencoder paused every rebuild, the first one too, so a press made during
// the load was dropped: the epoch stayed at 0 with nothing said; WebKit's cross-browser check
// met it on a busy machine).
import { test, expect } from './fixtures.mjs';

const epoch = async (page, id) => Number((await page.getByTestId(id).textContent()).replace(/[^\d]/g, ''));

for (const [view, status, play, counter] of [
  ['autoencoder', 'ae-status', 'ae-play', 'ae-epoch'],
  ['conv', 'conv-status', 'conv-play', 'conv-epoch'],
]) {
  test(`${view}: Play pressed while the digits load starts the run once they are in`, async ({ page }) => {
    let release;
    const held = new Promise((r) => { release = r; });
    let asked = false;
    await page.route('**/digits.csv.gz*', async (route) => { asked = true; await held; await route.continue(); });
    await page.goto(`/#view=${view}`);
    await expect.poll(() => asked, { message: 'the digits were asked for' }).toBe(true);
    await expect(page.getByTestId(status)).toBeVisible(); // still loading
    await page.getByTestId(play).click();
    release();
    await expect(page.getByTestId(status)).toHaveCount(0, { timeout: 20_000 }); // the digits are in
    await expect.poll(() => epoch(page, counter), { timeout: 30_000, message: 'the run the press asked for' }).toBeGreaterThan(3);
  });
}
