// Your own data and models (issue 11): CSV points in and out, model files in and
// out, the PyTorch script, the snapshot, the short link, drawing points.
import { test, expect, shot } from './fixtures.mjs';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';

// the page writes a true minus sign (−), in an exponent too (5e−5)
const num = async (page, id) => Number((await page.getByTestId(id).textContent()).replace(/−/g, '-'));
const epochOf = async (page) => Number((await page.getByTestId('epoch').textContent()).replace(/,/g, ''));
const outputPixels = (page) => page.getByTestId('output-canvas').evaluate((c) => c.toDataURL());
const tmp = mkdtempSync(join(tmpdir(), 'ns-io-'));

/** Seeded points of three blobs (classes 0, 1, 2) as CSV text. */
function threeBlobs(n = 150, seed = 11) {
  let s = seed;
  const r = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const centres = [[-3, -3], [3, -3], [0, 3]];
  const lines = ['x1,x2,label'];
  for (let i = 0; i < n; i++) {
    const k = i % 3;
    const x = centres[k][0] + (r() - 0.5) * 2.4, y = centres[k][1] + (r() - 0.5) * 2.4;
    lines.push(`${x.toFixed(3)},${y.toFixed(3)},${k}`);
  }
  return lines.join('\n') + '\n';
}

async function download(page, click) {
  const [dl] = await Promise.all([page.waitForEvent('download'), click()]);
  const path = join(tmp, dl.suggestedFilename());
  await dl.saveAs(path);
  return { name: dl.suggestedFilename(), path };
}

async function setFile(page, testid, name, text) {
  const path = join(tmp, name);
  writeFileSync(path, text);
  await page.getByTestId(testid).setInputFiles(path);
}

test('a CSV of three classes is imported, shown, and trained on', async ({ page }) => {
  await page.goto('/#speed=max');
  await setFile(page, 'csv-file', 'blobs.csv', threeBlobs());
  const msg = page.getByTestId('io-message');
  await expect(msg).toContainText('Loaded 150 points (3 classes) from blobs.csv');
  await expect(msg).not.toHaveClass(/error/);
  // the output layer has three neurons now, and no generated data set is selected
  await expect(page.getByTestId('dataset-XorQuadrants')).toHaveAttribute('aria-pressed', 'false');
  const before = await num(page, 'train-loss');
  await page.getByTestId('play').click();
  await expect.poll(() => page.getByTestId('test-accuracy').textContent().then((t) => parseFloat(t)), { timeout: 15_000 }).toBeGreaterThan(95);
  await page.getByTestId('play').click();
  const after = await num(page, 'train-loss');
  console.log(`3-class CSV: train loss ${before} → ${after} by epoch ${await epochOf(page)}`);
  expect(after).toBeLessThan(before / 3);
  await shot(page, 'io-csv-three-classes');
  // export writes the same 150 points back, train and test marked
  const { name, path } = await download(page, () => page.getByTestId('export-csv').click());
  expect(name).toBe('neuralscope-points.csv');
  const rows = readFileSync(path, 'utf8').trim().split('\n');
  expect(rows[0]).toBe('x1,x2,label,split');
  expect(rows.length - 1).toBe(150);
  expect(rows.filter((r) => r.endsWith(',train')).length).toBe(75);
  expect(rows.filter((r) => r.endsWith(',test')).length).toBe(75);
  const sent = new Set(threeBlobs().trim().split('\n').slice(1).map((l) => l.split(',').map(Number).join(',')));
  for (const r of rows.slice(1)) expect(sent.has(r.split(',').slice(0, 3).map(Number).join(','))).toBe(true);
});

