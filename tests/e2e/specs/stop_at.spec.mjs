// Issue 26, item 1: stop at a target (data-testid="stop-at"). In the run bar of
// every view that trains: the run pauses when the loss falls below a value, the
// accuracy reaches one, or at epoch N, and says which was met and when. In the link.
import { test, expect, shot } from './fixtures.mjs';

const epochOf = async (page, id = 'epoch') => Number((await page.getByTestId(id).textContent()).replace(/,/g, ''));
const setTarget = async (page, which, value) => {
  const box = page.getByTestId('stop-at').getByTestId(`stop-at-${which}`);
  await box.fill(value);
  await box.press('Enter');
};

test('the playground stops at epoch N exactly, at full speed, says so, and the link carries it', async ({ page }) => {
  await page.goto('/');
  await setTarget(page, 'epoch', '150');
  await expect.poll(() => page.url()).toContain('stop_epoch=150');
  await page.getByTestId('play').click();
  await expect(page.getByTestId('stop-at-met')).toHaveText('Target met: epoch 150 reached. Paused; Play goes on past it.', { timeout: 30_000 });
  await expect(page.getByTestId('play')).toHaveAttribute('aria-label', 'Play');
  expect(await epochOf(page)).toBe(150);
  // Play goes on past a met target
  await page.getByTestId('play').click();
  await expect(page.getByTestId('stop-at-met')).toHaveCount(0);
  await expect.poll(() => epochOf(page), { timeout: 20_000 }).toBeGreaterThan(160);
  await page.getByTestId('play').click();
  // a reset arms it again
  await page.getByTestId('reset').click();
  await page.getByTestId('play').click();
  await expect(page.getByTestId('stop-at-met')).toContainText('epoch 150 reached', { timeout: 30_000 });
  expect(await epochOf(page)).toBe(150);
});

test('the playground stops when the test loss falls below a value, and when the test accuracy reaches one', async ({ page }) => {
  await page.goto('/#data=Circle&lr=0.1&speed=5');
  await setTarget(page, 'loss', '0.2');
  await page.getByTestId('play').click();
  const met = page.getByTestId('stop-at-met');
  await expect(met).toContainText('the test loss fell to', { timeout: 40_000 });
  await expect(met).toContainText('below the target 0.2');
  const text = await met.textContent();
  const at = Number(text.match(/Target met at epoch ([\d,]+)/)[1].replace(/,/g, ''));
  expect(await epochOf(page)).toBe(at);
  expect(parseFloat(await page.getByTestId('test-loss').textContent())).toBeLessThan(0.2);
  await shot(page, 'stop-at-loss-1280');

  // a new target arms it again: accuracy, from a fresh run
  await setTarget(page, 'loss', '');
  await expect(met).toHaveCount(0);
  await setTarget(page, 'accuracy', '90');
  await expect.poll(() => page.url()).toContain('stop_acc=90');
  expect(page.url()).not.toContain('stop_loss');
  await page.getByTestId('reset').click();
  await page.getByTestId('play').click();
  await expect(met).toContainText('the test accuracy reached', { timeout: 40_000 });
  await expect(met).toContainText('(target 90 %)');
  expect(parseFloat(await page.getByTestId('test-accuracy').textContent())).toBeGreaterThanOrEqual(90);
  await expect(page.getByTestId('play')).toHaveAttribute('aria-label', 'Play');
});

test('a link with targets opens with them set; a bad one is named in the notice and a bad typed one is refused in words', async ({ page }) => {
  await page.goto('/#stop_loss=0.05&stop_acc=97.5&stop_epoch=400');
  await expect(page.getByTestId('stop-at-loss')).toHaveValue('0.05');
  await expect(page.getByTestId('stop-at-epoch')).toHaveValue('400');
  await page.goto('about:blank');
  await page.goto('/#lr=0.1&stop_loss=-1&stop_acc=150&stop_epoch=0');
  await expect(page.getByTestId('notice')).toContainText('stop_loss; stop_acc; stop_epoch');
  await expect(page.getByTestId('stop-at-loss')).toHaveValue('');
  await setTarget(page, 'epoch', 'soon');
  await expect(page.getByTestId('stop-at-error')).toHaveText('The epoch target: “soon” was refused; enter a number from 1 to 1000000000, or leave it empty for none.');
  await expect(page.getByTestId('stop-at-epoch')).toHaveValue('');
});

test('the recurrent lab: a link with an epoch target opens with it, stops there and says so; a loss target too', async ({ page }) => {
  await page.goto('/#view=rnn&stop_epoch=40');
  await expect(page.getByTestId('stop-at-epoch')).toHaveValue('40');
  await expect(page.getByTestId('link-notice')).toHaveCount(0);
  await page.getByTestId('rnn-play').click();
  await expect(page.getByTestId('stop-at-met')).toHaveText('Target met: epoch 40 reached. Paused; Play goes on past it.', { timeout: 30_000 });
  expect(await epochOf(page, 'rnn-epoch')).toBe(40);
  await expect(page.getByTestId('rnn-play')).toHaveAttribute('aria-label', 'Play');
  // the loss it shows now, then a target just under it
  const loss = parseFloat(await page.getByTestId('rnn-loss').textContent());
  const target = (loss * 0.9).toPrecision(3);
  await setTarget(page, 'loss', target);
  await expect.poll(() => page.url()).toContain(`stop_loss=${target}`);
  await page.getByTestId('rnn-play').click();
  await expect(page.getByTestId('stop-at-met')).toContainText(`the training loss fell to`, { timeout: 40_000 });
  await expect(page.getByTestId('stop-at-met')).toContainText(`below the target ${Number(target)}`);
  expect(parseFloat(await page.getByTestId('rnn-loss').textContent())).toBeLessThan(Number(target));
  await page.setViewportSize({ width: 1024, height: 768 });
  await shot(page, 'stop-at-rnn-1024x768');
});

test('a lab names a bad target in the link', async ({ page }) => {
  await page.goto('/#view=rnn&stop_epoch=0&stop_acc=abc');
  await expect(page.getByTestId('link-notice')).toContainText('stop_epoch ("0" is not one of the values offered');
  await expect(page.getByTestId('link-notice')).toContainText('stop_acc ("abc"');
  await expect(page.getByTestId('stop-at-epoch')).toHaveValue('');
});

for (const [w, h] of [[1024, 768], [768, 1024], [390, 844]]) {
  test(`the stop-at control at ${w}x${h}`, async ({ page }) => {
    await page.setViewportSize({ width: w, height: h });
    await page.goto('/#stop_epoch=60&speed=5');
    await page.getByTestId('play').click();
    await expect(page.getByTestId('stop-at-met')).toBeVisible({ timeout: 30_000 });
    await page.getByTestId('stop-at').scrollIntoViewIfNeeded();
    await shot(page, `stop-at-${w}x${h}`);
  });
}
