// @ts-check
// End-to-end tests of the built page (dist/, made by scripts/build-web.sh) in Debian's
// Chromium. No browser is downloaded: install packages with PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1.
const { defineConfig } = require('@playwright/test');

// E2E_PORT lets two checkouts test side by side on one machine.
const PORT = Number(process.env.E2E_PORT) || 8765;
const BASE_URL = `http://127.0.0.1:${PORT}/`;

module.exports = defineConfig({
  testDir: 'tests',
  outputDir: 'test-results',
  forbidOnly: !!process.env.CI,
  workers: 1,
  retries: 0,
  reporter: 'list',
  timeout: 60_000,
  use: {
    baseURL: BASE_URL,
    headless: true,
    launchOptions: require('./chromium'),
  },
  webServer: {
    // Runs in this folder; serves the build at the repository root.
    command: `python3 -m http.server ${PORT} --bind 127.0.0.1 --directory ../dist`,
    url: BASE_URL,
    reuseExistingServer: false,
    timeout: 30_000,
  },
});