test('a CSV with a bad line 17 is refused with the line and the reason; the old data and network stay', async ({ page }) => {
  await page.goto('/#speed=max');
  await page.getByTestId('step').click();
  const pixels = await outputPixels(page);
  const [epoch, loss] = [await epochOf(page), await page.getByTestId('train-loss').textContent()];
  const lines = threeBlobs(30).trim().split('\n');
  lines[16] = '1.5,two,1'; // line 17 of the file (line 1 is the header)
  await setFile(page, 'csv-file', 'bad.csv', lines.join('\n'));
  const msg = page.getByTestId('io-message');
  await expect(msg).toContainText('line 17');
  await expect(msg).toContainText('x2 is not a number: "two"');
  await expect(msg).toContainText('unchanged');
  await expect(msg).toHaveClass(/error/);
  await msg.scrollIntoViewIfNeeded();
  await shot(page, 'io-csv-bad-line');
  expect(await outputPixels(page)).toBe(pixels);
  expect(await epochOf(page)).toBe(epoch);
  expect(await page.getByTestId('train-loss').textContent()).toBe(loss);
  await expect(page.getByTestId('dataset-XorQuadrants')).toHaveAttribute('aria-pressed', 'true');
  // each other reason, by line
  const cases = [
    ['x1,x2,label\n1,1,0\n1,1\n', 'line 3: wrong column count'],
    ['1,1,0\n9,1,1\n', 'line 2: x1 = 9 is outside the plot\'s range (from -6 to 6)'],
    ['1,1,0\n1,1,0.5\n', 'line 2: the label "0.5" is out of range'],
    ['x1,x2,label\n' + '1,1,0\n'.repeat(2001), 'line 2002: too many rows: a file may hold at most 2000 points'],
    ['<img src=x onerror=alert(1)>,1,0\n', 'line 1: x1 is not a number'],
  ];
  for (const [text, want] of cases) {
    await setFile(page, 'csv-file', 'case.csv', text);
    await expect(msg).toContainText(want);
  }
  await expect(page.locator('.io-message img')).toHaveCount(0);
  expect(await outputPixels(page)).toBe(pixels);
});

test('a model exported, the network reset, the model imported: the same predictions bit for bit', async ({ page }) => {
  await page.goto('/#speed=max');
  await page.getByTestId('play').click();
  await expect.poll(() => epochOf(page)).toBeGreaterThan(200);
  await page.getByTestId('play').click();
  // at full speed the losses are evaluated every few epochs; a pause evaluates them for the weights on screen (found by this test): read them once shown
  const readout = async () => [await page.getByTestId('train-loss').textContent(), await page.getByTestId('test-loss').textContent()];
  await expect.poll(async () => {
    const first = JSON.stringify(await readout());
    await page.waitForTimeout(250);
    return JSON.stringify(await readout()) === first;
  }).toBe(true);
  const pixels = await outputPixels(page);
  const losses = await readout();
  const epoch = await epochOf(page);
  const a = await download(page, () => page.getByTestId('export-model').click());
  expect(a.name).toBe('neuralscope-model.json');
  const model = JSON.parse(readFileSync(a.path, 'utf8'));
  expect(model.format).toBe('neuralscope-model');
  expect(model.epoch).toBe(epoch);
  await page.getByTestId('reset').click();
  await expect.poll(() => epochOf(page)).toBe(0);
  expect(await outputPixels(page)).not.toBe(pixels);
  await page.getByTestId('model-file').setInputFiles(a.path);
  await expect(page.getByTestId('io-message')).toContainText(`trained for ${epoch} epochs`);
  await expect.poll(() => epochOf(page)).toBe(epoch);
  expect(await outputPixels(page)).toBe(pixels);
  expect([await page.getByTestId('train-loss').textContent(), await page.getByTestId('test-loss').textContent()]).toEqual(losses);
  // exported again: every weight the same number
  const b = await download(page, () => page.getByTestId('export-model').click());
  expect(JSON.parse(readFileSync(b.path, 'utf8')).layers).toEqual(model.layers);
  // a mismatched file names the field and changes nothing
  const bad = structuredClone(model);
  bad.layers[1].weights[0].pop();
  await setFile(page, 'model-file', 'bad-model.json', JSON.stringify(bad));
  await expect(page.getByTestId('io-message')).toContainText('layers[1].weights[0]');
  await expect(page.getByTestId('io-message')).toContainText('Nothing was changed');
  await setFile(page, 'model-file', 'bad-lr.json', JSON.stringify({ ...model, config: { ...model.config, learning_rate: 'fast' } }));
  await expect(page.getByTestId('io-message')).toContainText('config.learning_rate');
  await setFile(page, 'model-file', 'not.json', '{"format": ');
  await expect(page.getByTestId('io-message')).toContainText('not valid JSON');
  expect(await outputPixels(page)).toBe(pixels);
  expect(await epochOf(page)).toBe(epoch);
});

