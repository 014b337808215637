// Issue 26 item 3: lessons are data, and a teacher can write one. The "Author a
// lesson" panel (author-lesson) builds a lesson from the page as it stands; its
// link (#lesson=<code>, the whole lesson deflated) opens it in a fresh tab exactly
// like a built-in lesson; a lesson file or link from someone else is validated
// (bad fields named, texts shown as plain text, never markup).
import { deflateRawSync } from 'node:zlib';
import { test, expect, shot, legibility } from './fixtures.mjs';

const codeOf = (lesson) => deflateRawSync(Buffer.from(JSON.stringify(lesson))).toString('base64url');
const good = {
  version: 1, title: 'Circles', goal: 'Press play.', met: 'Done.',
  link: 'data=Circle&noise=10&layers=4&acts=Tanh&lr=0.03', hide: ['features'],
  check: [{ test_accuracy: { at_least: 0.9 } }],
};

async function openPanel(page) {
  const panel = page.getByTestId('author-lesson');
  await panel.locator('summary').click();
  await expect(panel).toHaveAttribute('open', '');
  return panel;
}

test('author → copy link → fresh tab: the goal is shown, met by doing what it says, texts stay plain text', async ({ page, context }) => {
  test.setTimeout(120_000);
  await page.goto('/#data=Circle&noise=10&layers=4&acts=Tanh&lr=0.03&hide=features,advanced');
  await openPanel(page);
  const title = 'Circles <img src=x onerror="window.__pwned=1">';
  await page.getByTestId('author-title').fill(title);
  await page.getByTestId('author-goal').fill('Press play and watch the boundary bend round the circle until the test accuracy reaches 90 %.');
  await page.getByTestId('author-met').fill('Reached: <b>four</b> tanh neurons draw four lines that enclose the circle.');
  await expect(page.getByTestId('author-check')).toHaveValue('test_accuracy');
  await page.getByTestId('author-a').fill('90');
  await expect(page.getByTestId('author-hidden')).toContainText('Features');
  await expect(page.getByTestId('author-hidden')).toContainText('More settings');
  const link = await page.getByTestId('author-link').inputValue();
  expect(link).toMatch(/#lesson=[A-Za-z0-9_-]+$/);
  console.log(`a typical authored lesson's link: ${link.length} characters (the code ${link.split('#lesson=')[1].length})`);
  expect(link.split('#lesson=')[1].length).toBeLessThan(600);

  // "Try it" opens it as a lesson here
  await page.getByTestId('author-try').click();
  await expect(page.getByTestId('lesson-title')).toHaveText(`Your lesson: ${title}`);

  // a fresh tab, from the link alone
  const tab = await context.newPage();
  await tab.goto('/' + link.slice(link.indexOf('#')));
  await expect(tab.getByTestId('lesson-bar')).toBeVisible();
  await expect(tab.getByTestId('lesson-title')).toHaveText(`Your lesson: ${title}`);
  await expect(tab.getByTestId('lesson-goal')).toContainText('until the test accuracy reaches 90 %');
  await expect(tab.getByTestId('lesson-met')).toHaveCount(0);
  await expect(tab.getByTestId('lesson-next')).toHaveCount(0); // not part of a sequence
  await expect(tab.getByTestId('dataset-Circle')).toHaveAttribute('aria-pressed', 'true');
  await expect(tab.locator('.features-block')).toBeHidden(); // the hidden controls, as Prepare for class hides them
  await expect(tab.getByTestId('prepare-show-features')).not.toBeChecked();
  await tab.getByTestId('play').click();
  await expect(tab.getByTestId('lesson-met')).toBeVisible({ timeout: 60_000 });
  await expect(tab.getByTestId('lesson-met')).toContainText('Reached: <b>four</b> tanh neurons');
  expect(parseFloat(await tab.getByTestId('test-accuracy').textContent())).toBeGreaterThanOrEqual(90);
  await tab.getByTestId('play').click();
  expect(await tab.evaluate(() => window.__pwned)).toBeUndefined();
  await expect(tab.locator('[data-testid=lesson-bar] img, [data-testid=lesson-bar] b')).toHaveCount(0);
  await tab.close();
});

test('a setting check: "switch the activation to ReLU" is met by choosing ReLU, and not before', async ({ page }) => {
  await page.goto('/#data=XorQuadrants&layers=4&acts=Tanh');
  await openPanel(page);
  await page.getByTestId('author-title').fill('ReLU');
  await page.getByTestId('author-goal').fill('Switch the activation to ReLU.');
  await page.getByTestId('author-met').fill('That is ReLU.');
  await page.getByTestId('author-check').selectOption('setting');
  await page.getByTestId('author-setting-key').selectOption('acts');
  await page.getByTestId('author-setting-value').fill('Relu');
  const link = await page.getByTestId('author-link').inputValue();
  await page.goto('about:blank');
  await page.goto('/' + link.slice(link.indexOf('#')));
  await expect(page.getByTestId('lesson-goal')).toHaveText('Switch the activation to ReLU.');
  await page.getByTestId('play').click();
  await page.getByTestId('activation').selectOption({ label: 'sigmoid' });
  await page.getByTestId('play').click();
  await expect.poll(async () => Number((await page.getByTestId('epoch').textContent()).replace(/,/g, ''))).toBeGreaterThan(5);
  await expect(page.getByTestId('lesson-met')).toHaveCount(0);
  await page.getByTestId('activation').selectOption({ label: 'ReLU' });
  await page.getByTestId('play').click();
  await expect(page.getByTestId('lesson-met')).toBeVisible({ timeout: 20_000 });
});

test('a malformed lesson file is refused naming its bad field; nothing opens', async ({ page }) => {
  await page.goto('/');
  await openPanel(page);
  const open = async (name, lesson) => page.getByTestId('author-open').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(typeof lesson === 'string' ? lesson : JSON.stringify(lesson)) });
  await open('too-good.json', { ...good, check: [{ test_accuracy: { at_least: 7 } }] });
  await expect(page.getByTestId('author-error')).toContainText('The lesson “too-good.json” was not opened: check[0].at_least: is 7');
  await open('script.json', { ...good, script: 'alert(1)' });
  await expect(page.getByTestId('author-error')).toContainText('unknown field `script`');
  await open('hide.json', { ...good, hide: ['features', 'the-answers'] });
  await expect(page.getByTestId('author-error')).toContainText('hide[1]');
  await open('words.json', { ...good, title: 42 });
  await expect(page.getByTestId('author-error')).toContainText('title: the value is of the wrong kind (invalid type');
  await open('html.html', '<script>alert(1)</script>');
  await expect(page.getByTestId('author-error')).toContainText('not JSON');
  await expect(page.getByTestId('lesson-bar')).toHaveCount(0);
  // the good one opens
  await open('good.json', good);
  await expect(page.getByTestId('lesson-title')).toHaveText('Your lesson: Circles');
});

