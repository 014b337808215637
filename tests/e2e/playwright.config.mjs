// Playwright drives Debian's chromium (never a downloaded browser) against the
// release build in dist/, served by serve.mjs.
import { defineConfig } from '@playwright/test';
import { execSync } from 'node:child_process';

const chromium = process.env.CHROMIUM || execSync('command -v chromium || command -v chromium-browser').toString().trim();
const port = Number(process.env.E2E_PORT || 8090);
// E2E_DIST: another build to test (e.g. an older commit's dist, to see a new test fail on it)
const dist = process.env.E2E_DIST || '../../dist';

export default defineConfig({
  testDir: './specs',
  outputDir: './test-results',
  timeout: 60_000,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    // a click on something covered (a modal's backdrop) fails after 15 s rather than waiting for ever
    actionTimeout: 15_000,
    baseURL: `http://127.0.0.1:${port}/`,
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: chromium,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    },
  },
  webServer: {
    command: `node serve.mjs ${dist} ${port}`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 20_000,
  },
});