test('the PyTorch script of a trained XOR model compiles and carries exactly the model\'s weights', async ({ page }) => {
  await page.goto('/#speed=max');
  await page.getByTestId('play').click();
  await expect.poll(() => epochOf(page)).toBeGreaterThan(100);
  await page.getByTestId('play').click();
  const model = JSON.parse(readFileSync((await download(page, () => page.getByTestId('export-model').click())).path, 'utf8'));
  const py = await download(page, () => page.getByTestId('export-pytorch').click());
  expect(py.name).toBe('neuralscope_model.py');
  execFileSync('python3', ['-m', 'py_compile', py.path]);
  // the weights, read back by Python itself, as JSON
  const read = `import ast,json,sys\nsrc=open(sys.argv[1]).read()\ntree=ast.parse(src)\n` +
    `for n in tree.body:\n  if isinstance(n, ast.Assign) and getattr(n.targets[0], 'id', '') == 'WEIGHTS':\n    print(json.dumps(ast.literal_eval(n.value)))\n`;
  const weights = JSON.parse(execFileSync('python3', ['-c', read, py.path]).toString());
  expect(weights.length).toBe(model.layers.length);
  weights.forEach(([w, b], l) => {
    expect(w).toEqual(model.layers[l].weights);
    expect(b).toEqual(model.layers[l].biases);
  });
  const src = readFileSync(py.path, 'utf8');
  expect(src).toContain(`report(${model.epoch})  # the weights as exported`);
  expect(src).toContain('nn.Linear(2, 4), nn.Tanh(),');
  expect(src).toContain(`LEARNING_RATE = ${model.config.learning_rate}`);
  writeFileSync(join(tmp, 'loss-at-export.txt'), `${model.epoch} ${await page.getByTestId('train-loss').textContent()}`);
});

test('a snapshot downloads a PNG of the network and the output at twice their size', async ({ page }) => {
  await page.goto('/');
  const size = async (id) => page.getByTestId(id).evaluate((c) => [c.clientWidth, c.clientHeight]);
  const [net, out] = [await size('network-canvas'), await size('output-canvas')];
  const png = await download(page, () => page.getByTestId('snapshot').click());
  expect(png.name).toBe('neuralscope-snapshot.png');
  const bytes = readFileSync(png.path);
  expect(bytes.subarray(1, 4).toString()).toBe('PNG');
  const [w, h] = [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
  expect(w).toBe(2 * (16 + net[0] + 16 + out[0] + 16));
  expect(h).toBe(2 * (16 + Math.max(net[1], out[1]) + 16));
  await expect(page.getByTestId('io-message')).toContainText(`${w}×${h} pixels`);
  // the network part holds the weight lines too (its own canvas under the tiles): dark pixels of the
  // snapshot, scaled back to 1×, against the screen's tiles alone and tiles with lines
  const counts = await page.evaluate(async ([b64, m]) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const net = document.querySelector('canvas[data-testid="network-canvas"]');
    const [w, h] = [net.clientWidth, net.clientHeight];
    const count = (draw) => {
      const c = document.createElement('canvas');
      [c.width, c.height] = [w, h];
      const g = c.getContext('2d');
      g.fillStyle = '#fff';
      g.fillRect(0, 0, w, h);
      draw(g);
      const d = g.getImageData(0, 0, w, h).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i] + d[i + 1] + d[i + 2] < 690) n++;
      return n;
    };
    return {
      tiles: count((g) => g.drawImage(net, 0, 0, w, h)),
      full: count((g) => { for (const c of document.querySelectorAll('.network-canvases canvas')) if (c.width > 1) g.drawImage(c, 0, 0, w, h); }),
      snap: count((g) => g.drawImage(img, 2 * m, 2 * m, 2 * w, 2 * h, 0, 0, w, h)),
    };
  }, [bytes.toString('base64'), 16]);
  console.log(`snapshot network dark pixels at 1x: tiles ${counts.tiles}, tiles+lines ${counts.full}, snapshot ${counts.snap}`);
  expect(counts.full).toBeGreaterThan(counts.tiles * 1.1);
  expect(Math.abs(counts.snap - counts.full)).toBeLessThan(Math.abs(counts.snap - counts.tiles));
  // the page went back to its own resolution
  await expect.poll(() => page.getByTestId('output-canvas').evaluate((c) => c.width)).toBe(out[0]);
});

test('copy link copies a short link: only what differs from the defaults', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/');
  await page.getByTestId('dataset-Spiral').click();
  await page.getByTestId('copy-link').click();
  await expect(page.getByTestId('io-message')).toContainText('Copied the link');
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toMatch(/#data=Spiral$/);
  expect(link.length).toBeLessThan(page.url().length);
  await page.goto(link);
  await expect(page.getByTestId('dataset-Spiral')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('notice')).toHaveCount(0);
});

