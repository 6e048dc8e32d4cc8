// Which static files a browser fetches for the first load of each page given, logged in with
// a cold cache: the main bundle plus the split chunks that page needs. Prints one line per
// page: the path, the milliseconds from navigation until the page was hydrated and its network
// idle (one cold load: a figure to read, not a test), then the files. Used by scripts/size.
const path = require("path");
const { chromium } = require(path.join(__dirname, "../end2end/node_modules/playwright"));

(async () => {
  const base = process.env.BASE;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
  });
  for (const page of process.argv.slice(2)) {
    const context = await browser.newContext();
    // Logged in through the API, so the login page's downloads are not counted.
    const login = await context.request.post(`${base}/api/log_in`, {
      form: { api_key: "demo", person: "Size Report", next: page },
      headers: { "sec-fetch-site": "same-origin", accept: "application/json" },
    });
    if (!login.ok()) throw new Error(`log in failed: ${login.status()}`);
    const tab = await context.newPage();
    const files = new Set();
    tab.on("request", (r) => {
      const url = new URL(r.url());
      if (url.pathname.startsWith("/pkg/")) files.add(url.pathname);
    });
    const started = Date.now();
    await tab.goto(base + page);
    await tab.waitForSelector("body[data-hydrated=true]");
    await tab.waitForLoadState("networkidle");
    const took = Date.now() - started;
    console.log([page, took, ...files].join(" "));
    await context.close();
  }
  await browser.close();
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
