import { defineConfig, devices } from '@playwright/test';

// Browser tests run in Debian's Chromium (`apt-get install -y chromium`), never in a browser
// downloaded by Playwright. ROUTELAB_CHROMIUM points at another binary.
const executablePath = process.env['ROUTELAB_CHROMIUM'] ?? '/usr/bin/chromium';
const ci = Boolean(process.env['CI']);
const port = 4173;

export default defineConfig({
  testDir: 'e2e',
  // Each run clears its own folder; the screenshots the tests take for people to look at stay
  // in test-results/screens (e2e/helpers.ts `shot`).
  outputDir: 'test-results/runs',
  fullyParallel: true,
  forbidOnly: ci,
  retries: 0,
  reporter: [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    screenshot: 'on',
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath,
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--headless',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
            '--disable-quic',
          ],
        },
      },
    },
  ],
  // Serves the built page (dist/): `npm test` builds before it runs these tests.
  webServer: {
    command: `npm run preview -- --host 127.0.0.1 --port ${port} --strictPort`,
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: !ci,
    timeout: 60_000,
  },
});
