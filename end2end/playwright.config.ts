import { defineConfig } from "@playwright/test";

// The server is started by `cargo leptos end-to-end`; globalSetup waits until it listens.
export const BASE_URL = process.env.CONSOLE_URL ?? "http://127.0.0.1:3000";

export default defineConfig({
  testDir: "./tests",
  globalSetup: "./global-setup.ts",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // One server and one simulator are shared: specs that turn fault knobs must not overlap.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  // The JSON report is what scripts/e2e reads to know the specs ran and passed: cargo-leptos'
  // end-to-end command does not always pass a failure on in its exit status.
  reporter: [["list"], ["json", { outputFile: process.env.PLAYWRIGHT_REPORT ?? "playwright-report/report.json" }]],
  use: {
    baseURL: BASE_URL,
    locale: "vi-VN",
    timezoneId: "Asia/Ho_Chi_Minh",
    trace: "off",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
});
