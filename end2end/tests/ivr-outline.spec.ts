import { test, expect } from "./fixture";
import { type Page } from "@playwright/test";
import { pick, toast, unique } from "./support";
import { backgroundSpot, box, canvas, inEditor } from "./editor-support";

// The outline beside the diagram, and the search that jumps to a node: the editor without a
// pointer.

test.beforeEach(async ({ page }) => inEditor(page));

const outline = (page: Page) => page.getByRole("region", { name: "Dàn ý" });
const properties = (page: Page) => page.getByRole("region", { name: "Thuộc tính" });
const picker = (page: Page, name: string) => properties(page).getByRole("combobox", { name, exact: true });
/** The outline's entry for a node: its line and everything nested under it. */
const entry = (page: Page, title: string) =>
  outline(page).getByRole("listitem").filter({ has: page.getByRole("button", { name: title, exact: true }) }).first();

test("a small flow is built with the outline and the keyboard only, loops shown as links, and saved", async ({ page }) => {
  await page.getByRole("button", { name: "Dàn ý", exact: true }).press("Enter");
  await expect(outline(page)).toBeVisible();
  const top = unique("Tổng đài bàn phím");

  // A new menu: the palette's button, then the properties panel, all from the keyboard.
  await page.getByRole("button", { name: "Kịch bản mới", exact: true }).press("Enter");
  await properties(page).getByLabel("Tên kịch bản").fill(top);
  await properties(page).getByLabel("Tên kịch bản").press("Tab");
  await expect(entry(page, `Kịch bản ${top}`)).toBeVisible();
  await expect(outline(page).getByRole("button", { name: `Kịch bản ${top}`, exact: true })).toHaveAttribute("aria-current", "true");
  await properties(page).getByLabel("Lời chào", { exact: true }).selectOption({ label: "Lời chào tổng đài" });
  await pick(page, picker(page, "Phím mới dẫn tới"), "ke toan", "nhóm Nhóm Kế toán");
  await expect(entry(page, `Kịch bản ${top}`)).toContainText("phím 1 → nhóm Nhóm Kế toán");

  // A line of the outline leads to the field that edits it: key 1 goes elsewhere.
  await outline(page).getByRole("button", { name: "phím 1 → nhóm Nhóm Kế toán" }).press("Enter");
  await expect(picker(page, "Phím 1 dẫn tới")).toBeFocused();
  await pick(page, picker(page, "Phím 1 dẫn tới"), "cham soc", "nhóm Nhóm Chăm sóc khách hàng");
  await expect(entry(page, `Kịch bản ${top}`)).toContainText("phím 1 → nhóm Nhóm Chăm sóc khách hàng");

  // Its fallback back to itself: a loop, shown as a link back rather than repeated.
  await pick(page, picker(page, "Khi không bấm hoặc bấm sai"), top, `kịch bản ${top}`);
  const loop = entry(page, `Kịch bản ${top}`).getByRole("button", { name: `↩ quay lại ${top}` });
  await expect(loop).toBeVisible();

  // Selecting in the outline selects on the diagram, and the other way round.
  await outline(page).getByRole("button", { name: "Kịch bản Tổng đài chính", exact: true }).press("Enter");
  await expect(box(page, "Kịch bản Tổng đài chính")).toHaveClass(/node-selected/);
  await expect(properties(page).getByLabel("Tên kịch bản")).toHaveValue("Tổng đài chính");
  await canvas(page).getByRole("button", { name: `Kịch bản ${top}`, exact: true }).focus();
  await expect(outline(page).getByRole("button", { name: `Kịch bản ${top}`, exact: true })).toHaveAttribute("aria-current", "true");
  await expect(outline(page).getByRole("button", { name: "Kịch bản Tổng đài chính", exact: true })).toHaveAttribute("aria-current", "false");

  // Printed, the page is the outline: the diagram and the panels stay off paper.
  await page.emulateMedia({ media: "print" });
  await expect(canvas(page)).toBeHidden();
  await expect(properties(page)).toBeHidden();
  await expect(outline(page)).toBeVisible();
  await page.emulateMedia({ media: "screen" });

  await page.getByRole("button", { name: "Xem lại thay đổi" }).press("Enter");
  const dialog = page.getByRole("dialog", { name: "Các thay đổi sẽ được gửi lên tổng đài" });
  await dialog.getByRole("button", { name: "Lưu" }).press("Enter");
  await expect(toast(page)).toContainText("Đã lưu kịch bản.");
  // The flow is loaded again from the call center; the outline stays open over it.
  await expect(page.locator(".editor-status")).toHaveText("Chưa có thay đổi");
  await expect(entry(page, `Kịch bản ${top}`)).toContainText("phím 1 → nhóm Nhóm Chăm sóc khách hàng");
});

test("search jumps to a node by name: selected, in view, ready to edit", async ({ page }) => {
  const search = page.getByRole("combobox", { name: "Tìm nút theo tên" });
  await pick(page, search, "ngoai gio", "kịch bản Ngoài giờ làm việc");
  await expect(box(page, "Kịch bản Ngoài giờ làm việc")).toHaveClass(/node-selected/);
  await expect(properties(page).getByLabel("Tên kịch bản")).toHaveValue("Ngoài giờ làm việc");
  // Brought into the diagram's view.
  const area = (await canvas(page).boundingBox())!;
  const found = (await box(page, "Kịch bản Ngoài giờ làm việc").boundingBox())!;
  expect(found.x).toBeGreaterThanOrEqual(area.x);
  expect(found.x).toBeLessThan(area.x + area.width);
  expect(found.y).toBeGreaterThanOrEqual(area.y);
  expect(found.y).toBeLessThan(area.y + area.height);
});

test("the diagram draws what is in view and the outline lists everything: panned far away, no box is drawn, and the search brings one back", async ({ page }) => {
  await page.getByRole("button", { name: "Dàn ý", exact: true }).click();
  await expect(outline(page)).toBeVisible();
  const listed = outline(page).getByRole("button", { name: /^(Kịch bản|Nhóm) / });
  const everything = await listed.count();
  const drawn = canvas(page).locator(".node");
  await expect(drawn.first()).toBeVisible();
  await canvas(page).evaluate((el) => el.scrollIntoView({ block: "end", inline: "nearest" }));
  const area = (await canvas(page).boundingBox())!;
  // Pans to the right from a spot of the background near the left edge, until every box is far
  // beyond the view's right edge (boxes lie right of the canvas' origin).
  for (let pans = 0; pans < 12 && (await drawn.count()) > 0; pans++) {
    const start = await backgroundSpot(page, { ...area, width: area.width / 2 });
    expect(start, "a spot of the background to pan from").not.toBeNull();
    await page.mouse.move(start!.x, start!.y);
    await page.mouse.down();
    await page.mouse.move(area.x + area.width - 10, start!.y, { steps: 8 });
    await page.mouse.up();
  }
  await expect(drawn).toHaveCount(0);
  // The outline still lists every node, and the search brings one back into view, drawn.
  await expect(listed).toHaveCount(everything);
  await pick(page, page.getByRole("combobox", { name: "Tìm nút theo tên" }), "tong dai chinh", "kịch bản Tổng đài chính");
  await expect(box(page, "Kịch bản Tổng đài chính")).toHaveClass(/node-selected/);
  await expect(box(page, "Kịch bản Tổng đài chính")).toBeInViewport();
});
