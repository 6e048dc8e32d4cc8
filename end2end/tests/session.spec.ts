import { test, expect } from "./fixture";
import { ADMIN_NAME, expireTokens, hydrated, logIn, setFaults } from "./support";

test.afterEach(async ({ request }) => {
  await setFaults(request, {});
});

test("an expired session lands on the login page and returns to the same view after", async ({ page, request }) => {
  await logIn(page);
  await expect(page).toHaveURL(/\/extensions/);
  await page.goto("/extensions?page=2&size=10");
  await expect(page.locator(".page-summary")).toContainText("Trang 2 /");
  await expireTokens(request);
  await page.reload();
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole("alert")).toContainText("Phiên làm việc đã hết hạn");
  await hydrated(page);
  // The name given at the last login is offered again.
  await expect(page.getByLabel("Tên của bạn")).toHaveValue(ADMIN_NAME);
  await page.getByLabel("API key").fill("demo");
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page).toHaveURL(/\/extensions\?page=2&size=10/);
  await expect(page.locator(".page-summary")).toContainText("Trang 2 /");
});

test("logging out ends the session and the back button shows no data", async ({ page }) => {
  await logIn(page);
  await expect(page).toHaveURL(/\/extensions/);
  await hydrated(page);
  const loggedOut = page.waitForResponse((res) => res.url().endsWith("/api/log_out"));
  await page.getByRole("button", { name: "Đăng xuất" }).click();
  // Nothing of the tenant stays in the browser's cache or storage.
  expect((await (await loggedOut).allHeaders())["clear-site-data"]).toBe('"cache", "storage"');
  await expect(page).toHaveURL(/\/login/);
  await page.goBack();
  await expect(page).toHaveURL(/\/login/);
  await expect(page.locator("tbody tr")).toHaveCount(0);
});

test("a slow call-center gives a clear message and a retry that works", async ({ page, request, expected }) => {
  expected.refusal(504, "/api/list_extensions");
  await logIn(page);
  await expect(page).toHaveURL(/\/extensions/);
  await hydrated(page);
  await expect(page.locator("tbody tr").first()).toBeVisible();
  await setFaults(request, { latency_ms: 5000 });
  await page.getByRole("searchbox", { name: "Tìm kiếm" }).fill("nguyen");
  await expect(page.getByRole("alert")).toContainText("Tổng đài không phản hồi kịp thời, hãy thử lại.");
  await setFaults(request, {});
  await page.getByRole("button", { name: "Thử lại" }).click();
  await expect(page.locator("tbody tr").first()).toBeVisible();
});

test("a call-center refusal is shown in the vendor's words", async ({ page, request, expected }) => {
  expected.refusal(422, "/api/list_extensions");
  await logIn(page);
  await expect(page).toHaveURL(/\/extensions/);
  await hydrated(page);
  await expect(page.locator("tbody tr").first()).toBeVisible();
  await setFaults(request, { reject_share: 1.0 });
  await page.getByRole("link", { name: "Trang sau" }).click();
  await expect(page.getByRole("alert")).toContainText("Tổng đài từ chối yêu cầu:");
});

test("a failing call-center gives a clear message", async ({ page, request }) => {
  await logIn(page);
  await expect(page).toHaveURL(/\/extensions/);
  // The list is on the page before the call center starts failing: a fetch of it still under
  // way would meet the failure in the browser, not in the page the reload renders.
  await hydrated(page);
  await expect(page.locator("tbody tr").first()).toBeVisible();
  await setFaults(request, { http500_share: 1.0 });
  await page.reload();
  await expect(page.getByRole("alert")).toContainText("Tổng đài trả lời không đúng định dạng");
});

test("a write the server refuses as cross-site says it was refused", async ({ page, expected }) => {
  expected.refusal(403, "/api/set_extension_enabled");
  await logIn(page);
  await expect(page).toHaveURL(/\/extensions/);
  await hydrated(page);
  // The browser will not let a page forge its own Fetch-Metadata, so the request goes to the
  // real server from the test runner, marked as another site's, and its real answer comes back.
  await page.route("**/api/set_extension_enabled", async (route) => {
    const response = await route.fetch({
      headers: { ...(await route.request().allHeaders()), "sec-fetch-site": "cross-site", origin: "http://evil.example" },
    });
    expect(response.status()).toBe(403);
    await route.fulfill({ response });
  });
  await page.getByRole("button", { name: /^Kích hoạt / }).first().click();
  await expect(page.getByText("Yêu cầu bị từ chối.")).toBeVisible();
  await expect(page.getByText("Không kết nối được tới máy chủ")).toHaveCount(0);
});
