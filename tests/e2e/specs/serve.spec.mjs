// `make serve`, the README's first command, serves a page whose console stays
// clean: no Content-Security-Policy violation (trunk's injected live-reload
// script was one, issue 23), no error, and the app trains. It runs the very
// script `make serve` runs (scripts/serve.sh, trunk serve --release), on its own
// port and into its own dist folder so the other specs' dist/ is untouched.
import { test, expect } from './fixtures.mjs';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../../../', import.meta.url).pathname;
const PORT = Number(process.env.SERVE_TEST_PORT || 8097);

test('make serve: the page loads with a clean console and no CSP violation', async ({ page }) => {
  test.setTimeout(420_000);
  const dist = mkdtempSync(join(tmpdir(), 'neuralscope-serve-'));
  const log = [];
  const server = spawn('bash', ['scripts/serve.sh', '--dist', dist], {
    cwd: root, env: { ...process.env, PORT: String(PORT) }, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout.on('data', (d) => log.push(String(d)));
  server.stderr.on('data', (d) => log.push(String(d)));
  try {
    const url = `http://127.0.0.1:${PORT}/`;
    await expect.poll(async () => {
      if (server.exitCode !== null) throw new Error(`make serve exited (${server.exitCode}):\n${log.join('').slice(-3000)}`);
      return fetch(url).then((r) => r.status, () => 0);
    }, { message: 'trunk serve answers', timeout: 400_000, intervals: [1000] }).toBe(200);

    const violations = [];
    page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) violations.push(m.text()); });
    await page.addInitScript(() => {
      window.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective}: ${e.blockedURI || 'inline'}`));
    });
    await page.goto(url);
    await expect(page.getByTestId('play')).toBeVisible({ timeout: 30_000 });
    const epoch = async () => Number((await page.getByTestId('epoch').textContent()).replace(/\D/g, ''));
    await page.getByTestId('play').click();
    await expect.poll(epoch, { message: 'the served app trains' }).toBeGreaterThan(0);
    await page.getByTestId('play').click();
    expect(await page.evaluate(() => window.__csp), 'securitypolicyviolation events').toEqual([]);
    expect(violations, 'CSP messages in the console').toEqual([]);
  } finally {
    try { process.kill(-server.pid, 'SIGTERM'); } catch { /* already gone */ }
    rmSync(dist, { recursive: true, force: true });
  }
});
