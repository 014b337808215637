// Issue 27 item 4: every canvas tool by keyboard. The network picture (arrows between neurons
// and weights, Enter edits, the focus comes back), the backprop stepper (the focus never falls
// to the page's body, each stage is said), drawing a digit in the convolution lab.
import { test, expect, shot } from './fixtures.mjs';

const focused = (page) => page.evaluate(() => document.activeElement?.dataset?.testid || document.activeElement?.tagName);
const region = (page) => page.getByTestId('announce');

test('keyboard: the network picture is in the tab order; arrows choose a weight, Enter edits it, the focus comes back', async ({ page }) => {
  await page.goto('/#data=XorTable&features=X1,X2&layers=3&acts=Relu');
  const net = page.getByTestId('network-canvas');
  // Tab reaches it: from the control before it
  await page.getByTestId('add-layer').focus();
  await expect(net).not.toBeFocused();
  for (let i = 0; i < 12 && (await focused(page)) !== 'network-canvas'; i++) await page.keyboard.press('Tab');
  await expect(net).toBeFocused();
  expect(await net.evaluate((c) => getComputedStyle(c).outlineStyle)).not.toBe('none');
  // the first input is shown (ringed, with its tooltip) and said
  await expect(page.getByTestId('network-tooltip')).toHaveText(/^Input X₁/);
  await expect(region(page)).toContainText('Input X₁');
  // down to X₂, right to its weight into neuron 2, down to the weight from X₁ into neuron 3
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('network-tooltip')).toHaveText(/^Weight from X₂ to neuron 2 of hidden layer 1: /);
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('network-tooltip')).toHaveText(/^Weight from X₁ to neuron 3 of hidden layer 1: /);
  await expect(region(page)).toContainText('Weight from X₁ to neuron 3 of hidden layer 1');
  // Space does not play here; Enter opens the editor with the focus in it
  await page.keyboard.press('Space');
  await expect(page.getByTestId('play')).toHaveAttribute('aria-label', 'Play');
  await expect(page.getByTestId('value-editor-input')).toBeFocused();
  await expect(page.getByTestId('value-editor-name')).toHaveText('Weight from X₁ to neuron 3 of hidden layer 1');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('value-editor')).toHaveCount(0);
  await expect(net).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('value-editor-input')).toBeFocused();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('0.75');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('value-editor')).toHaveCount(0);
  await expect(net).toBeFocused();
  await expect(page.getByTestId('network-tooltip')).toHaveText(/^Weight from X₁ to neuron 3 of hidden layer 1: 0\.75 /);
  // the inspector holds the same value (weight of layer 0 into neuron 3 from X₁)
  await page.getByTestId('inspector').locator('summary').click();
  await expect(page.getByTestId('insp-w-0-2-0')).toHaveAttribute('title', /^0\.75 /);
  // right to neuron 3, right again to its weight to the output, Enter: the output weight's editor
  await net.focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('network-tooltip')).toHaveText(/^Neuron 3 of hidden layer 1 \(ReLU\): bias /);
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('network-tooltip')).toHaveText(/^Weight from neuron 3 of hidden layer 1 to neuron 1 of output: /);
  await shot(page, 'keyboard-network-focus');
});

test('keyboard: the backprop stepper steps by Enter and the focus stays on its buttons at both ends', async ({ page }) => {
  await page.goto('/#data=XorTable&features=X1,X2&layers=3&acts=Relu');
  await page.getByTestId('backprop').locator('summary').click();
  await page.getByTestId('bp-next').focus();
  for (let k = 2; k <= 6; k++) {
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('bp-stage')).toHaveText(new RegExp(`^Stage ${k} of 6`));
    await expect(region(page)).toContainText(`Stage ${k} of 6`);
  }
  // Next is disabled at the last stage: the focus is on "Apply this step", not the body
  await expect.poll(() => focused(page)).toBe('bp-apply');
  await page.getByTestId('bp-prev').focus();
  for (let k = 5; k >= 1; k--) await page.keyboard.press('Enter');
  await expect(page.getByTestId('bp-stage')).toHaveText(/^Stage 1 of 6/);
  await expect.poll(() => focused(page)).toBe('bp-next');
});

test('keyboard: a digit is drawn in the convolution lab with the arrows and Space', async ({ page }) => {
  await page.goto('/#view=conv');
  const pad = page.getByTestId('conv-draw-canvas');
  await expect(pad).toBeVisible();
  await pad.focus();
  await expect(pad).toBeFocused();
  expect(await pad.evaluate((c) => c.tabIndex)).toBe(0);
  // inked pixels of the pad (grey to black on the white paper; the pen's ring is pink)
  const ink = () => pad.evaluate((c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] < 200 && Math.abs(d[i] - d[i + 1]) < 8 && d[i + 3] > 200) n++;
    return n;
  });
  await page.getByTestId('conv-draw-clear').click();
  await pad.focus();
  await expect.poll(ink).toBe(0);
  await page.keyboard.press('Space');
  await expect(page.getByText('showing your drawing')).toBeVisible();
  await expect.poll(ink).toBeGreaterThan(0);
  const dot = await ink();
  // Shift with the arrows paints a stroke downwards; the page's Space did not play
  for (let i = 0; i < 4; i++) await page.keyboard.press('Shift+ArrowDown');
  await expect.poll(ink).toBeGreaterThan(dot * 1.5);
  // plain arrows move the pen without painting (counted without the pen: it hides while the pad is not focused)
  const frames = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await pad.evaluate((c) => c.blur());
  await frames();
  const stroke = await ink();
  await pad.focus();
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  await pad.evaluate((c) => c.blur());
  await frames();
  expect(await ink()).toBe(stroke);
  // and Space paints where the pen went
  await pad.focus();
  await page.keyboard.press('Space');
  await expect.poll(ink).toBeGreaterThan(stroke);
  await expect(page.getByTestId('conv-play')).toHaveText('▶');
  await shot(page, 'keyboard-conv-draw');
});

test('keyboard: the output\'s cursor is said, with the class the output shows there', async ({ page }) => {
  // one hidden ReLU neuron reading x₁ alone: blue right of the middle, orange left of it
  await page.goto('/#data=XorTable&features=X1,X2&layers=1&acts=Relu');
  await page.getByTestId('inspector').locator('summary').click();
  for (const [id, v] of [['insp-w-0-0-0', '1'], ['insp-w-0-0-1', '0'], ['insp-b-0-0', '0'], ['insp-w-1-0-0', '1'], ['insp-b-1-0', '0']]) {
    await page.getByTestId(id).focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('insp-edit-input')).toBeFocused();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type(v);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('insp-edit-input')).toHaveCount(0);
    await expect.poll(() => focused(page)).toBe(id);
  }
  await page.getByTestId('output-canvas').focus();
  // the XOR table spans ±1.5: a step is 0.15
  await page.keyboard.press('ArrowRight');
  await expect(region(page)).toHaveText(/^x₁ 0\.15, x₂ 0: blue\.\s*$/);
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowUp');
  await expect(region(page)).toHaveText(/^x₁ −0\.15, x₂ 0\.15: orange\.\s*$/);
});
