// Issue 10, the classroom: lessons, the forward-pass inspector, the backprop
// stepper, gradient health, keyboard and presenter mode.
import { readFileSync } from 'node:fs';
import { test, expect, shot, legibility } from './fixtures.mjs';

// the built-in lessons, as the page reads them
const lessons = JSON.parse(readFileSync(new URL('../../../src/ui/lessons/builtin.json', import.meta.url), 'utf8'));
const labOf = { conv: 'conv-lab', rnn: 'rnn-lab', autoencoder: 'ae-lab' };

const epochOf = async (page) => Number((await page.getByTestId('epoch').textContent()).replace(/,/g, ''));
const accuracy = async (page) => parseFloat(await page.getByTestId('test-accuracy').textContent());

test('#lesson=3 opens lesson 3; two hidden neurons reach 100 % on the XOR table and the goal is marked met', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.goto('/#lesson=3');
  await expect(page.getByTestId('lessons')).toHaveValue('3');
  await expect(page.getByTestId('lesson-goal')).toContainText('two hidden neurons');
  await expect(page.getByTestId('lesson-met')).toHaveCount(0);
  await expect(page.getByTestId('dataset-XorTable')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('layer-count')).toHaveText('1 hidden layer');
  await page.getByTestId('play').click();
  await expect(page.getByTestId('lesson-met')).toBeVisible({ timeout: 15_000 });
  await page.getByTestId('play').click();
  expect(await accuracy(page)).toBe(100);
  expect(page.url()).toContain('lesson=3');
  await shot(page, 'lesson-3-met-1024x768');
});

test('lesson 2: one neuron stays at 75 % or less on XOR, at the lesson\'s rate and at 3; then it is marked met', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('lessons').selectOption('2');
  await expect(page.getByTestId('lesson-goal')).toContainText('one neuron');
  await expect(page.getByTestId('layer-count')).toHaveText('0 hidden layers');
  for (const lr of [null, '3']) {
    if (lr) {
      await page.getByTestId('learning-rate-input').fill(lr);
      await page.getByTestId('learning-rate-input').press('Enter');
      await page.getByTestId('reset').click();
    }
    await page.getByTestId('speed').selectOption({ label: '100 epochs/frame' });
    await page.getByTestId('play').click();
    await expect.poll(() => epochOf(page), { timeout: 20_000 }).toBeGreaterThan(400);
    await page.getByTestId('play').click();
    expect(await accuracy(page)).toBeLessThanOrEqual(75);
    await expect(page.getByTestId('lesson-met')).toBeVisible();
    await expect(page.getByTestId('lesson-met')).toContainText('straight line');
  }
  expect(page.url()).toContain('lesson=2');
  expect(page.url()).toContain('lr=3');
});

test('a bad lesson number falls back with a notice naming it', async ({ page }) => {
  const bad = lessons.length + 3;
  await page.goto(`/#lesson=${bad}&lr=0.1`);
  await expect(page.getByTestId('notice')).toContainText(`there is no lesson “${bad}”; the lessons are 1 to ${lessons.length}`);
  await expect(page.getByTestId('lesson-bar')).toHaveCount(0);
  await expect(page.getByTestId('learning-rate-input')).toHaveValue('0.1');
});

test('every lesson sets up its page, states its goal, and offers the next (screenshots at 1024x768)', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.goto('/#lesson=1');
  test.setTimeout(60_000 + 12_000 * lessons.length);
  for (let n = 1; n <= lessons.length; n++) {
    await expect(page.getByTestId('lessons')).toHaveValue(String(n));
    await expect(page.getByTestId('lesson-goal')).not.toBeEmpty();
    expect(page.url()).toContain(`lesson=${n}`);
    const lab = labOf[lessons[n - 1].view];
    if (lab && n !== 9) {
      // the labs' lessons are played to their goals in lab_lessons.spec
      await expect(page.getByTestId(lab)).toBeVisible();
    } else if (n === 9) {
      await expect(page.getByTestId('conv-lab')).toBeVisible();
      await expect(page.getByTestId('conv-dataset')).toHaveValue('bars');
      await page.getByTestId('conv-play').click();
      await expect(page.getByTestId('lesson-met')).toBeVisible({ timeout: 30_000 });
      await page.getByTestId('conv-play').click();
    } else {
      if (n === 6) {
        await page.getByTestId('compare-batches').click();
        await expect(page.getByTestId('batch-compare-summary')).toContainText('one point at a time');
        await expect(page.getByTestId('lesson-met')).toBeVisible();
      }
      await page.getByTestId('play').click();
      await page.waitForTimeout(1500);
      await page.getByTestId('play').click();
    }
    await shot(page, `lesson-${n}-1024x768`);
    if (n < lessons.length) await page.getByTestId('lesson-next').click();
  }
  await page.getByTestId('lesson-leave').click();
  await expect(page.getByTestId('lesson-bar')).toHaveCount(0);
});