test('draw 20 points of two classes and train on them; the eraser and clear', async ({ page }) => {
  await page.goto('/#speed=max');
  await page.getByTestId('draw-points').click();
  await page.getByTestId('draw-clear').click();
  const canvas = page.getByTestId('output-canvas');
  let box, side;
  // the plot square: 30 px left pad, 6 px top, side min(w-36, h-38); measured again after a scroll
  const measure = async () => {
    await canvas.scrollIntoViewIfNeeded();
    box = await canvas.boundingBox();
    side = Math.min(box.width - 36, box.height - 38);
  };
  await measure();
  const at = (x1, x2) => [box.x + 30 + (x1 + 6) / 12 * side, box.y + 6 + (6 - x2) / 12 * side];
  for (let i = 0; i < 10; i++) {
    await page.getByTestId('draw-class-0').click();
    await page.mouse.click(...at(-4 + (i % 5) * 0.5, 2 + Math.floor(i / 5)));
    await page.getByTestId('draw-class-1').click();
    await page.mouse.click(...at(2 + (i % 5) * 0.5, -2 - Math.floor(i / 5)));
  }
  await expect(page.getByTestId('dataset-XorQuadrants')).toHaveAttribute('aria-pressed', 'false');
  const before = await num(page, 'train-loss');
  await page.getByTestId('play').click();
  await expect.poll(() => num(page, 'train-loss'), { timeout: 15_000 }).toBeLessThan(Math.min(0.05, before / 2));
  await page.getByTestId('play').click();
  await shot(page, 'io-drawn-points');
  // exported: the 20 points drawn, 10 of each class
  const rows = readFileSync((await download(page, () => page.getByTestId('export-csv').click())).path, 'utf8').trim().split('\n').slice(1);
  expect(rows.length).toBe(20);
  expect(rows.filter((r) => r.split(',')[2] === '0').length).toBe(10);
  // a drag paints several, the eraser removes, the network keeps its weights (the epoch runs on)
  const epoch = await epochOf(page);
  await page.getByTestId('draw-class-0').click();
  await measure();
  await page.mouse.move(...at(-3, -4));
  await page.mouse.down();
  for (let k = 1; k <= 8; k++) await page.mouse.move(...at(-3 + k * 0.3, -4));
  await page.mouse.up();
  let n = (readFileSync((await download(page, () => page.getByTestId('export-csv').click())).path, 'utf8').trim().split('\n').length - 1);
  expect(n).toBeGreaterThan(22);
  expect(await epochOf(page)).toBeGreaterThanOrEqual(epoch);
  await page.getByTestId('draw-eraser').click();
  await measure();
  await page.mouse.click(...at(-4, 2));
  const m = (readFileSync((await download(page, () => page.getByTestId('export-csv').click())).path, 'utf8').trim().split('\n').length - 1);
  expect(m).toBe(n - 1);
  // clear empties the canvas and play waits for points; another data set ends it
  await page.getByTestId('draw-clear').click();
  const cleared = await outputPixels(page);
  await page.getByTestId('play').click();
  await expect(page.getByTestId('notice')).toContainText('draw some points first');
  expect(await outputPixels(page)).toBe(cleared);
  await page.getByTestId('dataset-Spiral').click();
  await page.getByTestId('play').click();
  await expect.poll(() => epochOf(page)).toBeGreaterThan(5);
  await page.getByTestId('play').click();
});

test('the page runs under its Content-Security-Policy: no violation, and an injected inline script is refused', async ({ browser }) => {
  const page = await browser.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto('/#speed=max');
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toMatch(/script-src 'self' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/=]{44}'/);
  expect(csp.match(/script-src[^;]*/)[0]).not.toMatch(/unsafe-inline|'unsafe-eval'/);
  // the app works: it trains
  await page.getByTestId('play').click();
  await expect.poll(async () => Number((await page.getByTestId('epoch').textContent()).replace(/,/g, ''))).toBeGreaterThan(50);
  await page.getByTestId('play').click();
  expect(await page.evaluate(() => window.__violations)).toEqual([]);
  expect(errors).toEqual([]);
  // an inline script put into the page is not run
  await page.evaluate(() => { const s = document.createElement('script'); s.textContent = 'window.__inline = 1'; document.body.append(s); });
  await expect.poll(() => page.evaluate(() => window.__violations.length)).toBe(1);
  expect(await page.evaluate(() => window.__inline)).toBeUndefined();
  expect(errors.join('\n')).toContain('Content Security Policy');
  await page.close();
});

