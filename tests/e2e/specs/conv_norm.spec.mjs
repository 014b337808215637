// The convolution lab's batch-norm switch, end to end in headless Chromium: the
// switch puts a batch norm after the convolution (the parameter count shows
// its γ and β), the net trains with it and its test accuracy rises, no console error.
// Screenshots at 1280×800 and 1024×768: tests/e2e/artifacts/conv-norm-*.png.
import { test, expect, shot } from './fixtures.mjs';

const pctOf = async (page, id) => parseFloat((await page.getByTestId(id).textContent()).replace(',', '.'));

for (const [w, h] of [[1280, 800], [1024, 768]]) {
  test(`batch norm in the conv lab trains and its accuracy rises (${w}x${h})`, async ({ page }) => {
    await page.setViewportSize({ width: w, height: h });
    await page.goto('/#view=conv');
    await expect(page.getByTestId('conv-lab')).toBeVisible();
    await expect(page.getByTestId('conv-status')).toHaveCount(0, { timeout: 20_000 });
    const bn = page.getByTestId('conv-batchnorm');
    await expect(bn).not.toBeChecked();
    // the default net: 810 parameters; a batch norm adds γ and β for its 8 channels
    await expect(page.getByTestId('conv-params')).toContainText('810 parameters');
    await bn.check();
    await expect(bn).toBeChecked();
    // conv (no activation of its own) → batch norm, ReLU → max-pool
    await expect(page.getByTestId('conv-params')).toContainText('826 parameters');
    await expect(page.getByTestId('conv-maps')).toBeVisible();
    await expect(page.getByTestId('conv-status')).toHaveCount(0);
    const start = await pctOf(page, 'conv-test-acc');
    expect(start).toBeLessThan(50);
    await page.getByTestId('conv-play').click();
    await expect.poll(() => pctOf(page, 'conv-test-acc'), { timeout: 15_000, intervals: [100] }).toBeGreaterThan(90);
    await page.getByTestId('conv-play').click(); // pause
    console.log(`batch norm (${w}x${h}): test ${await page.getByTestId('conv-test-acc').textContent()} at epoch ${await page.getByTestId('conv-epoch').textContent()}; ${await page.getByTestId('conv-t95').textContent()}`);
    await shot(page, `conv-norm-${w}x${h}`);
    // and off again: the plain net is back
    await bn.uncheck();
    await expect(page.getByTestId('conv-params')).toContainText('810 parameters');
  });
}
