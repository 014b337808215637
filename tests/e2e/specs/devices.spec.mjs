// Tablets and phones (issue 25, item 2): at 390x844 (a phone), 768x1024 (a tablet held
// upright) and 1024x768 (a tablet on its side or a classroom laptop), with a touch screen,
// every view shows every picture, nothing overlaps or scrolls sideways, nothing is under
// 12 px, every target is at least 24 px; and the page is used by touch: tabs, sliders,
// drawing points by dragging, editing a weight, picking the inspector's point.
import { test, expect, shot, legibility } from './fixtures.mjs';

const SIZES = [[390, 844], [768, 1024], [1024, 768]];
const VIEWS = [
  ['playground', '', ['network-canvas', 'output-canvas', 'loss-chart']],
  ['conv', '#view=conv', ['conv-kernels', 'conv-maps', 'conv-draw-canvas']],
  ['rnn', '#view=rnn', ['rnn-unrolled']],
  ['autoencoder', '#view=autoencoder', ['ae-code-space', 'ae-recon']],
  // a lesson adds its bar (goal, progress, leave) above the view
  ['lesson-3', '#lesson=3', ['network-canvas', 'output-canvas']],
  ['lesson-9', '#lesson=9', ['conv-kernels', 'conv-maps']],
];

/** What a finger cannot use: sideways scroll, pictures squeezed, controls on top of each
 * other or of a picture, targets under 24 px. */
function layoutFaults(page, pictures) {
  return page.evaluate((pictures) => {
    const faults = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > doc.clientWidth) faults.push(`the page scrolls sideways: ${doc.scrollWidth} px in ${doc.clientWidth}`);
    const shown = (el) => {
      const r = el.getBoundingClientRect();
      const cs = getComputedStyle(el);
      return r.width > 0 && r.height > 0 && cs.visibility !== 'hidden' && cs.opacity !== '0' && !el.closest('details:not([open]) > :not(summary)');
    };
    for (const id of pictures) {
      const el = document.querySelector(`[data-testid="${id}"]`);
      const r = el && el.getBoundingClientRect();
      if (!r || r.width < 120 || r.height < 40) faults.push(`picture ${id} is ${r ? `${r.width.toFixed(0)}x${r.height.toFixed(0)}` : 'missing'}`);
    }
    const name = (el) => `${el.tagName.toLowerCase()}[${el.dataset.testid || el.getAttribute('aria-label') || el.textContent.trim().slice(0, 20)}]`;
    // a visually hidden file input is worked through its labelled button
    const controls = [...document.querySelectorAll('button, select, input, a[href]')]
      .filter((el) => shown(el) && !(el.type === 'file'));
    const boxOf = (el) => {
      // a checkbox's target is its label, when the label holds it
      const l = (el.type === 'checkbox' || el.type === 'radio') && el.closest('label');
      return (l || el).getBoundingClientRect();
    };
    for (const el of controls) {
      const r = boxOf(el);
      if (r.height < 24 - 0.5) faults.push(`${name(el)} is ${r.height.toFixed(0)} px tall (a finger needs 24)`);
    }
    const overlap = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
    for (let i = 0; i < controls.length; i++) {
      for (let j = i + 1; j < controls.length; j++) {
        const [a, b] = [controls[i], controls[j]];
        if (a.contains(b) || b.contains(a) || a.closest('label') && a.closest('label') === b.closest('label')) continue;
        if (overlap(a.getBoundingClientRect(), b.getBoundingClientRect())) faults.push(`${name(a)} overlaps ${name(b)}`);
      }
    }
    const canvases = [...document.querySelectorAll('canvas')].filter(shown);
    for (const el of controls) {
      for (const cv of canvases) {
        if (!el.contains(cv) && overlap(el.getBoundingClientRect(), cv.getBoundingClientRect())) faults.push(`${name(el)} lies over the picture ${name(cv)}`);
      }
    }
    return faults;
  }, pictures);
}

