import { test, expect } from "./fixture";
import { hydrated, logIn } from "./support";

test.beforeEach(async ({ page }) => {
  await logIn(page);
  await expect(page).toHaveURL(/\/extensions/);
  await hydrated(page);
});

for (const typed of ["hong", "Hồng"]) {
  test(`searching "${typed}" finds names written with diacritics`, async ({ page }) => {
    await page.getByRole("searchbox", { name: "Tìm kiếm" }).fill(typed);
    await expect(page).toHaveURL(new RegExp(`q=${encodeURIComponent(typed).replace(/%20/g, "\\+")}`));
    const rows = page.getByRole("row").filter({ hasText: /Hồng/ });
    await expect(rows.first()).toBeVisible();
    const bodyRows = page.locator("tbody").getByRole("row");
    const count = await bodyRows.count();
    expect(count).toBeGreaterThan(0);
    for (let i = 0; i < count; i++) {
      await expect(bodyRows.nth(i)).toContainText(/h[oồ]ng/i);
    }
  });
}

test("a search that matches nothing says so", async ({ page }) => {
  await page.getByRole("searchbox", { name: "Tìm kiếm" }).fill("zzzkhongcoai");
  await expect(page.getByText("Không có số nội bộ nào khớp với tìm kiếm.")).toBeVisible();
});

test("paging moves through the list and the back button restores the page", async ({ page }) => {
  const summary = page.locator(".page-summary");
  await expect(summary).toContainText("Trang 1 /");
  const firstOnPage1 = await page.locator("tbody tr").first().textContent();
  await page.getByRole("link", { name: "Trang sau" }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(summary).toContainText("Trang 2 /");
  await expect(page.locator("tbody tr").first()).not.toHaveText(firstOnPage1 ?? "");
  await page.goBack();
  await expect(page).toHaveURL(/page=1|\/extensions$/);
  await expect(summary).toContainText("Trang 1 /");
});

test("the page size is chosen and kept in the URL", async ({ page }) => {
  await page.getByLabel("Số dòng mỗi trang").selectOption("10");
  await expect(page).toHaveURL(/size=10/);
  await expect(page.locator("tbody tr")).toHaveCount(10);
  await page.reload();
  await expect(page.locator("tbody tr")).toHaveCount(10);
});

test("deactivating asks first, and cancelling changes nothing", async ({ page }) => {
  const sip = (await page.locator("tbody tr").first().locator("td").first().textContent())!.trim();
  await page.getByRole("button", { name: `Ngưng hoạt động ${sip}` }).click();
  const dialog = page.getByRole("dialog", { name: "Ngưng hoạt động số nội bộ?" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Huỷ" }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole("status")).not.toContainText("Đã ngưng");

  await page.getByRole("button", { name: `Ngưng hoạt động ${sip}` }).click();
  await dialog.getByRole("button", { name: "Xác nhận" }).click();
  await expect(page.getByRole("status")).toContainText(`Đã ngưng hoạt động số nội bộ ${sip}`);

  await page.getByRole("button", { name: `Kích hoạt ${sip}` }).click();
  await expect(page.getByRole("status")).toContainText(`Đã kích hoạt số nội bộ ${sip}`);
});
