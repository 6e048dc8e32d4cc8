import { test, expect } from "./fixture";
import { hydrated, logIn } from "./support";

test.beforeEach(async ({ page }) => {
  await logIn(page);
  await expect(page).toHaveURL(/\/extensions/);
});

test("the detail page hides the SIP password until asked, then offers to copy it", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const firstLink = page.locator("tbody tr").first().getByRole("link");
  const sip = (await firstLink.textContent())!.trim();
  await firstLink.click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(sip);
  await hydrated(page);
  await expect(page.getByRole("heading", { name: "Tài khoản SIP" })).toBeVisible();
  await expect(page.getByTestId("sip-password")).toHaveCount(0);
  await page.getByRole("button", { name: "Hiện mật khẩu" }).click();
  const password = page.getByTestId("sip-password");
  await expect(password).toHaveText(/\S{6,}/);
  await page.getByRole("button", { name: "Sao chép" }).click();
  await expect(page.getByRole("button", { name: "Đã sao chép" })).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe((await password.textContent())!.trim());
  await page.getByRole("button", { name: "Ẩn mật khẩu" }).click();
  await expect(page.getByTestId("sip-password")).toHaveCount(0);
});

test("an extension is found by its staff email", async ({ page }) => {
  await hydrated(page);
  const email = (await page.locator("tbody tr").first().locator("td").nth(2).textContent())!.trim();
  await page.getByLabel("Tra cứu theo").selectOption("user_email");
  await page.getByLabel("Giá trị tra cứu").fill(email);
  await page.getByRole("button", { name: "Tra cứu" }).click();
  await expect(page).toHaveURL(/type=user_email/);
  await expect(page.getByText(email).first()).toBeVisible();
});

test("a hotline is assigned for calling out and then listed", async ({ page, expected }) => {
  // The first try, with no direction chosen, is refused by the server (its message is the point).
  expected.refusal(400, "/api/assign_hotline");
  await page.locator("tbody tr").nth(3).getByRole("link").click();
  await hydrated(page);
  const form = page.getByRole("form", { name: "Gán đầu số" });
  const options = form.getByLabel("Đầu số").locator("option");
  const hotline = (await options.nth(3).getAttribute("value"))!;
  await form.getByLabel("Đầu số").selectOption(hotline);

  await form.getByRole("button", { name: "Gán" }).click();
  await expect(page.getByRole("alert")).toContainText("Chọn ít nhất một chiều gọi.");

  await form.getByLabel("Gọi ra").check();
  await form.getByRole("button", { name: "Gán" }).click();
  await expect(page.getByRole("status")).toContainText(`Đã gán đầu số ${hotline}`);
  await expect(page.getByRole("list", { name: "Đầu số gọi ra" })).toContainText(hotline);
});
