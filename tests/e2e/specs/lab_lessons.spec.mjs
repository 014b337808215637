// Issue 26, item 4: lessons for every view. Each new lesson is played as a student plays it
// (only the actions its goal names, on its shipped seed) to its met text, from the Lessons
// menu; and the convolution lab's receptive field: a picked feature-map cell lights up the
// input region that shape inference says it sees, and stride and pooling widen it.
import { readFileSync } from 'node:fs';
import { test, expect, shot } from './fixtures.mjs';

const lessons = JSON.parse(readFileSync(new URL('../../../src/ui/lessons/builtin.json', import.meta.url), 'utf8'));
const numberOf = (view, checkName) => 1 + lessons.findIndex((l) => (l.view || 'playground') === view
  && JSON.stringify(l.check).includes(`"${checkName}"`));

test.beforeEach(async ({ page }) => { await page.setViewportSize({ width: 1024, height: 768 }); });

/** Opens lesson n from the Lessons menu, as a student would. */
async function open(page, n) {
  await page.goto('/');
  await page.getByTestId('lessons').selectOption(String(n));
  await expect(page.getByTestId('lesson-title')).toContainText(`Lesson ${n} of ${lessons.length}: ${lessons[n - 1].title}`);
  await expect(page.getByTestId('link-notice')).toHaveCount(0);
}

const num = async (page, id) => parseFloat((await page.getByTestId(id).textContent()).replace(/,/g, ''));

test('the recurrent lesson: echo k = 2 is remembered, then k = 12 is not, and the reach chart says why', async ({ page }) => {
  const n = numberOf('rnn', 'gradient_reach');
  await open(page, n);
  await expect(page.getByTestId('rnn-lab')).toBeVisible();
  await expect(page.getByTestId('lesson-goal')).toContainText('Choose the task “echo the bit of k steps ago”');
  await page.getByTestId('rnn-task').selectOption({ label: 'echo the bit of k steps ago' });
  await page.getByTestId('rnn-play').click();
  await expect(page.getByTestId('lesson-part')).toContainText('Remembered', { timeout: 60_000 });
  await expect(page.getByTestId('lesson-met')).toHaveCount(0);
  expect(await num(page, 'rnn-accuracy')).toBeGreaterThanOrEqual(95);
  await page.getByTestId('rnn-length').selectOption('16');
  await page.getByTestId('rnn-k').selectOption('12');
  await page.getByTestId('rnn-play').click();
  await expect(page.getByTestId('lesson-met')).toContainText('12 steps back the gradient has all but vanished', { timeout: 90_000 });
  expect(await num(page, 'rnn-epoch')).toBeGreaterThanOrEqual(300);
  expect(await num(page, 'rnn-accuracy')).toBeLessThanOrEqual(80);
  await expect(page.getByTestId('rnn-reach-text')).toContainText('12 steps back (the echo');
  await shot(page, 'lab-lesson-rnn-met-1024x768');
});

