import base from "./playwright.config";

// `make bench`'s browser part: the same browser and settings as the specs, over bench/.
export default { ...base, testDir: "./bench", testMatch: "**/*.bench.ts", timeout: 300_000 };
