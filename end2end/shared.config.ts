import base from "./playwright.config";

// The shared-store journey: two console instances on shared stores (PostgreSQL, and Redis for
// sessions in one pass) and one standalone simulator, started by scripts/shared-e2e after the
// main run (CONSOLE_URL and CONSOLE_B_URL name them).
export default { ...base, testDir: "./shared", outputDir: "./test-results-shared", globalSetup: "./global-setup.ts" };
