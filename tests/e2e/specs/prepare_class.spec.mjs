// Issue 26, item 2: hide controls by link. A "Prepare for class" panel
// (data-testid="prepare-class") in every view lists its groups of controls with
// a show tick; the link carries what is hidden (hide=features,advanced); the
// teacher shows them again from the same panel.
import { test, expect, shot } from './fixtures.mjs';

const open = async (page) => {
  const panel = page.getByTestId('prepare-class');
  if (!(await panel.evaluate((d) => d.open))) await panel.locator('summary').click();
  return panel;
};

test('the playground: hide two groups, copy the link, a fresh page opens without them and the rest works', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.goto('/');
  await expect(page.getByTestId('features-block').or(page.locator('.features-block'))).toBeVisible();
  const panel = await open(page);
  await panel.getByTestId('prepare-show-features').uncheck();
  await panel.getByTestId('prepare-show-advanced').uncheck();
  await expect(page.locator('.features-block')).toBeHidden();
  await expect(page.getByTestId('advanced')).toBeHidden();
  await expect.poll(() => page.url()).toContain('hide=features,advanced');
  await shot(page, 'prepare-class-1024x768');
  await panel.getByTestId('prepare-copy-link').click();
  await expect(page.getByTestId('prepare-message')).toContainText('Copied the link for your class');
  const link = (await page.getByTestId('prepare-message').textContent()).replace(/^.*?: /, '');
  expect(link).toContain('hide=features,advanced');

  const student = await context.newPage();
  await student.goto(link);
  await expect(student.getByTestId('play')).toBeVisible();
  await expect(student.locator('.features-block')).toBeHidden();
  await expect(student.getByTestId('advanced')).toBeHidden();
  await expect(student.getByTestId('dataset-picker')).toBeVisible();
  await expect(student.getByTestId('link-notice').or(student.getByTestId('notice'))).toHaveCount(0);
  // the rest works: train, and the data can still be changed
  await student.getByTestId('dataset-Circle').click();
  await student.getByTestId('play').click();
  await expect.poll(async () => Number((await student.getByTestId('epoch').textContent()).replace(/,/g, '')), { timeout: 20_000 }).toBeGreaterThan(20);
  await student.getByTestId('play').click();
  // the panel stays reachable: the teacher shows a group again
  const again = await open(student);
  await again.getByTestId('prepare-show-features').check();
  await expect(student.locator('.features-block')).toBeVisible();
  await expect.poll(() => student.url()).toContain('hide=advanced');
  expect(student.url()).not.toContain('features,');
  await student.close();
});

test('unknown group names in hide= are named in the notice; the known ones are hidden', async ({ page }) => {
  await page.goto('/#hide=features,bogus');
  await expect(page.getByTestId('notice')).toContainText('hide ("bogus" is not a group of controls of this view: ignored; its groups are');
  await expect(page.locator('.features-block')).toBeHidden();
  await page.goto('about:blank');
  await page.goto('/#view=rnn&hide=training,wings,stop-at');
  await expect(page.getByTestId('link-notice')).toContainText('hide ("wings" is not a group of controls of this view: ignored; its groups are');
  await expect(page.getByTestId('rnn-lr')).toBeHidden();
  await expect(page.getByTestId('stop-at')).toBeHidden();
  await expect(page.getByTestId('rnn-task')).toBeVisible();
});

for (const [view, play, hide, gone, shown] of [
  ['conv', 'conv-play', 'architecture', 'conv-add-conv', 'conv-dataset'],
  ['rnn', 'rnn-play', 'task', 'rnn-task', 'rnn-lr'],
  ['autoencoder', 'ae-play', 'network', 'ae-code', 'ae-lr'],
]) {
  test(`the ${view} lab has the panel; a hidden group goes and comes back, in the link`, async ({ page }) => {
    await page.goto(`/#view=${view}`);
    const panel = await open(page);
    const tick = panel.getByTestId(`prepare-show-${hide}`);
    await expect(tick).toBeChecked();
    await tick.uncheck();
    await expect.poll(() => page.url()).toContain(`hide=${hide}`);
    await expect(page.getByTestId(gone)).toBeHidden();
    await expect(page.getByTestId(shown)).toBeVisible();
    await page.reload();
    await expect(page.getByTestId(gone)).toBeHidden();
    await expect(page.getByTestId('prepare-class')).toBeVisible();
    await expect(page.getByTestId(play)).toBeVisible();
    const again = await open(page);
    await expect(again.getByTestId(`prepare-show-${hide}`)).not.toBeChecked();
    await again.getByTestId(`prepare-show-${hide}`).check();
    await expect(page.getByTestId(gone)).toBeVisible();
    await expect.poll(() => page.url()).not.toContain('hide=');
  });
}

for (const [w, h] of [[1024, 768], [768, 1024], [390, 844]]) {
  test(`the prepare-for-class panel at ${w}x${h}`, async ({ page }) => {
    await page.setViewportSize({ width: w, height: h });
    await page.goto('/#hide=features,advanced,baselines');
    const panel = await open(page);
    await panel.scrollIntoViewIfNeeded();
    await shot(page, `prepare-class-${w}x${h}`);
    await page.goto('/#view=conv&hide=handmade');
    await open(page);
    await shot(page, `prepare-class-conv-${w}x${h}`);
  });
}