test('the autoencoder lesson: a 2-unit code parts the digits, an 8-unit code further, a denoising one rebuilds noisy inputs clean, odd images are rebuilt worst', async ({ page }) => {
  const n = numberOf('autoencoder', 'codes_separate');
  await open(page, n);
  await expect(page.getByTestId('ae-lab')).toBeVisible();
  await expect(page.getByTestId('ae-code-separation')).toContainText('Told apart by its 2-unit code alone');
  const at = async () => parseFloat((await page.getByTestId('ae-code-separation').textContent()).match(/alone: (\d+) %/)[1]);
  expect(await at()).toBeLessThan(60);
  await page.getByTestId('ae-play').click();
  await expect(page.getByTestId('lesson-part')).toContainText('Two numbers already tell most digits apart', { timeout: 60_000 });
  await page.getByTestId('ae-code').selectOption('8');
  await expect(page.getByTestId('ae-code-separation')).toContainText('8-unit code');
  await page.getByTestId('ae-play').click();
  await expect.poll(at, { timeout: 60_000 }).toBeGreaterThanOrEqual(85);
  // 85 % is the second part, not the whole: the denoising is still to come
  await expect(page.getByTestId('lesson-met')).toHaveCount(0);
  await expect(page.getByTestId('ae-denoised')).toHaveCount(0);
  const recon = () => page.getByTestId('ae-recon').evaluate((c) => c.toDataURL());
  await page.getByTestId('ae-play').click(); // pause: the pictures hold still
  const clean = await recon();
  await page.getByTestId('ae-denoise').check();
  // the inputs now carry noise (the picture changes while paused), and the line says how much goes
  await expect.poll(recon).not.toBe(clean);
  await expect(page.getByTestId('ae-denoised')).toContainText('Denoise is on');
  const removed = async () => parseFloat((await page.getByTestId('ae-denoised').textContent()).match(/takes (-?\d+) % of the noise/)[1]);
  expect(await removed()).toBeLessThan(40); // trained on clean digits, it rebuilds the noise too
  await page.getByTestId('ae-play').click();
  await expect.poll(removed, { timeout: 60_000 }).toBeGreaterThanOrEqual(40);
  await page.getByTestId('ae-play').click();
  // the anomalies are still to come
  await expect(page.getByTestId('lesson-met')).toHaveCount(0);
  await expect(page.getByTestId('ae-odd-found')).toHaveCount(0);
  const worst = () => page.getByTestId('ae-worst').evaluate((c) => c.toDataURL());
  const before = await worst();
  await page.getByTestId('ae-odd').check();
  // scored, not trained on: the inverted digits take places among the worst rebuilt (paused)
  await expect(page.getByTestId('ae-odd-found')).toContainText('of the 5 odd images (inverted digits, never trained on)');
  expect(await worst()).not.toBe(before);
  const found = parseInt((await page.getByTestId('ae-odd-found').textContent()).match(/^(\d+) of/)[1], 10);
  expect(found).toBeGreaterThanOrEqual(4);
  await expect(page.getByTestId('lesson-met')).toContainText('Trained on noisy inputs, the net rebuilds clean digits');
  await expect(page.getByTestId('lesson-met')).toContainText('The odd images are rebuilt worst');
  await shot(page, 'lab-lesson-ae-met-1024x768');
});

/** Points at a cell of the first map of the map row captioned `label` (found by probing down the canvas). */
async function pointAt(page, label) {
  // the feature-map panel's layout: hover down the canvas until the readout names the row wanted
  const canvas = page.getByTestId('conv-maps');
  const box = await canvas.boundingBox();
  for (let y = 4; y < box.height; y += 4) {
    await canvas.hover({ position: { x: Math.min(24, box.width * 0.1), y } });
    const text = await page.getByTestId('conv-field').textContent();
    if (text.includes(`(${label})`)) return;
  }
  throw new Error(`no map row ${label}`);
}

const field = async (page) => {
  const f = page.getByTestId('conv-field');
  return { rows: Number(await f.getAttribute('data-rows')), cols: Number(await f.getAttribute('data-cols')), field: Number(await f.getAttribute('data-field')) };
};
const archSees = async (page, layer) => Number((await page.getByTestId(`conv-layer-${layer}`).locator('.shape').textContent()).match(/sees (\d+)×/)[1]);

test('the receptive-field lesson: a picked cell lights up the input it sees; the stride widens it', async ({ page }) => {
  const n = numberOf('conv', 'receptive_field');
  await open(page, n);
  await expect(page.getByTestId('conv-lab')).toBeVisible();
  await expect(page.getByTestId('conv-status')).toHaveCount(0, { timeout: 30_000 });
  await expect(page.getByTestId('conv-field')).toContainText('Point at or tap a cell');
  // a cell of the first convolution: 3×3, as the architecture panel says
  await pointAt(page, 'conv 3×3 s1 valid');
  expect(await field(page)).toEqual({ rows: 3, cols: 3, field: await archSees(page, 1) });
  expect(await archSees(page, 1)).toBe(3);
  await shot(page, 'lab-lesson-rf-conv-1024x768');
  // the goal's first part is the pool's cell, not any cell
  await expect(page.getByTestId('lesson-part')).toHaveCount(0);
  // after the max-pool: 4×4
  await pointAt(page, 'max-pool 2');
  await expect(page.getByTestId('lesson-part')).toContainText('After the pool one cell covers 2×2 cells');
  expect(await field(page)).toEqual({ rows: 4, cols: 4, field: await archSees(page, 2) });
  expect(await archSees(page, 2)).toBe(4);
  await expect(page.getByTestId('lesson-met')).toHaveCount(0);
  // the stride, as the goal says: the pool's cell now sees 5×5
  await page.getByTestId('conv-layer-1-stride').selectOption('2');
  await pointAt(page, 'max-pool 2');
  expect(await field(page)).toEqual({ rows: 5, cols: 5, field: 5 });
  expect(await archSees(page, 2)).toBe(5);
  await expect(page.getByTestId('lesson-met')).toContainText('a stride or a pooling spreads their windows apart');
  await shot(page, 'lab-lesson-rf-met-1024x768');
});

