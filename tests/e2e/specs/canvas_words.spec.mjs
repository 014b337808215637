// Issue 26 item 5: the words and numbers drawn inside canvases follow the page's language.
// An init script wraps CanvasRenderingContext2D's fillText and strokeText and records every
// string drawn (the charts, drawn by plotters, and the labs' own pictures all draw through
// them). Each view is opened in English, then in Spanish and German, brought to the same state,
// and what its canvases drew compared: no drawn text with a word is left as in English
// (names and symbols aside), and no number is drawn with a decimal point (0,5 in both).
// (The jobs' charts, the sweep and the search, take their words from the views the same way; not read here.)
import { test, expect } from './fixtures.mjs';

const RECORD = () => {
  window.__drawn = new Set();
  for (const m of ['fillText', 'strokeText']) {
    const original = CanvasRenderingContext2D.prototype[m];
    CanvasRenderingContext2D.prototype[m] = function (text, ...rest) {
      window.__drawn.add(String(text));
      return original.call(this, text, ...rest);
    };
  }
};
const drawn = (page) => page.evaluate(() => [...window.__drawn]);

// Names, symbols and variables written alike in every language (as languages.spec's SAME_ALL).
const NAMES = /^(?:tanh|relu|ReLU|sigmoid|linear|softmax|softplus|swish|elu|gelu|identity|X₁|X₂|h_t|conv|f\(z\) = .*|XOR)$/;
// A drawn text is a word's if it holds three letters in a row; a number with a decimal point is English.
const worded = (s) => /\p{L}{3,}/u.test(s) && !NAMES.test(s.trim());
const pointed = (s) => /\d\.\d/.test(s);

// The views and how each is brought to a state whose canvases hold numbers and words.
const VIEWS = [
  { name: 'playground', hash: 'lr=0.03', ready: 'network-canvas', act: async (page) => {
    for (let k = 0; k < 3; k++) await page.getByTestId('step').click();
    await expect(page.getByTestId('test-loss')).toHaveText(/\d/);
    // the loss chart draws its ticks (numbers below 1) once it has points
    await expect.poll(async () => (await drawn(page)).filter((s) => /^-?0[.,]\d/.test(s)).length, { timeout: 30_000 }).toBeGreaterThan(0);
  } },
  { name: 'rnn', hash: 'view=rnn', ready: 'rnn-unrolled', act: async (page) => {
    // the unrolled net writes its outputs' values (0.47), the gradient chart its ticks
    await expect.poll(async () => (await drawn(page)).filter((s) => /^[+-]?\d[.,]\d+$/.test(s)).length, { timeout: 30_000 }).toBeGreaterThan(0);
  } },
  { name: 'conv', hash: 'view=conv', ready: 'conv-kernels', act: async (page) => {
    // the kernels' captions carry their colour scale (±0.52)
    await expect.poll(async () => (await drawn(page)).filter((s) => /±\d[.,]\d/.test(s)).length, { timeout: 30_000 }).toBeGreaterThan(0);
  } },
  { name: 'autoencoder', hash: 'view=autoencoder', ready: 'ae-code-space', act: async (page) => {
    // the rows' names and the worst-rebuilt images' captions
    await expect.poll(async () => (await drawn(page)).filter(worded).length, { timeout: 30_000 }).toBeGreaterThan(1);
  } },
];

async function openIn(page, view, lang) {
  await page.goto('about:blank');
  await page.goto(`/#${view.hash}&lang=${lang}`);
  await expect(page.getByTestId(view.ready)).toBeVisible({ timeout: 30_000 });
  await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
  await view.act(page);
  return drawn(page);
}

for (const lang of ['es', 'de']) {
  for (const view of VIEWS) {
    test(`${view.name} in ${lang}: the canvases draw no English word and no decimal point`, async ({ page }) => {
      test.setTimeout(120_000);
      await page.addInitScript(RECORD);
      const english = new Set((await openIn(page, view, 'en')).filter(worded));
      expect(english.size, 'the English page drew words').toBeGreaterThan(0);
      const shown = await openIn(page, view, lang);
      console.log(`${view.name} in ${lang}: ${shown.length} texts drawn, e.g. ${shown.filter(worded).slice(0, 6).join(' | ')}`);
      expect(shown.filter((s) => english.has(s)), `texts drawn in English in ${view.name} (${lang})`).toEqual([]);
      expect(shown.filter(pointed), `numbers drawn with a decimal point in ${view.name} (${lang})`).toEqual([]);
      if (view.name !== 'autoencoder') expect(shown.filter((s) => /\d,\d/.test(s)).length, 'numbers drawn with a decimal comma').toBeGreaterThan(0);
    });
  }
}

test('in English the canvases keep the decimal point', async ({ page }) => {
  await page.addInitScript(RECORD);
  const shown = await openIn(page, VIEWS[1], 'en');
  expect(shown.filter(pointed).length).toBeGreaterThan(0);
  expect(shown.filter((s) => /\d,\d/.test(s))).toEqual([]);
});
