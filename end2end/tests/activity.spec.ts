import { test, expect } from "./fixture";
import { readFile } from "node:fs/promises";
import { ADMIN_NAME, hydrated, logIn, toast, unique } from "./support";

test.beforeEach(async ({ page }) => {
  await logIn(page);
  await expect(page).toHaveURL(/\/extensions/);
});

test("a group saved in the console is in the activity log with the admin's name, its fields before and after, and in the export", async ({ page }) => {
  const name = unique("Nhóm Nhật Ký");
  await page.goto("/ring-groups/new");
  await hydrated(page);
  await page.getByLabel("Tên nhóm").fill(name);
  await page.getByRole("button", { name: "Lưu" }).click();
  await expect(toast(page)).toContainText(`Đã tạo nhóm ${name}`);
  await hydrated(page);
  const id = page.url().split("/").pop()!;

  // The group's own page leads to its entries.
  await page.getByRole("link", { name: "Nhật ký thay đổi của mục này" }).click();
  await expect(page).toHaveURL(new RegExp(`/activity\\?area=ring-groups&object=${id}`));
  await expect(page.getByRole("heading", { name: "Nhật ký thay đổi", level: 1 })).toBeVisible();
  await hydrated(page);
  const entry = page.getByTestId("activity-entry");
  await expect(entry).toHaveCount(1);
  await expect(entry).toContainText(ADMIN_NAME);
  await expect(entry).toContainText(`Tạo ${name}`);
  await expect(entry).toContainText("✓ Đã thực hiện");
  await expect(page.getByTestId("chain")).toContainText("Nhật ký liền mạch");

  await entry.getByText("Trước và sau").click();
  const diff = entry.getByRole("table");
  await expect(diff.getByRole("row", { name: /^group_name \+/ })).toContainText(name);

  // The filter form: by area and words of the name, without the diacritics.
  await page.goto("/activity");
  await hydrated(page);
  await page.getByLabel("Khu vực").selectOption({ label: "Nhóm nội bộ" });
  await page.getByLabel("Người thực hiện").selectOption({ label: ADMIN_NAME });
  const plain = name.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D");
  await page.getByLabel("Đối tượng (tên hoặc mã)").fill(plain.toLowerCase());
  await page.getByRole("button", { name: "Lọc" }).click();
  await expect(page).toHaveURL(/area=ring-groups/);
  await expect(page.getByTestId("activity-entry")).toHaveCount(1);
  await expect(page.getByTestId("activity-entry")).toContainText(name);

  // The download holds the same entry, Vietnamese intact behind a byte-order mark.
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Tải CSV" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe("nhat-ky-thay-doi.csv");
  const bytes = await readFile((await download.path())!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = bytes.subarray(3).toString("utf8");
  expect(text.split("\n").filter((l) => l.trim()).length).toBe(2);
  expect(text).toContain(name);
  expect(text).toContain(ADMIN_NAME);
});

test("the activity log is in the menu and says plainly when nothing matches", async ({ page }) => {
  await page.getByRole("link", { name: "Nhật ký thay đổi" }).click();
  await expect(page).toHaveURL(/\/activity/);
  await hydrated(page);
  await page.getByLabel("Đối tượng (tên hoặc mã)").fill(unique("không có"));
  await page.getByRole("button", { name: "Lọc" }).click();
  await expect(page.getByText("Chưa có thay đổi nào khớp bộ lọc.")).toBeVisible();
  await page.getByRole("link", { name: "Bỏ lọc" }).click();
  await expect(page).toHaveURL(/\/activity$/);
});