test('the receptive-field lesson asks for the stride: a wider field from more layers is not it', async ({ page }) => {
  const n = numberOf('conv', 'receptive_field');
  await open(page, n);
  await expect(page.getByTestId('conv-status')).toHaveCount(0, { timeout: 30_000 });
  await pointAt(page, 'max-pool 2');
  await expect(page.getByTestId('lesson-part')).toBeVisible();
  // another convolution after the pool: its cells see 8×8, through the pool but with no stride
  await page.getByTestId('conv-add-conv').click();
  await expect(page.getByTestId('conv-layer-3')).toContainText('sees');
  expect(await archSees(page, 3)).toBeGreaterThanOrEqual(5);
  const maps = page.getByTestId('conv-maps');
  await maps.focus();
  for (let i = 0; i < 6; i++) await page.keyboard.press('PageDown');
  await expect(page.getByTestId('conv-field')).toContainText(`receptive field is ${await archSees(page, 3)}×`);
  await page.waitForTimeout(1500); // a few of the lesson's checks
  await expect(page.getByTestId('lesson-met')).toHaveCount(0);
  await expect(page.getByTestId('lesson-part')).toBeVisible();
  // (the stride the goal names meets it: the test above)
});

test('the receptive field by keyboard in the plain conv lab; a second conv and pool widen it', async ({ page }) => {
  await page.goto('/#view=conv');
  await expect(page.getByTestId('conv-status')).toHaveCount(0, { timeout: 30_000 });
  const maps = page.getByTestId('conv-maps');
  await maps.focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('conv-field')).toContainText('sees input rows');
  const first = await field(page);
  // the keys start at the middle of the first map: nothing is cut by the image's edge
  expect(first).toEqual({ rows: await archSees(page, 1), cols: await archSees(page, 1), field: await archSees(page, 1) });
  // Page Down to the pooled maps: the field widens to what shape inference says
  await page.keyboard.press('PageDown');
  await page.keyboard.press('PageDown');
  await expect(page.getByTestId('conv-field')).toContainText('max-pool');
  const pooled = await field(page);
  expect(pooled).toEqual({ rows: await archSees(page, 2), cols: await archSees(page, 2), field: await archSees(page, 2) });
  expect(pooled.field).toBeGreaterThan(first.field);
  // the highlight is painted: amber over the input image at the region's place
  const lit = await maps.evaluate((cv) => {
    const g = cv.getContext('2d');
    const d = g.getImageData(0, 0, cv.width, cv.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] > 200 && d[i + 1] > 130 && d[i + 1] < 190 && d[i + 2] < 60) n++;
    return n;
  });
  expect(lit).toBeGreaterThan(20);
  // a bigger input (shapes at 16×16), another conv and pool: a cell of the last pool sees more
  await page.getByTestId('conv-add-conv').click();
  await page.getByTestId('conv-add-pool').click();
  await expect(page.getByTestId('conv-layer-4')).toContainText('sees');
  const deep = await archSees(page, 4);
  expect(deep).toBeGreaterThan(pooled.field);
  // a tap on the input's corner cell of the last row's map: the region is what the arch says, clipped at the edge
  await maps.focus();
  for (let i = 0; i < 6; i++) await page.keyboard.press('PageDown');
  await expect(page.getByTestId('conv-field')).toContainText(`receptive field is ${deep}×${deep}`);
});

