// Issue 27 item 1: axe-core (4.14.1, the engine most accessibility audits use) with the
// WCAG 2.0 and 2.1 A and AA rules on every view, paused and while training, in presenter
// mode, with a lesson open, with the jobs, simpler-models, inspector, backprop and import
// panels open, at 1280x800 and 1024x768: zero violations. Prints the rules checked and a
// count per view (docs/access.md keeps the before and after figures).
import { test, expect } from './fixtures.mjs';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
// the page's CSP allows no injected <script>: axe's source is evaluated over CDP instead
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const epochOf = async (page, id = 'epoch') => Number(((await page.getByTestId(id).first().textContent()) || '0').replace(/[^0-9]/g, '') || 0);

async function axe(page) {
  await page.evaluate(`${AXE}\n;0`);
  return page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations', 'incomplete'] });
    return {
      rules: window.axe.getRules(tags).map((x) => x.ruleId),
      // what axe could not decide (text over a canvas or a gradient): printed, for a person to look at
      review: r.incomplete.reduce((n, v) => n + v.nodes.length, 0),
      violations: r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary.split('\n').slice(1, 2).join('').trim()}`) })),
    };
  }, TAGS);
}

/** Waits until a view's epoch counter moves: the view is training. */
async function training(page, play, epoch = 'epoch') {
  await page.getByTestId(play).click();
  await expect.poll(() => epochOf(page, epoch), { timeout: 30_000 }).toBeGreaterThan(0);
}

const csv = () => {
  const lines = ['x1,x2,label'];
  for (let i = 0; i < 40; i++) lines.push(`${(i % 2 ? 2 : -2) + (i % 7) / 10},${(i % 5) / 5},${i % 2}`);
  return lines.join('\n') + '\n';
};

// Each scenario leaves the page in the state to check (a fresh page per scenario).
const SCENARIOS = [
  ['playground, paused', async (p) => { await p.goto('/'); }],
  ['playground, training', async (p) => { await p.goto('/#speed=1'); await training(p, 'play'); }],
  ['playground, presenter mode', async (p) => { await p.goto('/'); await p.getByTestId('presenter').click(); }],
  ['playground, the pictures as data open, training, the network focused by keyboard', async (p) => {
    await p.goto('/#speed=1');
    for (const id of ['network-as-text', 'output-as-text', 'loss-as-text']) await p.getByTestId(id).locator('summary').click();
    await expect(p.getByTestId('network-as-text-table').first()).toBeVisible();
    await training(p, 'play');
    await p.getByTestId('network-canvas').focus(); await p.keyboard.press('ArrowRight');
  }],
  ['lesson 3', async (p) => { await p.goto('/#lesson=3'); await expect(p.getByTestId('lesson-goal')).not.toBeEmpty(); }],
  ['lesson 3, goal met', async (p) => {
    await p.goto('/#lesson=3'); await p.getByTestId('play').click();
    await expect(p.getByTestId('lesson-met')).toBeVisible({ timeout: 30_000 });
    await p.getByTestId('play').click();
  }],
  ['lesson 3, training, presenter', async (p) => { await p.goto('/#lesson=3&speed=1'); await p.getByTestId('presenter').click(); await training(p, 'play'); }],
  ['jobs: sweep (run)', async (p) => {
    await p.goto('/');
    await p.getByTestId('jobs-tab-sweep').click();
    await p.getByTestId('sweep-count').selectOption('8');
    await p.getByTestId('sweep-epochs').selectOption('25');
    await p.getByTestId('sweep-run').click();
    await expect(p.getByTestId('sweep-row')).toHaveCount(8, { timeout: 60_000 });
    await expect(p.getByTestId('job-status')).toHaveAttribute('data-running', 'false', { timeout: 60_000 });
  }],
  ['jobs: race', async (p) => { await p.goto('/'); await p.getByTestId('jobs-tab-race').click(); await expect(p.getByTestId('race')).toBeVisible(); }],
  ['jobs: search', async (p) => { await p.goto('/'); await p.getByTestId('jobs-tab-search').click(); await expect(p.getByTestId('search')).toBeVisible(); }],
  ['simpler models (run)', async (p) => {
    await p.goto('/');
    await p.getByTestId('baselines-run').click();
    await expect(p.getByTestId('baselines')).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  }],
  ['inspector open, editing a weight', async (p) => {
    await p.goto('/#data=XorTable&features=X1,X2&layers=1&acts=Relu');
    await p.getByTestId('inspector').locator('summary').click();
    await p.getByTestId('insp-w-0-0-0').click();
    await expect(p.getByTestId('insp-edit-input')).toBeVisible();
  }],
  ['backprop open (δ stage)', async (p) => {
    await p.goto('/#speed=1');
    await p.getByTestId('step').click();
    await p.getByTestId('backprop').locator('summary').click();
    for (let k = 1; k <= 2; k++) await p.getByTestId('bp-next').click();
    await expect(p.getByTestId('bp-stage')).toContainText('Stage 3 of 6');
  }],
  ['import: a CSV loaded', async (p) => {
    await p.goto('/');
    const path = join(mkdtempSync(join(tmpdir(), 'ns-axe-')), 'two.csv');
    writeFileSync(path, csv());
    await p.getByTestId('csv-file').setInputFiles(path);
    await expect(p.getByTestId('io-message')).toContainText('Loaded 40 points');
  }],
  ['convolution, paused', async (p) => { await p.goto('/#view=conv'); await expect(p.getByTestId('conv-lab')).toBeVisible(); }],
  ['convolution, training, presenter', async (p) => {
    await p.goto('/#view=conv'); await p.getByTestId('presenter').click();
    await training(p, 'conv-play', 'conv-epoch');
  }],
  ['recurrent, paused', async (p) => { await p.goto('/#view=rnn'); await expect(p.getByTestId('rnn-play')).toBeVisible(); }],
  ['recurrent, training', async (p) => {
    await p.goto('/#view=rnn'); await training(p, 'rnn-play', 'rnn-epoch');
  }],
  ['autoencoder, paused', async (p) => { await p.goto('/#view=autoencoder'); await expect(p.getByTestId('ae-play')).toBeVisible(); }],
  ['autoencoder, training, presenter', async (p) => {
    await p.goto('/#view=autoencoder'); await p.getByTestId('presenter').click(); await training(p, 'ae-play', 'ae-epoch');
  }],
];

for (const [width, height] of [[1280, 800], [1024, 768]]) {
  test(`axe-core, WCAG 2.0/2.1 A and AA, every view and panel at ${width}x${height}: zero violations`, async ({ browser }) => {
    test.setTimeout(420_000);
    const counts = [], details = [];
    let rules = [];
    for (const [name, setup] of SCENARIOS) {
      const ctx = await browser.newContext({ viewport: { width, height } });
      const page = await ctx.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await setup(page);
      // the page is styled (an unstyled page, e.g. a stylesheet refused by its integrity hash, passes axe trivially)
      expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), `"${name}" is styled`).toBe('rgb(244, 245, 247)');
      const r = await axe(page);
      rules = r.rules;
      const nodes = r.violations.reduce((n, v) => n + v.nodes.length, 0);
      counts.push({ view: name, nodes, review: r.review, rules: r.violations.map((v) => `${v.id} ${v.nodes.length}`).join(', ') });
      for (const v of r.violations) for (const n of v.nodes) details.push(`${name}: ${v.id} (${v.impact}) ${n}`);
      expect(errors, `page errors in "${name}"`).toEqual([]);
      expect(await page.locator('#panic-banner').count(), `panic banner in "${name}"`).toBe(0);
      await ctx.close();
    }
    console.log(`axe-core ${JSON.parse(readFileSync(require.resolve('axe-core/package.json'), 'utf8')).version}, tags ${TAGS.join(' ')}: ${rules.length} rules checked:\n  ${rules.join(' ')}`);
    console.log(`violating nodes per view at ${width}x${height} [and nodes axe could not decide]:`);
    for (const c of counts) console.log(`  ${String(c.nodes).padStart(3)}  ${c.view}${c.rules ? `  (${c.rules})` : ''}  [${c.review} for review]`);
    console.log(`  ${String(counts.reduce((n, c) => n + c.nodes, 0)).padStart(3)}  in all`);
    expect(details, 'axe-core violations').toEqual([]);
  });
}
