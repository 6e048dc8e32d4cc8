import { test, expect } from "./fixture";
import { hydrated, logIn } from "./support";

// A page's own code is fetched when the page is first visited. When it does not arrive, the
// console says so and offers a retry (a flaky network), or loads itself afresh (a new release
// has replaced the files the open tab knew), rather than stopping on a panic.

const groupsChunk = "**/pkg/split_GroupListRoute*.wasm";

test.beforeEach(async ({ page }) => {
  await logIn(page);
  await expect(page).toHaveURL(/\/extensions/);
  await hydrated(page);
});

test("a page whose code does not arrive says so, and a retry brings it", async ({ page, expected }) => {
  expected.pageError(/net::ERR_INTERNET_DISCONNECTED .*split_GroupListRoute/);
  expected.pageError(/TypeError: Failed to fetch/);
  await page.route(groupsChunk, (route) => route.abort("internetdisconnected"));
  await page.getByRole("navigation").getByRole("link", { name: "Nhóm nội bộ" }).click();
  const notice = page.getByRole("alert").filter({ hasText: "Không tải được phần này của trang" });
  await expect(notice).toBeVisible();
  // The rest of the console still answers: the menu leads elsewhere.
  await expect(page.getByRole("navigation").getByRole("link", { name: "Số nội bộ" })).toBeVisible();

  await page.unroute(groupsChunk);
  await page.getByRole("button", { name: "Thử lại" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Nhóm nội bộ" })).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: "Nhóm Kinh doanh" }).first()).toBeVisible();
});

test("after a new release the page loads itself afresh instead of failing", async ({ page, expected }) => {
  expected.refusal(404, "split_GroupListRoute");
  expected.pageError(/CompileError|TypeError|WebAssembly/);
  // The release has changed: the old chunk and the old main script are gone (once each; the
  // page loaded afresh finds what the server has).
  await page.route(groupsChunk, (route) => route.fulfill({ status: 404, body: "" }), { times: 1 });
  const mainScript = await page.locator("link[rel=modulepreload]").first().getAttribute("href");
  expected.refusal(404, mainScript!);
  await page.route(`**${mainScript}`, (route) => route.fulfill({ status: 404, body: "" }), { times: 1 });
  await page.evaluate(() => ((window as unknown as { beforeReload: boolean }).beforeReload = true));
  const reloaded = page.waitForEvent("load");
  await page.getByRole("navigation").getByRole("link", { name: "Nhóm nội bộ" }).click();
  await reloaded;
  await hydrated(page);
  // A page of its own, not the old one carried on.
  expect(await page.evaluate(() => (window as unknown as { beforeReload?: boolean }).beforeReload)).toBeUndefined();
  await page.getByRole("navigation").getByRole("link", { name: "Nhóm nội bộ" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Nhóm nội bộ" })).toBeVisible();
});