test('the best-model lessons: the sweep finds its minimum inside; a simpler model does as well', async ({ page }) => {
  test.setTimeout(180_000);
  const sweep = numberOf('playground', 'sweep_minimum_inside');
  await open(page, sweep);
  await expect(page.getByTestId('lesson-goal')).toContainText('press “Run sweep”');
  await page.getByTestId('sweep-run').click();
  await expect(page.getByTestId('lesson-met')).toContainText('The curve is a valley', { timeout: 120_000 });
  await expect(page.getByTestId('sweep-row')).toHaveCount(10);
  await shot(page, 'lab-lesson-sweep-met-1024x768');
  // next: the simpler models
  await page.getByTestId('lesson-next').click();
  await expect(page.getByTestId('lesson-title')).toContainText(`Lesson ${sweep + 1} of ${lessons.length}: Do we need a network?`);
  await page.getByTestId('play').click();
  await expect.poll(async () => parseFloat(await page.getByTestId('test-accuracy').textContent()), { timeout: 60_000 }).toBeGreaterThanOrEqual(90);
  await expect(page.getByTestId('lesson-met')).toHaveCount(0);
  await page.getByTestId('baselines-run').click();
  await expect(page.getByTestId('lesson-met')).toContainText('a nearest-neighbour rule or a forest does as well', { timeout: 60_000 });
  await shot(page, 'lab-lesson-simpler-met-1024x768');
});

test.describe('by touch', () => {
  test.use({ hasTouch: true, isMobile: true, viewport: { width: 390, height: 844 } });
  test('on a phone, a tap on a map cell lights up what it sees', async ({ page }) => {
    await page.goto('/#view=conv');
    await expect(page.getByTestId('conv-status')).toHaveCount(0, { timeout: 30_000 });
    const maps = page.getByTestId('conv-maps');
    await maps.scrollIntoViewIfNeeded();
    const box = await maps.boundingBox();
    let seen = '';
    for (let y = 4; y < box.height && !seen.includes('sees input rows'); y += 6) {
      await maps.tap({ position: { x: Math.min(24, box.width * 0.1), y } });
      seen = await page.getByTestId('conv-field').textContent();
    }
    expect(seen).toContain('sees input rows');
    const f = await field(page);
    expect(f.field).toBe(await archSees(page, Number(await page.getByTestId('conv-field').getAttribute('data-layer')) + 1));
    expect(f.rows).toBeLessThanOrEqual(f.field);
    await shot(page, 'lab-lesson-rf-tap-390x844');
  });
});

test('a sweep whose rates are all too small does not meet the sweep lesson: its minimum is at its end', async ({ page }) => {
  await open(page, numberOf('playground', 'sweep_minimum_inside'));
  await page.getByTestId('sweep-to').selectOption('0.001');
  await page.getByTestId('sweep-run').click();
  await expect(page.getByTestId('job-status')).toHaveAttribute('data-finished', '10', { timeout: 60_000 });
  const rows = page.getByTestId('sweep-row');
  await expect(rows).toHaveCount(10);
  await expect(rows.last()).toHaveClass(/best/);
  await expect(page.getByTestId('lesson-met')).toHaveCount(0);
  // the same lesson, the sweep as its goal says: met
  await page.getByTestId('sweep-to').selectOption('3');
  await page.getByTestId('sweep-run').click();
  await expect(page.getByTestId('lesson-met')).toContainText('The curve is a valley', { timeout: 60_000 });
});

test('"next" walks every lesson across the views, and each opens in its own view without a notice', async ({ page }) => {
  await page.goto('/#lesson=1');
  const views = { playground: 'playground', conv: 'conv-lab', rnn: 'rnn-lab', autoencoder: 'ae-lab' };
  for (let n = 1; n <= lessons.length; n++) {
    await expect(page.getByTestId('lesson-title')).toContainText(`Lesson ${n} of ${lessons.length}`);
    const view = lessons[n - 1].view || 'playground';
    await expect(page.locator(`[data-testid="${views[view]}"], .${views[view]}`).first()).toBeVisible();
    await expect(page.getByTestId('link-notice')).toHaveCount(0);
    if (n < lessons.length) await page.getByTestId('lesson-next').click();
    else await expect(page.getByTestId('lesson-next')).toHaveCount(0);
  }
});