for (const [w, h] of [[1280, 800], [1024, 768]]) {
  test(`the data-and-model panel and the drawing tools at ${w}x${h}`, async ({ page }) => {
    await page.setViewportSize({ width: w, height: h });
    await page.goto('/');
    await page.getByTestId('draw-points').click();
    await page.getByTestId('export-model').click();
    await page.getByTestId('io-panel').scrollIntoViewIfNeeded();
    await shot(page, `io-panel-${w}x${h}`);
    await page.getByTestId('draw-tools').scrollIntoViewIfNeeded();
    await shot(page, `io-draw-${w}x${h}`);
    const tools = await page.getByTestId('draw-tools').boundingBox();
    const out = await page.getByTestId('output-column').boundingBox();
    expect(tools.x + tools.width).toBeLessThanOrEqual(out.x + out.width + 1);
    // nothing sticks out sideways
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(w);
    const panel = await page.getByTestId('io-panel').boundingBox();
    const column = await page.getByTestId('controls-column').boundingBox();
    expect(panel.x + panel.width).toBeLessThanOrEqual(column.x + column.width + 1);
  });
}

test('files dropped on the panel: regression points with "numbers" labels, then a model file', async ({ page }) => {
  await page.goto('/#speed=max');
  const drop = (name, text) => page.getByTestId('io-drop').evaluate((el, [name, text]) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], name, { type: 'text/plain' }));
    el.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, [name, text]);
  const rows = ['x1,x2,label'];
  for (let i = 0; i < 60; i++) {
    const x1 = -5 + (i % 10), x2 = -5 + Math.floor(i / 10) * 2;
    rows.push(`${x1},${x2},${((x1 + x2) / 10).toFixed(3)}`);
  }
  await drop('plane.csv', rows.join('\n'));
  const msg = page.getByTestId('io-message');
  // read as classes (the default), -1 is no class
  await expect(msg).toContainText('line 2: the label "-1.000" is out of range');
  await page.getByTestId('csv-labels').selectOption('numbers');
  await drop('plane.csv', rows.join('\n'));
  await expect(msg).toContainText('Loaded 60 points (regression targets) from plane.csv');
  await page.getByTestId('play').click();
  await expect.poll(() => num(page, 'train-loss'), { timeout: 15_000 }).toBeLessThan(0.002);
  await page.getByTestId('play').click();
  const model = readFileSync((await download(page, () => page.getByTestId('export-model').click())).path, 'utf8');
  expect(JSON.parse(model).config.data.kind).toBe('Custom');
  await page.getByTestId('reset').click();
  const pixels = await outputPixels(page);
  await drop('model.json', model);
  await expect(msg).toContainText('Loaded the model from model.json');
  expect(await outputPixels(page)).not.toBe(pixels);
});

test('a model file the engine cannot train is refused by field, and nothing changes (65 classes; learning rate 1e308)', async ({ page }) => {
  // a three-class model of the page's own making, then edited
  await page.goto('/');
  await setFile(page, 'csv-file', 'blobs.csv', threeBlobs());
  await expect(page.getByTestId('io-message')).toContainText('Loaded 150 points (3 classes)');
  const model = JSON.parse(readFileSync((await download(page, () => page.getByTestId('export-model').click())).path, 'utf8'));
  const pixels = await outputPixels(page);
  const epoch = await epochOf(page);
  const msg = page.getByTestId('io-message');
  // 65 classes (before issue 23: "Loaded the model…", then a panic in the softmax kernel)
  const many = structuredClone(model);
  const n = 65;
  const task = JSON.stringify(many.config.data.custom.task);
  expect(task, 'the export names its classes').toContain('3');
  many.config.data.custom.task = JSON.parse(task.replace(/\b3\b/, String(n)));
  many.config.data.custom.points = Array.from({ length: n }, (_, k) => ({ x1: k / n, x2: 0, label: k }));
  const last = many.layers[many.layers.length - 1];
  last.weights = last.weights.map(() => Array(n).fill(0));
  last.biases = Array(n).fill(0);
  await setFile(page, 'model-file', 'many-classes.json', JSON.stringify(many));
  await expect(msg).toContainText('config.data.custom.task');
  await expect(msg).toContainText('65 classes');
  await expect(msg).toContainText('Nothing was changed');
  // a learning rate outside what the page offers (before issue 23: loaded, then play did not train)
  await setFile(page, 'model-file', 'huge-lr.json', JSON.stringify({ ...model, config: { ...model.config, learning_rate: 1e308 } }));
  await expect(msg).toContainText('config.learning_rate');
  await expect(msg).toContainText('1e308');
  await expect(msg).toContainText('Nothing was changed');
  expect(await outputPixels(page)).toBe(pixels);
  expect(await epochOf(page)).toBe(epoch);
  // the page still trains
  await page.getByTestId('play').click();
  await expect.poll(() => epochOf(page)).toBeGreaterThan(epoch);
  await page.getByTestId('play').click();
});