for (const [w, h] of SIZES) {
  test.describe(`${w}x${h} by touch`, () => {
    test.use({ viewport: { width: w, height: h }, hasTouch: true, isMobile: w < 1000 });

    for (const [view, hash, pictures] of VIEWS) {
      test(`${view}: every picture shown, nothing overlapping, sideways or too small`, async ({ page }) => {
        await page.goto(`/${hash}`);
        await expect(page.getByTestId(pictures[0])).toBeVisible();
        // the pictures have been painted at their size (a frame or two after the mount)
        await page.waitForFunction((id) => {
          const c = document.querySelector(`[data-testid="${id}"]`);
          return c && c.width > 1;
        }, pictures[0]);
        await shot(page, `devices-${view}-${w}x${h}`);
        expect(await layoutFaults(page, pictures)).toEqual([]);
        expect(await legibility(page, 12)).toEqual({ small: [], clipped: [] });
      });
    }

    test('switch views, move a slider, pick the inspector\'s point and edit a weight, all by touch', async ({ page }) => {
      await page.goto('/');
      for (const tab of ['tab-conv', 'tab-rnn', 'tab-autoencoder', 'tab-playground']) {
        await page.getByTestId(tab).tap();
        await expect(page.getByTestId(tab)).toHaveAttribute('aria-pressed', 'true');
      }
      // a slider follows a finger dragged along it
      const slider = page.getByTestId('noise');
      await slider.scrollIntoViewIfNeeded();
      const before = await slider.inputValue();
      const s = await slider.boundingBox();
      const cdp = await page.context().newCDPSession(page);
      await drag(cdp, [[s.x + 4, s.y + s.height / 2], [s.x + s.width * 0.5, s.y + s.height / 2], [s.x + s.width * 0.7, s.y + s.height / 2]]);
      await expect.poll(() => slider.inputValue()).not.toBe(before);

      // a tap on the output picks the inspector's point, and the inspector comes into view
      const out = page.getByTestId('output-canvas');
      await out.scrollIntoViewIfNeeded();
      const o = await out.boundingBox();
      await page.touchscreen.tap(o.x + o.width * 0.5, o.y + o.height * 0.4);
      await expect(page.getByTestId('inspector')).toHaveAttribute('open', '');
      // stacked panels (a tablet upright, a phone) put it far below: the page brings it up
      if (w <= 900) await expect(page.getByTestId('inspector')).toBeInViewport();

      // a tap on a weight's line opens its editor (the line is thin; a finger gets 12 px of slack)
      const net = page.getByTestId('network-canvas');
      await net.scrollIntoViewIfNeeded();
      const n = await net.boundingBox();
      let found = '';
      for (let fx = 0.12; fx < 0.32 && !found; fx += 0.03) {
        for (let fy = 0.25; fy < 0.75 && !found; fy += 0.05) {
          await page.touchscreen.tap(n.x + n.width * fx, n.y + n.height * fy);
          const name = page.getByTestId('value-editor-name');
          if (await name.count() && (await name.textContent()).startsWith('Weight')) found = await name.textContent();
        }
      }
      expect(found, 'a tap somewhere between the inputs and the first hidden layer lands on a weight').not.toBe('');
      const input = page.getByTestId('value-editor-input');
      await input.fill('2.5');
      await input.press('Enter');
      await expect(page.getByTestId('value-editor')).toHaveCount(0);
      // what a hover shows, a tap shows: the weight's value in the tooltip, the loss chart's numbers
      await shot(page, `devices-weight-edited-${w}x${h}`);
      const chart = page.getByTestId('loss-chart');
      await page.getByTestId('step').tap();
      await page.getByTestId('step').tap();
      await chart.scrollIntoViewIfNeeded();
      const c = await chart.boundingBox();
      await page.touchscreen.tap(c.x + c.width * 0.8, c.y + c.height * 0.5);
      await expect(page.getByTestId('loss-readout')).toContainText('epoch');
    });

    test('a finger swiped up over the network picture scrolls the page', async ({ page }) => {
      await page.goto('/');
      const net = page.getByTestId('network-canvas');
      await net.scrollIntoViewIfNeeded();
      const n = await net.boundingBox();
      const y0 = await page.evaluate(() => window.scrollY);
      const cdp = await page.context().newCDPSession(page);
      const x = n.x + n.width * 0.5;
      const path = [];
      for (let k = 0; k <= 10; k++) path.push([x, n.y + n.height * 0.8 - k * 15]);
      await drag(cdp, path);
      await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(y0 + 20);
    });

    test('a finger dragged over the output paints a stroke of points', async ({ page }) => {
      await page.goto('/');
      await page.getByTestId('draw-points').tap();
      await page.getByTestId('draw-clear').tap();
      const out = page.getByTestId('output-canvas');
      await out.scrollIntoViewIfNeeded();
      const o = await out.boundingBox();
      const cdp = await page.context().newCDPSession(page);
      const y = o.y + o.height * 0.4;
      const path = [];
      for (let k = 0; k <= 12; k++) path.push([o.x + o.width * 0.25 + k * 10, y]);
      await drag(cdp, path);
      // the stroke (120 px) is many points, not the first and last: count them in the export
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
      const rows = (await (await download.createReadStream()).toArray()).join('').trim().split('\n').slice(1);
      expect(rows.length).toBeGreaterThanOrEqual(6);
    });
  });
}

/** A one-finger drag through `points` (CSS pixels), as a touch screen sends it. */
async function drag(cdp, points) {
  const at = ([x, y]) => [{ x, y, radiusX: 4, radiusY: 4, force: 1, id: 1 }];
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(points[0]) });
  for (const p of points.slice(1)) {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(p) });
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}
