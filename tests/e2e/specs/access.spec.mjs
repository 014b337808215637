// Issue 27 (access for every student) and issue 25 item 5 (reduced motion): the polite
// live region a screen reader follows, forced colours, reduced motion, the keyboard.
import { test, expect, shot } from './fixtures.mjs';

const region = (page) => page.getByTestId('announce');

/** Starts logging every text the live region takes, with the page's clock (ms). */
async function listen(page) {
  await expect(region(page)).toHaveAttribute('aria-live', 'polite');
  await page.evaluate(() => {
    const el = document.querySelector('[data-testid="announce"]');
    window.__said = [];
    new MutationObserver(() => window.__said.push({ t: performance.now(), text: el.textContent.trim() }))
      .observe(el, { childList: true, characterData: true, subtree: true });
  });
}
const said = (page) => page.evaluate(() => window.__said);
const PROGRESS = /^Epoch [\d,]+: test loss [\d.e−]+, test accuracy \d+ %\.$/;

test('the live region says play, the progress at most every 10 s over 25 s of training, and pause; one region only', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto('/#speed=1');
  await expect(page.locator('[aria-live]')).toHaveCount(1);
  await expect(region(page)).toHaveClass(/visually-hidden/);
  await listen(page);
  await page.getByTestId('play').click();
  await expect(region(page)).toHaveText('Training started.');
  const start = await page.evaluate(() => performance.now());
  // the count over a stretch of training is the point: wait out 25 s of the page's clock
  await expect.poll(() => page.evaluate(() => performance.now()), { timeout: 60_000, intervals: [1000] }).toBeGreaterThan(start + 25_000);
  await page.getByTestId('play').click();
  await expect(region(page)).toHaveText('Training paused.');
  const log = await said(page);
  console.log(log.map((s) => `${((s.t - start) / 1000).toFixed(1)} s: ${s.text}`).join('\n'));
  const progress = log.filter((s) => PROGRESS.test(s.text.replace(/\u00a0/g, '')));
  // play, two or three progress lines (at 10 s, 20 s, maybe one as 25 s ends), pause: no flood
  expect(progress.length, 'progress said over 25 s').toBeGreaterThanOrEqual(2);
  expect(log.length, 'everything said over 25 s').toBeLessThanOrEqual(5);
  for (let i = 1; i < log.length; i++) {
    if (PROGRESS.test(log[i].text.replace(/\u00a0/g, ''))) expect(log[i].t - log[i - 1].t, `progress ${i} came too soon`).toBeGreaterThan(9_900);
  }
  // the epoch in the words is the page's epoch, grouped by thousands
  expect(progress.at(-1).text).toMatch(/^Epoch (\d{1,3}(,\d{3})*):/);
});

test('a stop is said with its reason; play refused says it again', async ({ page }) => {
  await page.goto('/#acts=Relu&lr=10&data=RegressPlane&out=Identity&speed=1');
  await listen(page);
  await page.getByTestId('play').click();
  await expect(page.getByTestId('train-error')).toBeVisible({ timeout: 20_000 });
  await expect(region(page)).toContainText('Training stopped.');
  await expect(region(page)).toContainText('learning rate is too high');
  const before = (await said(page)).length;
  await page.getByTestId('play').click();
  await expect.poll(async () => (await said(page)).length).toBeGreaterThan(before);
  await expect(region(page)).toContainText('learning rate is too high');
});

test('a lesson\'s goal met is said; the labs say play and pause too', async ({ page }) => {
  await page.goto('/#lesson=3');
  await listen(page);
  await page.getByTestId('play').click();
  await expect(page.getByTestId('lesson-met')).toBeVisible({ timeout: 20_000 });
  await expect.poll(async () => (await said(page)).map((s) => s.text).join(' | ')).toContain('Goal met.');
  await page.getByTestId('play').click();
  for (const [view, play] of [['conv', 'conv-play'], ['rnn', 'rnn-play'], ['autoencoder', 'ae-play']]) {
    await page.goto(`/#view=${view}`);
    await page.reload();
    await page.getByTestId(play).click();
    await expect(region(page)).toHaveText('Training started.');
    await page.getByTestId(play).click();
    await expect(region(page)).toHaveText(/Training (paused|stopped)/);
  }
});
