import { test, expect } from "./fixture";
import { DEMO_KEY, hydrated, logIn } from "./support";

test("a wrong API key is refused with a clear message and no session", async ({ page, expected }) => {
  expected.refusal(401, "/api/log_in");
  await logIn(page, "not-the-key");
  await expect(page.getByRole("alert")).toContainText("API key không đúng");
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/extensions");
  await expect(page).toHaveURL(/\/login/);
});

test("the login page says the built-in simulator is in use and gives its key", async ({ page }) => {
  await page.goto("/login");
  await expect(page.getByTestId("demo-key")).toContainText("tổng đài mô phỏng");
  await expect(page.getByTestId("demo-key").locator("code")).toHaveText("demo");
  // Every page describes itself to search engines and link previews.
  await expect(page.locator('meta[name="description"]')).toHaveAttribute("content", /^Quản trị tổng đài: /);
});

test("the demo key logs in and shows the extensions of the tenant", async ({ page }) => {
  await logIn(page);
  await expect(page).toHaveURL(/\/extensions/);
  await expect(page.getByRole("heading", { name: "Số nội bộ" })).toBeVisible();
  await expect(page.getByTestId("tenant")).not.toBeEmpty();
  await expect(page.getByRole("row")).not.toHaveCount(0);
});

test("the language can be switched to English and is remembered", async ({ page }) => {
  await logIn(page);
  await hydrated(page);
  await expect(page).toHaveTitle("Tổng đài");
  await page.getByLabel("Ngôn ngữ").selectOption("en");
  await expect(page.getByRole("heading", { name: "Extensions" })).toBeVisible();
  // The title is plain text from the server but follows the switch in the browser.
  await expect(page).toHaveTitle("Call center");
  await page.reload();
  await expect(page.getByRole("heading", { name: "Extensions" })).toBeVisible();
  await expect(page).toHaveTitle("Call center");
  await hydrated(page);
  await page.getByLabel("Language").selectOption("vi");
  await expect(page.getByRole("heading", { name: "Số nội bộ" })).toBeVisible();
  await expect(page).toHaveTitle("Tổng đài");
});

test("the name given at login is shown in the header and offered again after logging out", async ({ page }) => {
  await logIn(page, DEMO_KEY, "  Trần   Văn Minh ");
  await expect(page).toHaveURL(/\/extensions/);
  // Kept as given, spaces tidied.
  await expect(page.getByTestId("person")).toHaveText(/Trần Văn Minh$/);
  await hydrated(page);
  await page.getByRole("button", { name: "Đăng xuất" }).click();
  await expect(page).toHaveURL(/\/login/);
  await hydrated(page);
  await expect(page.getByLabel("Tên của bạn")).toHaveValue("Trần Văn Minh");
  await page.getByLabel("API key").fill(DEMO_KEY);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page.getByTestId("person")).toHaveText(/Trần Văn Minh$/);
});

test("a login with only spaces for a name says a name is needed and keeps the key typed", async ({ page, expected }) => {
  expected.refusal(400, "/api/log_in");
  await page.goto("/login");
  await hydrated(page);
  await page.getByLabel("Tên của bạn").fill("   ");
  await page.getByLabel("API key").fill(DEMO_KEY);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page.getByRole("alert")).toContainText("Hãy nhập tên của bạn");
  await expect(page.getByLabel("API key")).toHaveValue(DEMO_KEY);
  await expect(page).toHaveURL(/\/login/);
});
