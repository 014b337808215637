// Normalization and skip connections in the playground: batch norm cures the
// deep sigmoid lesson, the options live in the link, the diagram marks them.
import { test, expect, shot } from './fixtures.mjs';

const accuracy = async (page) => parseFloat(await page.getByTestId('test-accuracy').textContent());

test('lesson 8: batch norm in every hidden layer makes the six sigmoid layers learn, and the link keeps it', async ({ page }) => {
  await page.goto('/#lesson=8');
  await expect(page.getByTestId('grad-health')).toHaveAttribute('open', '');
  // six hidden layers, each with its own normalization choice; none is on yet
  for (let i = 0; i < 6; i++) await expect(page.getByTestId(`layer-norm-${i}`)).toHaveValue('no norm');
  for (let i = 0; i < 6; i++) await page.getByTestId(`layer-norm-${i}`).selectOption({ label: 'batch norm' });
  await expect(page).toHaveURL(/norm=BN,BN,BN,BN,BN,BN/);
  await page.getByTestId('speed').selectOption({ label: '5 epochs/frame' });
  await page.getByTestId('play').click();
  // natively the goal (95 % test accuracy) is met at epoch 15
  await expect.poll(() => accuracy(page), { timeout: 20_000 }).toBeGreaterThanOrEqual(95);
  await expect(page.getByTestId('lesson-met')).toBeVisible({ timeout: 10_000 });
  await page.getByTestId('play').click();
  await expect(page.getByTestId('grad-health-summary')).not.toContainText('vanishing');
  await shot(page, 'norm-lesson-8-batch-norm-1280');
  // the backprop stepper says what it does not show
  await page.getByTestId('backprop').locator('summary').click();
  await expect(page.getByTestId('bp-not-shown')).toContainText('does not show normalization');
});

// A link opened in a fresh page (a same-document goto lets the page rewrite the
// hash, dropping a refused option, before a reload could read it).
async function openFresh(page, hash) {
  await page.goto('about:blank');
  await page.goto(hash);
}

test('norm and skip round-trip through the URL; skip is offered only where widths match; the inspector names the norm step', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.goto('/#data=Circle&layers=4,6,6&acts=Tanh&norm=LN,-,BN&skip=0,0,1');
  await expect(page.getByTestId('notice')).toHaveCount(0);
  await expect(page.getByTestId('layer-norm-0')).toHaveValue('layer norm');
  await expect(page.getByTestId('layer-norm-1')).toHaveValue('no norm');
  await expect(page.getByTestId('layer-norm-2')).toHaveValue('batch norm');
  // layer 1 has 2 inputs and 4 neurons: no skip offered; layer 2 (4 → 6) neither; layer 3 (6 → 6) yes
  await expect(page.getByTestId('layer-skip-0')).toHaveCount(0);
  await expect(page.getByTestId('layer-skip-1')).toHaveCount(0);
  await expect(page.getByTestId('layer-skip-2')).toBeChecked();
  // with equal widths every later layer offers a skip
  await openFresh(page, '/#data=Circle&layers=6,6,6&acts=Tanh&norm=LN,-,BN&skip=0,1,1');
  await expect(page.getByTestId('notice')).toHaveCount(0);
  await expect(page.getByTestId('layer-skip-1')).toBeChecked();
  await page.getByTestId('layer-skip-1').uncheck();
  await expect(page).toHaveURL(/skip=0,0,1/);
  await page.reload();
  await expect(page.getByTestId('layer-skip-1')).not.toBeChecked();
  await expect(page.getByTestId('layer-skip-2')).toBeChecked();
  await expect(page.getByTestId('layer-norm-0')).toHaveValue('layer norm');
  // an option that cannot apply is named, not silently dropped
  await openFresh(page, '/#data=Circle&layers=4,6&acts=Tanh&skip=1,0');
  await expect(page.getByTestId('notice')).toContainText('skip');
  // the inspector: a normalized layer shows its sum, then names the normalization step
  await openFresh(page, '/#data=Circle&layers=6,6&acts=Tanh&norm=BN,-&skip=0,1');
  await page.getByTestId('inspector').locator('summary').click();
  await expect(page.getByTestId('insp-act-0-0')).toContainText('batch norm');
  await expect(page.getByTestId('insp-act-1-0')).toContainText('skip input');
  await page.getByTestId('play').click();
  await page.waitForTimeout(1500);
  await page.getByTestId('play').click();
  await shot(page, 'norm-options-1024');
});
