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

// Every piece of text a class reads from the back row: nothing under 12 px, no
// select whose chosen option is cut off, no label clipped by its box.
async function legibility(page) {
  return page.evaluate(() => {
    const small = [], clipped = [];
    const ctx = document.createElement('canvas').getContext('2d');
    const visible = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden'; };
    const name = (el) => `${el.tagName.toLowerCase()}${el.dataset.testid ? `[${el.dataset.testid}]` : ''}.${el.className}: "${(el.textContent || el.value || '').trim().slice(0, 40)}"`;
    for (const el of document.querySelectorAll('body *')) {
      if (!visible(el) || el.closest('details:not([open])') && el.tagName !== 'SUMMARY') continue;
      const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()) || ['SELECT', 'INPUT', 'BUTTON'].includes(el.tagName);
      if (!own) continue;
      const cs = getComputedStyle(el);
      if (parseFloat(cs.fontSize) < 12) small.push(`${name(el)} at ${cs.fontSize}`);
      if (el.tagName === 'SELECT' && el.selectedOptions[0]) {
        ctx.font = `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
        const need = ctx.measureText(el.selectedOptions[0].text).width + parseFloat(cs.paddingLeft) + parseFloat(cs.paddingRight) + 18;
        if (need > el.clientWidth + 0.5) clipped.push(`${name(el)} needs ${need.toFixed(0)} px, has ${el.clientWidth}`);
      } else if (el.tagName !== 'INPUT' && (cs.overflow === 'hidden' || cs.overflowX === 'hidden' || cs.overflowY === 'hidden' || cs.textOverflow === 'ellipsis')
        && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)) {
        clipped.push(`${name(el)} is ${el.scrollWidth}x${el.scrollHeight} in ${el.clientWidth}x${el.clientHeight}`);
      }
    }
    return { small, clipped };
  });
}

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