test('lesson 1: one neuron learns AND, then OR; lesson 8: ReLU cures the vanishing gradient', async ({ page }) => {
  await page.goto('/#lesson=1');
  await page.getByTestId('play').click();
  await expect.poll(() => accuracy(page), { timeout: 10_000 }).toBe(100);
  await expect(page.getByTestId('lesson-met')).toHaveCount(0);
  await page.getByTestId('dataset-OrTable').click();
  await page.getByTestId('play').click();
  await expect(page.getByTestId('lesson-met')).toBeVisible({ timeout: 10_000 });
  await page.goto('/#lesson=8');
  await expect(page.getByTestId('grad-health')).toHaveAttribute('open', '');
  await page.getByTestId('speed').selectOption({ label: '25 epochs/frame' });
  await page.getByTestId('play').click();
  await expect(page.getByTestId('grad-health-summary')).toContainText('vanishing', { timeout: 10_000 });
  await page.getByTestId('play').click();
  await shot(page, 'lesson-8-vanishing');
  await page.getByTestId('activation').selectOption({ label: 'ReLU' });
  await page.getByTestId('play').click();
  await expect(page.getByTestId('lesson-met')).toBeVisible({ timeout: 20_000 });
});

test('the inspector writes out the seed\'s arithmetic for a network set to those weights, and follows training', async ({ page }) => {
  await page.goto('/#data=XorTable&features=X1,X2&layers=1&acts=Relu&speed=1');
  await page.getByTestId('inspector').locator('summary').click();
  await page.getByTestId('inspector-x1').fill('0.5');
  await page.getByTestId('inspector-x1').press('Enter');
  await page.getByTestId('inspector-x2').fill('0.7');
  await page.getByTestId('inspector-x2').press('Enter');
  for (const [id, v] of [['insp-w-0-0-0', '0.3'], ['insp-w-0-0-1', '0.8'], ['insp-b-0-0', '0']]) {
    await page.getByTestId(id).click();
    await page.getByTestId('insp-edit-input').fill(v);
    await page.getByTestId('insp-edit-input').press('Enter');
    await expect(page.getByTestId('insp-edit-input')).toHaveCount(0);
  }
  await expect(page.getByTestId('insp-sum-0-0')).toHaveText('z = 0.3 × 0.5 + 0.8 × 0.7 + 0 = 0.71');
  await expect(page.getByTestId('insp-act-0-0')).toHaveText('ReLU(0.71) = 0.71');
  // full precision on hover
  const title = await page.getByTestId('insp-act-0-0').getAttribute('title');
  // the page trains in f32: its sums agree with f64 arithmetic to f32's precision
  expect(Math.abs(Number(title) - (0.3 * 0.5 + 0.8 * 0.7))).toBeLessThan(1e-6);
  await expect(page.getByTestId('insp-loss')).toContainText('loss');
  await shot(page, 'inspector');
  // a click on a data point inspects it; the numbers move while training
  const before = await page.getByTestId('insp-sum-0-0').textContent();
  await page.getByTestId('play').click();
  await expect.poll(() => page.getByTestId('insp-sum-0-0').textContent(), { timeout: 5_000 }).not.toBe(before);
  await page.getByTestId('play').click();
  // after training the numbers are long: the text rounds them, the title keeps them whole
  const full = await page.getByTestId('insp-act-0-0').getAttribute('title');
  const shown = (await page.getByTestId('insp-act-0-0').textContent()).split('=').pop().trim().replace(/−/g, '-');
  expect(full.replace('-', '').length, full).toBeGreaterThan(6);
  expect(Math.abs(Number(full) - Number(shown))).toBeLessThanOrEqual(0.005 + 1e-9 + Math.abs(Number(full)) * 0.01 * (Math.abs(Number(full)) < 0.01));
  // a click near a data point inspects that point
  await page.getByTestId('output-canvas').scrollIntoViewIfNeeded();
  const box = await page.getByTestId('output-canvas').boundingBox();
  // the plot square: 30 px in, 6 px down, side min(w − 36, h − 38); the XOR table spans ±1.5
  const side = Math.min(box.width - 36, box.height - 38);
  await page.mouse.click(box.x + 30 + side * (1 + 1.5) / 3 + 3, box.y + 6 + side * (1.5 - 1) / 3 - 2);
  await expect(page.getByTestId('inspector-x1')).toHaveValue('1');
  await expect(page.getByTestId('inspector-x2')).toHaveValue('1');
});

