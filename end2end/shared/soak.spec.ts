import { test, expect } from "../tests/fixture";
import type { BrowserContext, Page } from "@playwright/test";
import { hydrated, logIn, setFaults } from "../tests/support";

// Load on both instances, with loads given up at random points, as admins do when they click
// on before a page has arrived: pages fetched over HTTP and dropped after the headers or part of
// the body, and browser tabs that navigate away mid-load or mid-hydration. Nothing a user would
// see may fail (every completed answer is a page, no page error in any tab), and scripts/e2e
// reads both servers' logs for panics after it. SOAK_SECONDS sets how long (`make soak` runs it
// for minutes; `make test` for a short while).
const A = process.env.CONSOLE_URL ?? "http://127.0.0.1:3200";
const B = process.env.CONSOLE_B_URL ?? "http://127.0.0.1:3202";
const SECONDS = Number(process.env.SOAK_SECONDS ?? "40");
const FETCHERS = 6;
const TABS = 3;
const BURST = 80;

const random = (n: number) => Math.floor(Math.random() * n);
const pickOne = <T>(list: T[]) => list[random(list.length)];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The console's pages, with a few of each kind of detail page found on its lists. */
async function pagesToVisit(page: Page): Promise<string[]> {
  const paths = ["/extensions", "/extensions?page=2", "/ring-groups", "/ring-groups/new", "/greetings", "/ivr", "/ivr/editor"];
  for (const list of ["/extensions", "/ring-groups"]) {
    await page.goto(`${A}${list}`);
    await hydrated(page);
    const found = await page
      .locator(`main a[href^="${list}/"]`)
      .evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
    paths.push(...found.filter((href) => !href.endsWith("/new")).slice(0, 4));
  }
  return paths;
}

interface Tally {
  whole: number;
  given_up: number;
  failed: string[];
}

/** Fetches pages as a browser would, and gives some up after the headers or part of the body. */
async function fetcher(cookie: string, paths: string[], until: number, tally: Tally) {
  while (Date.now() < until) {
    const url = `${pickOne([A, B])}${pickOne(paths)}`;
    const abort = new AbortController();
    const giveUp = random(3) > 0;
    try {
      const res = await fetch(url, { headers: { cookie, accept: "text/html" }, signal: abort.signal, redirect: "manual" });
      if (res.status !== 200) {
        tally.failed.push(`${url}: ${res.status}`);
        await res.body?.cancel();
        continue;
      }
      if (giveUp && random(2) === 0) {
        abort.abort();
        tally.given_up++;
        continue;
      }
      const reader = res.body!.getReader();
      let chunks = 0;
      let text = "";
      const decoder = new TextDecoder();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
        chunks++;
        if (giveUp && random(3) === 0) break;
      }
      if (giveUp && !text.includes("</html>")) {
        abort.abort();
        tally.given_up++;
      } else if (!text.includes("</html>")) {
        tally.failed.push(`${url}: the page ended after ${chunks} parts without its end`);
      } else {
        tally.whole++;
      }
    } catch (err) {
      if (abort.signal.aborted) tally.given_up++;
      else tally.failed.push(`${url}: ${String(err)}`);
    }
  }
}

/** Now and then many loads at once, all given up together after a few milliseconds: what a load
 * generator does when its time is up, and a crowd of tabs closed at once. */
async function bursts(cookie: string, paths: string[], until: number, tally: Tally) {
  while (Date.now() < until) {
    const abort = new AbortController();
    const loads = Array.from({ length: BURST }, async () => {
      const url = `${pickOne([A, B])}${pickOne(paths)}`;
      try {
        const res = await fetch(url, { headers: { cookie, accept: "text/html" }, signal: abort.signal });
        await res.text();
        tally.whole++;
      } catch (err) {
        if (abort.signal.aborted) tally.given_up++;
        else tally.failed.push(`${url}: ${String(err)}`);
      }
    });
    await sleep(5 + random(40));
    abort.abort();
    await Promise.all(loads);
    await sleep(1000 + random(2000));
  }
}

/** A tab that keeps navigating, often before the page it asked for has loaded or hydrated. */
async function tab(context: BrowserContext, watch: (page: Page) => void, paths: string[], until: number) {
  const page = await context.newPage();
  watch(page);
  let n = 0;
  while (Date.now() < until) {
    const url = `${pickOne([A, B])}${pickOne(paths)}`;
    // A later goto interrupts this one: that is the point.
    await page.goto(url, { waitUntil: "commit" }).catch(() => {});
    await sleep(random(600));
    if (n++ % 4 === 0) {
      // Now and then, a link followed inside the app, then left at once.
      const link = page.locator('main a[href^="/"]').first();
      if (await link.isVisible().catch(() => false)) await link.click({ timeout: 1000 }).catch(() => {});
      await sleep(random(200));
    }
  }
  // After all that, each instance still serves a whole working page to this tab.
  for (const base of [A, B]) {
    await page.goto(`${base}/ring-groups`);
    await hydrated(page);
    await expect(page.getByRole("heading", { name: "Nhóm nội bộ", level: 1 })).toBeVisible();
  }
  return n;
}

test("pages given up at random points on both instances drop no page and raise no error", async ({ page, browser, request, expected }) => {
  test.setTimeout((SECONDS + 120) * 1000);
  await logIn(page);
  await expect(page).toHaveURL(/\/extensions/);
  const paths = await pagesToVisit(page);
  const cookies = await page.context().cookies(A);
  const cookie = cookies.map((c) => `${c.name}=${c.value}`).join("; ");
  const until = Date.now() + SECONDS * 1000;
  const tally: Tally = { whole: 0, given_up: 0, failed: [] };

  const contexts = await Promise.all(
    Array.from({ length: TABS }, async () => {
      const context = await browser.newContext();
      await context.addCookies(cookies);
      return context;
    }),
  );
  // The call center answers now at once, now slowly, so that pages are given up both before and
  // while their lists stream in.
  const latency = (async () => {
    for (let slow = true; Date.now() < until; slow = !slow) {
      await setFaults(request, slow ? { latency_ms: 20 + random(60) } : {});
      await sleep(4000);
    }
    await setFaults(request, {});
  })();
  const [navigations] = await Promise.all([
    Promise.all(contexts.map((context) => tab(context, expected.watch, paths, until))),
    ...Array.from({ length: FETCHERS }, () => fetcher(cookie, paths, until, tally)),
    bursts(cookie, paths, until, tally),
    latency,
  ]);
  await Promise.all(contexts.map((context) => context.close()));
  const tabs = navigations.reduce((a, b) => a + b, 0);
  console.log(
    `soak ${SECONDS}s over ${paths.length} pages: ${tally.whole} whole, ${tally.given_up} given up, ` +
      `${tally.failed.length} failed; ${tabs} tab navigations`,
  );
  expect(tally.failed, "answers a user would have seen fail").toEqual([]);
  expect(tally.whole).toBeGreaterThan(0);
});
