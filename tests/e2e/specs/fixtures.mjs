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
    // the playground mounts its lower panels once the first epoch is painted or the page
    // stands paused a moment (data-mounting until then): a test sees the whole page, as before
    for (const k of ['goto', 'reload']) {
      const go = page[k].bind(page);
      page[k] = async (...a) => {
        const r = await go(...a);
        await page.waitForFunction(() => !document.querySelector('[data-mounting]'), null, { timeout: 30_000 });
        return r;
      };
    }
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

// Every piece of text a class reads from the back row: nothing under `min` px (12,
// 14 in presenter mode), no select whose chosen option is cut off, no label clipped by its box.
export async function legibility(page, min = 12) {
  return page.evaluate((min) => {
    const small = [], clipped = [];
    const ctx = document.createElement('canvas').getContext('2d');
    const visible = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden'; };
    const name = (el) => `${el.tagName.toLowerCase()}${el.dataset.testid ? `[${el.dataset.testid}]` : ''}.${el.className}: "${(el.textContent || el.value || '').trim().slice(0, 40)}"`;
    for (const el of document.querySelectorAll('body *')) {
      if (!visible(el) || el.closest('details:not([open])') && el.tagName !== 'SUMMARY') continue;
      if (el.closest('.visually-hidden')) continue; // words for screen readers only (the live region)
      const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()) || ['SELECT', 'INPUT', 'BUTTON'].includes(el.tagName);
      if (!own) continue;
      const cs = getComputedStyle(el);
      if (parseFloat(cs.fontSize) < min) small.push(`${name(el)} at ${cs.fontSize}`);
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
  }, min);
}

/** Inside `root` (a CSS selector): the shown controls without an accessible name, the shown
 * canvases without role="img" and a text alternative, and how many canvases there are. */
export function unnamed(page, root) {
  return page.evaluate((root) => {
    const named = (e) => (e.getAttribute('aria-label') || '').trim() || (e.getAttribute('title') || '').trim()
      || (e.labels && [...e.labels].map((l) => l.textContent.trim()).join(''))
      || (e.tagName === 'BUTTON' && e.textContent.trim());
    const shown = (e) => e.getClientRects().length > 0;
    const controls = [...document.querySelectorAll(`${root} button, ${root} select, ${root} input`)]
      .filter(shown).filter((e) => !named(e)).map((e) => e.dataset.testid || e.outerHTML.slice(0, 80));
    const canvases = [...document.querySelectorAll(`${root} canvas`)].filter(shown)
      .filter((c) => !(c.getAttribute('role') === 'img' && (c.getAttribute('aria-label') || '').length > 10)
        && c.getAttribute('aria-hidden') !== 'true')
      .map((c) => c.dataset.testid || c.className);
    return { controls, canvases, count: document.querySelectorAll(`${root} canvas`).length };
  }, root);
}
