import { test, expect } from "./fixture";
import { type Page } from "@playwright/test";
import { readFile } from "node:fs/promises";
import { ADMIN_NAME, hydrated, logIn, pick, simCall, toast, unique } from "./support";

const groupNode = (page: Page, name: string) => page.getByRole("button", { name: `Nhóm ${name}`, exact: true });
const box = (page: Page, name: string) => page.locator(".node").filter({ has: groupNode(page, name) });
const properties = (page: Page) => page.getByRole("region", { name: "Thuộc tính" });
const history = (page: Page) => page.getByRole("region", { name: "Lịch sử phiên bản" });
const versions = (page: Page) => history(page).locator("li.version");
const reviewDialog = (page: Page) => page.getByRole("dialog", { name: "Các thay đổi sẽ được gửi lên tổng đài" });

async function vendorName(page: Page, id: string) {
  const groups = await simCall(page.request, "GET", "internal_group/list?page=1&size=500");
  return groups.items.find((g: { _id: string }) => g._id === id)?.group_name;
}

// The group this spec makes is deleted after it. The spec runs after the editor's specs (by its
// file name): its editor save keeps the positions of every box of the shared flow, which changes
// where the later specs' new boxes go and lets the flow outgrow the view they expect.
let made: string | undefined;
test.afterEach(async ({ page }) => {
  if (made) {
    const gone = await page.request.post("/api/delete_group", { form: { id: made }, headers: { "x-console-request": "1" } });
    expect(gone.status()).toBe(200);
    made = undefined;
  }
});

test("a save is in History and the log; a rename at the call center shows as changed outside, drawn on the diagram; restoring sends the old name back", async ({ page }) => {
  await logIn(page);
  const first = unique("Nhóm Lịch Sử");
  const created = await page.request.post("/api/save_group", {
    form: { "draft[name]": first, "draft[strategy]": "rollover", "draft[timeout]": "30", "draft[members][0]": "101", overwrite: "false" },
    headers: { "x-console-request": "1" },
  });
  expect(created.status()).toBe(200);
  await page.goto("/ivr/editor");
  await hydrated(page);

  // Found by name (the flow may be larger than the view), renamed in the editor and saved.
  const second = `${first} mới`;
  await pick(page, page.getByRole("combobox", { name: "Tìm nút theo tên" }), first, `nhóm ${first}`);
  await properties(page).getByLabel("Tên nhóm").fill(second);
  await properties(page).getByLabel("Tên nhóm").blur();
  await page.getByRole("button", { name: "Xem lại thay đổi" }).click();
  await reviewDialog(page).getByRole("button", { name: "Lưu" }).click();
  await expect(toast(page)).toContainText("Đã lưu kịch bản.");

  // History lists it first, with the admin's name and what changed.
  await page.getByRole("button", { name: "Lịch sử", exact: true }).click();
  await expect(versions(page).first()).toContainText(ADMIN_NAME);
  await expect(versions(page).first()).toContainText("1 nhóm được sửa");

  // Renamed again at the call center directly, as from its own portal.
  const groups = await simCall(page.request, "GET", "internal_group/list?page=1&size=500");
  const id = groups.items.find((g: { group_name: string }) => g.group_name === second)._id as string;
  made = id;
  const third = `${first} ngoài`;
  await simCall(page.request, "POST", `internal_group/update/${id}`, {
    group_name: third,
    strategy: "rollover",
    sip_members: ["101"],
    timeout: 30,
  });
  // The ring groups' list notices it: the log says so before the editor is opened again.
  await page.goto(`/ring-groups?q=${encodeURIComponent(third)}&page=1&size=20`);
  await hydrated(page);
  await expect(page.getByRole("link", { name: third, exact: true })).toBeVisible();
  await page.goto(`/activity?object=${id}`);
  await hydrated(page);
  await expect(
    page.getByTestId("activity-entry").filter({ hasText: "Phát hiện thay đổi ngoài bảng điều khiển ở" }),
  ).toHaveCount(1);
  await page.goto("/ivr/editor");
  await hydrated(page);
  const banner = page.getByRole("status").filter({ hasText: "Luồng đã bị thay đổi ngoài bảng điều khiển" });
  await expect(banner).toContainText("1 nhóm được sửa");
  await banner.getByRole("button", { name: "Xem khác biệt" }).click();

  // Listed beside the diagram, each line bringing its box into view, where it is drawn marked
  // (a tag on the box, not colour alone).
  await history(page).locator(".diff-list").getByRole("button", { name: `nhóm “${third}”` }).click();
  await expect(box(page, third)).toHaveClass(/node-diff-changed/);
  await expect(box(page, third)).toContainText("✎ đã đổi");
  await expect(history(page).locator(".diff-list li").filter({ hasText: `nhóm “${third}”` })).toContainText("✎ Sửa");
  await expect(history(page).locator(".diff-list li").filter({ hasText: `nhóm “${third}”` })).toContainText(": tên");
  await expect(versions(page).first()).toContainText("Thay đổi ngoài bảng điều khiển");
  await expect(versions(page).first()).toContainText("1 nhóm được sửa");

  // Restoring the version before sends the old name back, through the review.
  await history(page).getByRole("button", { name: "Khôi phục phiên bản này" }).click();
  const dialog = reviewDialog(page);
  await expect(dialog).toContainText("Khôi phục phiên bản");
  await expect(dialog.getByRole("listitem").filter({ hasText: `Cập nhật nhóm “${second}”` })).toBeVisible();
  await dialog.getByRole("button", { name: "Lưu" }).click();
  await expect.poll(() => vendorName(page, id)).toBe(second);
  await expect(versions(page).first()).toContainText(`${ADMIN_NAME}, khôi phục từ phiên bản`);
  await expect(page.getByRole("status").filter({ hasText: "Luồng đã bị thay đổi ngoài bảng điều khiển" })).toHaveCount(0);

  // Any two versions compare: the outside rename, as a list.
  await history(page).getByText("So sánh hai phiên bản").click();
  const seqs = await versions(page).locator("strong").allTextContents();
  await history(page).getByLabel("Từ", { exact: true }).selectOption({ label: seqs[2] });
  await history(page).getByLabel("Đến", { exact: true }).selectOption({ label: seqs[1] });
  await history(page).getByRole("button", { name: "So sánh", exact: true }).click();
  await expect(history(page).locator(".compare-two li").filter({ hasText: `nhóm “${third}”` })).toContainText(": tên");

  // The log has the change noticed outside, with no person, and it downloads.
  await page.goto(`/activity?object=${id}`);
  await hydrated(page);
  const noticed = page.getByTestId("activity-entry").filter({ hasText: "Phát hiện thay đổi ngoài bảng điều khiển ở" });
  await expect(noticed).toHaveCount(1);
  await expect(noticed).toContainText("Ngoài bảng điều khiển");
  await expect(noticed).toContainText(third);
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Tải JSON Lines" }).click();
  const lines = (await readFile((await (await downloading).path())!)).toString("utf8").trim().split("\n");
  const kinds = lines.map((l) => JSON.parse(l).change.kind);
  expect(kinds).toContain("changed-outside");
});
