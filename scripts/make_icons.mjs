// Draws the web app manifest's PNG icons from assets/favicon.svg with Debian's chromium
// (Playwright from tests/e2e): icon-192/512.png as the favicon, and icon-maskable-192/512.png
// full-bleed on its dark ground with the drawing inside the 80 % safe zone.
//   node scripts/make_icons.mjs
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { execSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const { chromium } = createRequire(`${root}tests/e2e/package.json`)('@playwright/test');
const svg = readFileSync(`${root}assets/favicon.svg`, 'utf8');
const browser = await chromium.launch({ executablePath: execSync('command -v chromium').toString().trim(), args: ['--no-sandbox'] });
const page = await browser.newPage();
for (const size of [192, 512]) {
  for (const maskable of [false, true]) {
    await page.setViewportSize({ width: size, height: size });
    const inner = maskable ? Math.round(size * 0.8) : size;
    await page.setContent(`<body style="margin:0;background:${maskable ? '#1f2430' : 'transparent'};display:grid;place-items:center;height:${size}px">
      <img src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}" width="${inner}" height="${inner}"></body>`);
    await page.screenshot({ path: `${root}assets/icon-${maskable ? 'maskable-' : ''}${size}.png`, omitBackground: !maskable });
  }
}
await browser.close();