test('a bad #lesson= link falls back with a notice naming what is wrong, never a panic', async ({ page }) => {
  await page.goto('/#lesson=NotALessonAtAll&lr=0.1');
  await expect(page.getByTestId('notice')).toContainText('the lesson in this link cannot be opened');
  await expect(page.getByTestId('lesson-bar')).toHaveCount(0);
  await expect(page.getByTestId('learning-rate-input')).toHaveValue('0.1');
  await page.goto('about:blank');
  await page.goto(`/#lesson=${codeOf({ ...good, link: 'data=Circle&lr=-3' })}`);
  await expect(page.getByTestId('notice')).toContainText('link: not read as written: lr');
  await expect(page.getByTestId('lesson-bar')).toHaveCount(0);
  await page.getByTestId('play').click();
  await expect.poll(async () => Number((await page.getByTestId('epoch').textContent()).replace(/,/g, ''))).toBeGreaterThan(0);
});

for (const [w, h] of [[1024, 768], [768, 1024], [390, 844]]) {
  test(`the panel at ${w}x${h}: legible, nothing clipped (screenshot)`, async ({ page }) => {
    await page.setViewportSize({ width: w, height: h });
    await page.goto('/#data=Circle&layers=4&acts=Tanh&hide=features,advanced');
    const panel = await openPanel(page);
    await page.getByTestId('author-title').fill('Circles need a hidden layer');
    await page.getByTestId('author-goal').fill('Press play and watch the boundary bend round the circle until the test accuracy reaches 90 %.');
    await page.getByTestId('author-met').fill('Reached: four tanh neurons draw four lines that enclose the circle.');
    await page.getByTestId('author-check').selectOption('test_loss');
    await panel.scrollIntoViewIfNeeded();
    await page.getByTestId('author-try').scrollIntoViewIfNeeded();
    const box = await panel.boundingBox();
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(w + 1);
    const { small, clipped } = await legibility(page);
    expect(small).toEqual([]);
    expect(clipped).toEqual([]);
    await shot(page, `author-lesson-${w}x${h}`);
  });
}
