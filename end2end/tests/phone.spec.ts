import { test, expect } from "./fixture";
import { type Page } from "@playwright/test";
import { hydrated, logIn } from "./support";

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

async function fitsTheScreen(page: Page) {
  const widths = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    screen: window.innerWidth,
  }));
  expect(widths.page, "the page scrolls sideways").toBeLessThanOrEqual(widths.screen);
}

for (const [path, heading, firstColumn] of [
  ["/extensions", "Số nội bộ", "Số nội bộ"],
  ["/ring-groups", "Nhóm nội bộ", "Tên nhóm"],
]) {
  test(`${path} fits a 390 px phone: rows become cards, nothing scrolls sideways`, async ({ page }) => {
    await logIn(page);
    await expect(page).toHaveURL(/\/extensions/);
    await page.goto(path);
    await hydrated(page);
    await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
    await fitsTheScreen(page);
    // The whole header is on screen: brand, navigation and log-out.
    for (const item of [page.getByText("Tổng đài", { exact: true }).first(), page.getByRole("button", { name: "Đăng xuất" })]) {
      const box = (await item.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(390);
    }
    // Each row is a card as wide as the content, each value labelled by its column.
    const card = page.locator("tbody tr").first();
    const box = (await card.boundingBox())!;
    expect(box.width).toBeGreaterThan(300);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    const label = await card.locator("td").first().evaluate((td) => getComputedStyle(td, "::before").content);
    expect(label).toBe(`"${firstColumn}"`);
  });
}