test('the backprop stepper\'s update equals the engine\'s real update to 1e-12', async ({ page }) => {
  await page.goto('/#speed=1');
  await page.getByTestId('step').click();
  await page.getByTestId('backprop').locator('summary').click();
  for (let k = 1; k <= 5; k++) {
    await page.getByTestId('bp-next').click();
    await expect(page.getByTestId('bp-stage')).toContainText(`Stage ${k + 1} of 6`);
    await expect(page.getByTestId('bp-explain')).not.toBeEmpty();
    if (k === 2) {
      // the δ stage: dots carry the error signals backwards along the lines, moving
      const inked = () => page.getByTestId('network-flow').evaluate((c) => {
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0, sum = 0;
        for (let i = 3; i < d.length; i += 4) if (d[i] > 0) { n++; sum += (i * 7) % 1009; }
        return { n, sum };
      });
      await expect.poll(async () => (await inked()).n, { timeout: 5_000 }).toBeGreaterThan(30);
      const first = await inked();
      await expect.poll(async () => (await inked()).sum, { timeout: 5_000 }).not.toBe(first.sum);
      await page.getByTestId('network-canvas').scrollIntoViewIfNeeded();
      await page.waitForTimeout(700);
      await shot(page, 'backprop-flow');
    }
  }
  // past the gradients, the flow stops and its canvas is cleared
  await expect.poll(() => page.getByTestId('network-flow').evaluate((c) => c.width * c.height)).toBe(1);
  const read = (attr) => page.evaluate((attr) => Object.fromEntries([...document.querySelectorAll('[data-testid^="bp-w-"], [data-testid^="bp-b-"]')]
    .map((e) => [e.dataset.testid, Number(e.getAttribute(attr))])), attr);
  const shown = await read('data-new');
  const updates = await read('data-update');
  expect(Object.keys(shown).length).toBe(4 * 2 + 4 + 4 * 2 + 2 + 2 * 1 + 1);
  expect(Object.values(updates).some((u) => Math.abs(u) > 1e-6), 'the update moves something').toBe(true);
  const lossBefore = Number(await page.getByTestId('bp-loss').getAttribute('data-loss'));
  const lossAfter = Number(await page.getByTestId('bp-new-loss').getAttribute('data-loss'));
  expect(lossAfter).toBeLessThan(lossBefore);
  await shot(page, 'backprop-update');
  await page.getByTestId('bp-apply').click();
  await expect(page.getByTestId('bp-message')).toContainText('Applied');
  const real = await read('data-old');
  for (const [k, v] of Object.entries(shown)) {
    expect(Math.abs(real[k] - v), `${k}: real ${real[k]}, shown ${v}`).toBeLessThanOrEqual(1e-12);
  }
});

test('the gradient-health chart exists and moves while training; a stop links to it', async ({ page }) => {
  await page.goto('/#speed=5');
  const gh = page.getByTestId('grad-health');
  await gh.locator('summary').click();
  await page.getByTestId('play').click();
  await expect.poll(async () => Number(await gh.getAttribute('data-count')), { timeout: 5_000 }).toBeGreaterThan(5);
  const a = await gh.getAttribute('data-latest');
  await expect.poll(() => gh.getAttribute('data-latest'), { timeout: 5_000 }).not.toBe(a);
  await page.getByTestId('play').click();
  expect(a.split(',').length).toBe(3);
  const inked = await page.getByTestId('grad-health-chart').evaluate((c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] < 200 && Math.abs(d[i] - d[i + 2]) > 60) n++;
    return n;
  });
  expect(inked, 'coloured curve pixels').toBeGreaterThan(50);
  await shot(page, 'grad-health');
  // a divergence names the way to the chart
  await page.goto('/#data=RegressPlane&layers=&acts=&out=Identity&lr=10');
  await page.getByTestId('play').click();
  await expect(page.getByTestId('train-error')).toBeVisible({ timeout: 10_000 });
  await page.getByTestId('error-grad-health').click();
  await expect(page.getByTestId('grad-health')).toHaveAttribute('open', '');
});

