import { defineConfig } from "@playwright/test";

// Browser tests of the web app, in the system Chromium (never `playwright install`).
// dist/ must be built first: scripts/e2e.sh does both.
const port = Number(process.env.E2E_PORT ?? 8090);

export default defineConfig({
  testDir: ".",
  testMatch: /.*\.spec\.ts/,
  outputDir: "test-results",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  // Every story runs twice: on a 1280 px screen, and on a 390 px phone in dark mode.
  projects: [
    { name: "desktop", use: { viewport: { width: 1280, height: 900 } } },
    { name: "phone-dark", use: { viewport: { width: 390, height: 844 }, colorScheme: "dark" } },
  ],
  use: {
    baseURL: `http://127.0.0.1:${port}/`,
    acceptDownloads: true,
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  webServer: {
    command: `node end2end/serve.mjs ${port} dist`,
    cwd: "..",
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 30_000,
  },
});
