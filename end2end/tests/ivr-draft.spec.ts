import { test, expect } from "./fixture";
import { type Page } from "@playwright/test";
import { hydrated, logIn, pick, simCall, unique } from "./support";

// The editor keeps its draft in the browser's storage as edits happen, and offers it back after
// a reload, replayed over what the call center holds by then.

test.beforeEach(async ({ page }) => {
  await logIn(page);
  await expect(page).toHaveURL(/\/extensions/);
  // The editor asks before a reload leaves unsaved changes behind: here, leaving is the point.
  page.on("dialog", (dialog) => dialog.accept());
});

async function openEditor(page: Page) {
  await page.goto("/ivr/editor");
  await hydrated(page);
}

const node = (page: Page, name: string) => page.getByRole("button", { name: `Kịch bản ${name}`, exact: true });
const properties = (page: Page) => page.getByRole("region", { name: "Thuộc tính" });
const offer = (page: Page) => page.getByRole("alert").filter({ hasText: "Trình duyệt này còn giữ một bản nháp chưa lưu" });
const unsaved = (page: Page) => page.locator(".editor-status");

/** Adds a menu from the palette (next to the selection) and names it. */
async function addMenu(page: Page, name: string) {
  await page.getByRole("button", { name: "Kịch bản mới", exact: true }).press("Enter");
  await properties(page).getByLabel("Tên kịch bản").fill(name);
  await properties(page).getByLabel("Tên kịch bản").blur();
}

test("a draft survives a reload: offered back, replayed over the call center as it is now, and checked again", async ({ page, request }) => {
  // A menu another admin deletes while the draft is away.
  const menus = await simCall(request, "GET", "key-interaction/list?page=1&size=500");
  const main = menus.items.find((m: { script_name: string }) => m.script_name === "Tổng đài chính");
  const doomedName = unique("Tạm thời");
  const doomed = await simCall(request, "POST", "key-interaction/add", {
    script_name: doomedName,
    greeting_id: main.greeting_id,
    time_out: 5,
    max_failure: 2,
    scripts: [],
  });

  await openEditor(page);
  await expect(offer(page)).toHaveCount(0);
  await node(page, doomedName).focus();
  await properties(page).getByLabel("Thời gian chờ bấm phím (giây)").fill("9");
  await properties(page).getByLabel("Thời gian chờ bấm phím (giây)").blur();
  const kept = unique("Giữ lại");
  await addMenu(page, kept);
  await expect(unsaved(page)).toHaveText("3 thay đổi chưa lưu");

  await simCall(request, "DELETE", `key-interaction/delete/${doomed._id}`);
  await page.reload();
  await hydrated(page);
  await expect(offer(page)).toContainText("(3 thay đổi, lúc ");
  // Nothing comes back until the admin says so.
  await expect(node(page, kept)).toHaveCount(0);
  await expect(unsaved(page)).toHaveText("Chưa có thay đổi");
  await offer(page).getByRole("button", { name: "Khôi phục bản nháp" }).click();
  await expect(offer(page)).toHaveCount(0);
  await expect(node(page, kept)).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "Đã khôi phục" })).toHaveText(
    "Đã khôi phục 2 thay đổi lên dữ liệu hiện tại của tổng đài và kiểm tra lại. " +
      "1 thay đổi không còn áp dụng được (tổng đài đã khác) nên đã bị bỏ.",
  );
  await expect(unsaved(page)).toHaveText("2 thay đổi chưa lưu");
  // Checked again like any edit: the restored menu still lacks a greeting.
  await expect(page.getByRole("region", { name: "Vấn đề" })).toContainText(`${kept}: Hãy chọn lời chào.`);

  // Still kept after the restore; dropped when asked, and then offered no more.
  await page.reload();
  await hydrated(page);
  await expect(offer(page)).toContainText("(2 thay đổi, lúc ");
  await offer(page).getByRole("button", { name: "Bỏ bản nháp" }).click();
  await expect(offer(page)).toHaveCount(0);
  await page.reload();
  await hydrated(page);
  await expect(page.getByRole("application", { name: "Sơ đồ kịch bản" }).locator(".node").first()).toBeVisible();
  await expect(offer(page)).toHaveCount(0);
  await expect(node(page, kept)).toHaveCount(0);
});

test("a saved draft is not offered again", async ({ page }) => {
  await openEditor(page);
  const name = unique("Đã lưu");
  await addMenu(page, name);
  await properties(page).getByLabel("Lời chào", { exact: true }).selectOption({ label: "Lời chào tổng đài" });
  const fallback = properties(page).getByRole("combobox", { name: "Khi không bấm hoặc bấm sai", exact: true });
  await pick(page, fallback, "ke toan", "nhóm Nhóm Kế toán");
  await page.getByRole("button", { name: "Xem lại thay đổi" }).click();
  const dialog = page.getByRole("dialog", { name: "Các thay đổi sẽ được gửi lên tổng đài" });
  await dialog.getByRole("button", { name: "Lưu" }).click();
  await expect(page.getByRole("status", { name: "Thông báo" })).toContainText("Đã lưu kịch bản.");
  await page.reload();
  await hydrated(page);
  await expect(node(page, name)).toBeVisible();
  await expect(offer(page)).toHaveCount(0);
});

test("a new box moved after the last edit comes back where it was moved to", async ({ page }) => {
  await openEditor(page);
  const name = unique("Dời chỗ");
  await addMenu(page, name);
  await expect(unsaved(page)).toHaveText("2 thay đổi chưa lưu");
  // Moved with the arrow keys after the last edit: a move is not an edit, yet the draft's new
  // box is nowhere on the server, so the kept draft is its only record.
  const box = page.locator(".node").filter({ has: node(page, name) });
  const before = await box.getAttribute("transform");
  await node(page, name).focus();
  await node(page, name).press("Shift+ArrowRight");
  await node(page, name).press("Shift+ArrowDown");
  const moved = await box.getAttribute("transform");
  expect(moved).not.toEqual(before);

  await page.reload();
  await hydrated(page);
  await offer(page).getByRole("button", { name: "Khôi phục bản nháp" }).click();
  await expect(box).toHaveAttribute("transform", moved!);
  // Leave nothing kept for the specs after this one.
  await page.reload();
  await hydrated(page);
  await offer(page).getByRole("button", { name: "Bỏ bản nháp" }).click();
  await expect(offer(page)).toHaveCount(0);
});