test('keyboard alone: choose a lesson, play, pause, step, reset; focus is visible', async ({ page }) => {
  await page.goto('/');
  const active = () => page.evaluate(() => document.activeElement?.dataset?.testid || document.activeElement?.tagName);
  for (let i = 0; i < 20 && (await active()) !== 'lessons'; i++) await page.keyboard.press('Tab');
  expect(await active()).toBe('lessons');
  const ring = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  expect(ring).not.toBe('none');
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
  // arrowing only shows the lessons (issue 27 item 4); Enter opens the one shown
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('lesson-goal')).toContainText('two hidden neurons');
  await page.keyboard.press('Tab');
  for (let i = 0; i < 30 && (await active()) !== 'play'; i++) await page.keyboard.press('Tab');
  expect(await active()).toBe('play');
  await page.keyboard.press('Space');
  await expect.poll(() => epochOf(page)).toBeGreaterThan(3);
  await page.keyboard.press('Space');
  const paused = await epochOf(page);
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => epochOf(page)).toBe(paused + 1);
  await page.keyboard.press('r');
  await expect.poll(() => epochOf(page)).toBe(0);
  // typing in a field never triggers a shortcut
  await page.getByTestId('learning-rate-input').focus();
  await page.keyboard.press('r');
  await page.keyboard.press('Space');
  await page.waitForTimeout(300);
  expect(await epochOf(page)).toBe(0);
});

const overflow = (page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

test('presenter mode at 1024x768: no text under 14 px, nothing clipped, in a lesson and in both views', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.goto('/#lesson=3');
  await page.getByTestId('presenter').click();
  await expect(page.getByTestId('presenter')).toHaveAttribute('aria-pressed', 'true');
  await page.getByTestId('play').click();
  await expect(page.getByTestId('lesson-met')).toBeVisible({ timeout: 15_000 });
  await page.getByTestId('play').click();
  await shot(page, 'presenter-lesson-3-top-1024x768');
  await page.getByTestId('inspector').locator('summary').click();
  expect(await legibility(page, 14)).toEqual({ small: [], clipped: [] });
  expect(await overflow(page)).toBeLessThanOrEqual(0);
  await shot(page, 'presenter-lesson-3-1024x768');
  await page.getByTestId('tab-conv').click();
  await expect(page.getByTestId('conv-status')).toHaveCount(0, { timeout: 20_000 });
  expect(await legibility(page, 14)).toEqual({ small: [], clipped: [] });
  expect(await overflow(page)).toBeLessThanOrEqual(0);
  await shot(page, 'presenter-conv-1024x768');
});

// What a screen reader would have nothing to say about: a control without an
// accessible name (its text, a <label>, aria-label, aria-labelledby or title),
// a canvas with neither a role and a text alternative nor aria-hidden.
const unnamed = (page) => page.evaluate(() => {
  const named = (e) => (e.getAttribute('aria-label') || '').trim() || (e.getAttribute('title') || '').trim()
    || (e.getAttribute('aria-labelledby') && document.getElementById(e.getAttribute('aria-labelledby'))?.textContent.trim())
    || (e.labels && [...e.labels].map((l) => l.textContent.trim()).join(''))
    || (['BUTTON', 'SUMMARY', 'A'].includes(e.tagName) && e.textContent.trim());
  const shown = (e) => e.getClientRects().length > 0;
  const controls = [...document.querySelectorAll('button, input, select, textarea, summary, a[href]')]
    .filter(shown).filter((e) => e.type !== 'hidden' && !named(e)).map((e) => e.dataset.testid || e.outerHTML.slice(0, 80));
  const canvases = [...document.querySelectorAll('canvas')].filter(shown)
    .filter((c) => c.getAttribute('aria-hidden') !== 'true' && !(c.getAttribute('role') === 'img' && (c.getAttribute('aria-label') || '').length > 10))
    .map((c) => c.dataset.testid || c.className);
  return { controls, canvases };
});

test('every control has an accessible name and every canvas a text alternative, in both views', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('inspector').locator('summary').click();
  await page.getByTestId('backprop').locator('summary').click();
  await page.getByTestId('grad-health').locator('summary').click();
  expect(await unnamed(page)).toEqual({ controls: [], canvases: [] });
  await page.goto('/#lesson=6');
  await expect(page.getByTestId('lesson-goal')).toBeVisible();
  expect(await unnamed(page)).toEqual({ controls: [], canvases: [] });
  await page.goto('/#view=conv');
  await expect(page.getByTestId('conv-status')).toHaveCount(0, { timeout: 20_000 });
  await page.locator('details summary').evaluateAll((ss) => ss.forEach((s) => s.click()));
  expect(await unnamed(page)).toEqual({ controls: [], canvases: [] });
});
