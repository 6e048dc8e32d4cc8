import { test, expect } from "./fixture";
import { type Locator, type Page, type Route } from "@playwright/test";
import { hydrated, logIn, pick, setFaults, simCall, toast, unique } from "./support";

test.beforeEach(async ({ page }) => {
  await logIn(page);
  await expect(page).toHaveURL(/\/extensions/);
});

test.afterEach(async ({ request }) => {
  await setFaults(request, {});
});

async function openEditor(page: Page, path = "/ivr/editor") {
  await page.goto(path);
  await hydrated(page);
  await expect(page.getByRole("heading", { level: 1, name: "Trình dựng kịch bản" })).toBeVisible();
}

const canvas = (page: Page) => page.getByRole("application", { name: "Sơ đồ kịch bản" });
const node = (page: Page, name: string) => page.getByRole("button", { name: `Kịch bản ${name}`, exact: true });
const groupNode = (page: Page, name: string) => page.getByRole("button", { name: `Nhóm ${name}`, exact: true });
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const addKeyPort = (page: Page, menu: string) =>
  page.getByRole("button", { name: new RegExp(`^Thêm phím \\S+ cho ${escape(menu)}: kéo tới một nút \\(phím trống: `) });
const fallbackPort = (page: Page, menu: string) =>
  page.getByRole("button", { name: new RegExp(`^Khi không bấm hoặc bấm sai ở ${menu} → `) });
const keyPort = (page: Page, menu: string, key: string) =>
  page.getByRole("button", { name: new RegExp(`^Phím ${escape(key)} của kịch bản ${escape(menu)} → `) });

async function centre(locator: Locator) {
  const box = (await locator.boundingBox())!;
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** A real pointer drag: press on `from`, move in steps, release at `to`. */
async function drag(page: Page, from: Locator, to: { x: number; y: number }) {
  const start = await centre(from);
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move((start.x + to.x) / 2, (start.y + to.y) / 2, { steps: 5 });
  await page.mouse.move(to.x, to.y, { steps: 5 });
  await page.mouse.up();
}

/** A search picker of the properties panel, by its label. */
function picker(page: Page, name: string) {
  return properties(page).getByRole("combobox", { name, exact: true });
}

/** A spot of the canvas with room for a new box: no box drawn within 170 × 110 px of it. */
async function emptySpot(page: Page) {
  // The whole canvas in the window first: the canvas runs past the fold at this window's height,
  // and a port below it is out of the pointer's reach (a full run placed a new box there).
  await canvas(page).evaluate((el) => el.scrollIntoView({ block: "end", inline: "nearest" }));
  const area = (await canvas(page).boundingBox())!;
  // Boxes other specs saved may fill the view: then zoom out around its top left corner, which
  // keeps every box in view and frees room towards the bottom right.
  for (let zoomOuts = 0; zoomOuts <= 8; zoomOuts++) {
    const boxes = await page
      .locator(".node")
      .evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => [r.left, r.top, r.right, r.bottom]));
    const free = (x: number, y: number) =>
      boxes.every(([l, t, r, b]) => x + 170 < l || x - 10 > r || y + 110 < t || y - 10 > b);
    for (let y = area.y + area.height - 130; y > area.y + 10; y -= 30) {
      for (let x = area.x + area.width - 190; x > area.x + 10; x -= 30) {
        if (free(x, y)) return { x, y };
      }
    }
    const zoom = await canvas(page).locator("g[transform]").first().getAttribute("transform");
    await page.mouse.move(area.x + 5, area.y + 5);
    await page.mouse.wheel(0, 100);
    await expect(canvas(page).locator("g[transform]").first()).not.toHaveAttribute("transform", zoom!);
  }
  throw new Error("no room left on the canvas, even zoomed out");
}

async function review(page: Page) {
  await page.getByRole("button", { name: "Xem lại thay đổi" }).click();
  return page.getByRole("dialog", { name: "Các thay đổi sẽ được gửi lên tổng đài" });
}

const properties = (page: Page) => page.getByRole("region", { name: "Thuộc tính" });

/** Answers "what goes here?" after a link was dropped on empty space. */
async function dropChoice(page: Page, what: "Kịch bản mới" | "Nhóm đổ chuông mới") {
  const choice = page.getByRole("group", { name: "Tạo gì ở đây?" });
  await choice.getByRole("button", { name: what, exact: true }).click();
  await expect(choice).toHaveCount(0);
}

/** A new menu `top` whose key 1 leads to a new submenu made by dropping on empty space: two
 * creations for a save to make. */
async function menuWithSubmenu(page: Page, top: string) {
  await page.getByRole("button", { name: "Kịch bản mới", exact: true }).press("Enter");
  await properties(page).getByLabel("Tên kịch bản").fill(top);
  await properties(page).getByLabel("Tên kịch bản").blur();
  await properties(page).getByLabel("Lời chào", { exact: true }).selectOption({ label: "Lời chào tổng đài" });
  await drag(page, addKeyPort(page, top), await emptySpot(page));
  await dropChoice(page, "Kịch bản mới");
  // The new submenu is selected: its greeting and its way on from the panel.
  await properties(page).getByLabel("Lời chào", { exact: true }).selectOption({ label: "Lời chào ngắn" });
  await pick(page, picker(page, "Khi không bấm hoặc bấm sai"), "ke toan", "nhóm Nhóm Kế toán");
}

test("the menu list names each menu's keys and refuses to delete a menu still used", async ({ page }) => {
  // The delete's checks and confirmation are fetched on the first delete asked for, not with the list.
  const deleteCode: string[] = [];
  page.on("request", (req) => {
    if (/delete_dialog.*\.wasm$/.test(req.url())) deleteCode.push(req.url());
  });
  await page.getByRole("link", { name: "Kịch bản", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Kịch bản bấm phím" })).toBeVisible();
  const row = (name: string) =>
    page.getByRole("row").filter({ has: page.getByRole("link", { name: `Mở ${name} trong trình dựng` }) });
  const main = row("Tổng đài chính");
  await expect(main).toContainText("1 → Nhóm Kinh doanh");
  await expect(main).toContainText("3 → kịch bản Hỗ trợ kỹ thuật");
  const tech = row("Hỗ trợ kỹ thuật");
  expect(deleteCode).toEqual([]);
  await tech.getByRole("button", { name: "Xoá Hỗ trợ kỹ thuật" }).click();
  const refusal = page.getByRole("alert").filter({ hasText: "Chưa xoá được “Hỗ trợ kỹ thuật”" });
  await expect(refusal).toBeVisible();
  await expect(refusal.getByRole("link", { name: /Tổng đài chính/ })).toHaveAttribute("href", /\/ivr\/editor\?menu=/);
  expect(deleteCode).toHaveLength(1);
});

test("a two-level menu is built by dragging, checked, undone and redone, saved, and kept with its layout", async ({ page }) => {
  await openEditor(page);
  const top = unique("Chính");
  const sub = unique("Tư vấn");
  // A new menu from the palette, dropped on the diagram.
  await drag(page, page.getByRole("button", { name: "Kịch bản mới", exact: true }), await emptySpot(page));
  const created = page.locator(".node-selected");
  await expect(created).toHaveCount(1);
  await properties(page).getByLabel("Tên kịch bản").fill(top);
  await properties(page).getByLabel("Tên kịch bản").press("Enter");
  await properties(page).getByLabel("Tên kịch bản").blur();
  await expect(node(page, top)).toBeVisible();
  // Without a greeting the menu cannot be saved: the problems say so, naming it.
  const problems = page.getByRole("region", { name: "Vấn đề" });
  await expect(problems.getByRole("button", { name: `${top}: Hãy chọn lời chào.` })).toBeVisible();
  await properties(page).getByLabel("Lời chào", { exact: true }).selectOption({ label: "Lời chào tổng đài" });
  await expect(problems.getByRole("button", { name: `${top}: Hãy chọn lời chào.` })).toHaveCount(0);

  // Its first key (1) to a group, by dragging "+ key" onto the group.
  await drag(page, addKeyPort(page, top), await centre(groupNode(page, "Nhóm Kinh doanh")));
  await expect(keyPort(page, top, "1")).toHaveAccessibleName(`Phím 1 của kịch bản ${top} → nhóm Nhóm Kinh doanh`);
  // The next key (2) onto empty space: asked what to make, a submenu is made there, connected.
  await drag(page, addKeyPort(page, top), await emptySpot(page));
  await dropChoice(page, "Kịch bản mới");
  await expect(keyPort(page, top, "2")).toHaveAccessibleName(new RegExp(`→ kịch bản Kịch bản mới`));
  await properties(page).getByLabel("Tên kịch bản").fill(sub);
  await properties(page).getByLabel("Tên kịch bản").blur();
  // The rename changes no edge's ends, but the name of the edge into the submenu, which its end
  // (a handle named in a tooltip) shares: that name is made when the edge is drawn, and made
  // again after the edit.
  const intoSub = page.locator(".edge-end title").filter({ hasText: new RegExp(`^Phím 2 của kịch bản ${escape(top)} → `) });
  await expect(intoSub).toHaveText(`Phím 2 của kịch bản ${top} → kịch bản ${sub}`);
  await properties(page).getByLabel("Lời chào", { exact: true }).selectOption({ label: "Menu hỗ trợ kỹ thuật" });
  await drag(page, fallbackPort(page, sub), await centre(groupNode(page, "Nhóm Hỗ trợ kỹ thuật")));
  await expect(fallbackPort(page, sub)).toHaveAccessibleName(`Khi không bấm hoặc bấm sai ở ${sub} → nhóm Nhóm Hỗ trợ kỹ thuật`);

  // Re-route an edge by dragging its end: key 1 now to the care group.
  const end = page.locator(".edge-end").filter({ has: page.locator("title", { hasText: new RegExp(`^Phím 1 của kịch bản ${escape(top)} → `) }) });
  await drag(page, end, await centre(groupNode(page, "Nhóm Chăm sóc khách hàng")));
  await expect(keyPort(page, top, "1")).toHaveAccessibleName(`Phím 1 của kịch bản ${top} → nhóm Nhóm Chăm sóc khách hàng`);

  // Undo and redo, with the buttons and the keyboard.
  await page.getByRole("button", { name: "Hoàn tác" }).click();
  await expect(keyPort(page, top, "1")).toHaveAccessibleName(`Phím 1 của kịch bản ${top} → nhóm Nhóm Kinh doanh`);
  await page.locator("body").press("Control+Shift+Z");
  await expect(keyPort(page, top, "1")).toHaveAccessibleName(`Phím 1 của kịch bản ${top} → nhóm Nhóm Chăm sóc khách hàng`);

  // Move the top menu, then save.
  const before = await centre(node(page, top));
  await drag(page, node(page, top), { x: before.x - 60, y: before.y + 40 });
  const dialog = await review(page);
  await expect(dialog.getByRole("listitem").filter({ hasText: `Tạo kịch bản “${sub}”` })).toBeVisible();
  await expect(dialog.getByRole("listitem").filter({ hasText: `Tạo kịch bản “${top}”` })).toContainText(`phím 2 → kịch bản ${sub}`);
  await dialog.getByRole("button", { name: "Lưu" }).click();
  await expect(toast(page)).toContainText("Đã lưu kịch bản.");
  await expect(page.getByRole("status").filter({ hasText: "Chưa có thay đổi" })).toBeVisible();
  const moved = await node(page, top).evaluate((el) => el.parentElement!.getAttribute("transform"));

  // The vendor has both menus, linked; after a reload the layout is the same.
  const menus = await simCall(page.request, "GET", "key-interaction/list?page=1&size=500");
  const saved = menus.items.find((m: { script_name: string }) => m.script_name === top);
  const child = menus.items.find((m: { script_name: string }) => m.script_name === sub);
  expect(saved.scripts.find((k: { ivr: string }) => k.ivr === "2").action).toBe(child._id);
  await page.reload();
  await hydrated(page);
  await expect(node(page, top)).toBeVisible();
  expect(await node(page, top).evaluate((el) => el.parentElement!.getAttribute("transform"))).toBe(moved);
});

test("a save that stops part way keeps the draft, and a retry finishes it without doing anything twice", async ({ page, request }) => {
  await openEditor(page);
  const top = unique("Giữa chừng");
  await menuWithSubmenu(page, top);
  await drag(page, fallbackPort(page, top), await centre(groupNode(page, "Nhóm Kế toán")));
  // Create the submenu, create the top menu... the second write fails.
  await setFaults(request, { fail_nth_write: 2 });
  const dialog = await review(page);
  await dialog.getByRole("button", { name: "Lưu" }).click();
  await expect(dialog.getByRole("alert")).toContainText("Lưu dừng giữa chừng");
  await expect(dialog.locator(".step-done")).toHaveCount(1);
  await expect(dialog.locator(".step-failed")).toHaveCount(1);
  await setFaults(request, {});
  await dialog.getByRole("button", { name: "Thử lại" }).click();
  await expect(toast(page)).toContainText("Đã lưu kịch bản.");
  const menus = await simCall(request, "GET", "key-interaction/list?page=1&size=500");
  const named = (name: string) => menus.items.filter((m: { script_name: string }) => m.script_name.startsWith(name));
  expect(named(top)).toHaveLength(1);
  const saved = named(top)[0];
  const child = saved.scripts.find((k: { ivr: string }) => k.ivr === "1");
  expect(menus.items.filter((m: { _id: string }) => m._id === child.action)).toHaveLength(1);
});

test("the keyboard alone builds the same two-level menu: add, name, greet, route keys, re-route, undo, redo, move, save", async ({ page }) => {
  await openEditor(page);
  const top = unique("Bàn phím");
  const sub = unique("Tư vấn phím");
  const panel = properties(page);
  const rename = async (label: string, name: string) => {
    await panel.getByLabel(label).focus();
    await page.keyboard.press("Control+A");
    await page.keyboard.type(name);
    await page.keyboard.press("Tab");
  };
  // The top menu: a name, a greeting, key 1 to a group.
  await page.getByRole("button", { name: "Kịch bản mới", exact: true }).focus();
  await page.keyboard.press("Enter");
  await rename("Tên kịch bản", top);
  await panel.getByLabel("Lời chào", { exact: true }).selectOption({ label: "Lời chào tổng đài" });
  await panel.getByLabel("Thêm phím", { exact: true }).first().selectOption("1");
  await pick(page, picker(page, "Phím mới dẫn tới"), "kinh doanh", "nhóm Nhóm Kinh doanh");
  await expect(keyPort(page, top, "1")).toHaveAccessibleName(`Phím 1 của kịch bản ${top} → nhóm Nhóm Kinh doanh`);
  // The submenu, made next to it, with its greeting and its way on.
  await page.getByRole("button", { name: "Kịch bản mới", exact: true }).focus();
  await page.keyboard.press("Enter");
  await rename("Tên kịch bản", sub);
  await panel.getByLabel("Lời chào", { exact: true }).selectOption({ label: "Menu hỗ trợ kỹ thuật" });
  await pick(page, picker(page, "Khi không bấm hoặc bấm sai"), "nhom ho tro", "nhóm Nhóm Hỗ trợ kỹ thuật");
  await expect(fallbackPort(page, sub)).toHaveAccessibleName(`Khi không bấm hoặc bấm sai ở ${sub} → nhóm Nhóm Hỗ trợ kỹ thuật`);
  // Back on the top menu, key 2 to the submenu.
  await node(page, top).focus();
  await page.keyboard.press("Enter");
  await expect(panel.getByLabel("Tên kịch bản")).toHaveValue(top);
  await panel.getByLabel("Thêm phím", { exact: true }).first().selectOption("2");
  await pick(page, picker(page, "Phím mới dẫn tới"), sub, `kịch bản ${sub}`);
  await expect(keyPort(page, top, "2")).toHaveAccessibleName(`Phím 2 của kịch bản ${top} → kịch bản ${sub}`);
  // Re-route key 1 from its port: Enter takes the focus to its field.
  await keyPort(page, top, "1").focus();
  await page.keyboard.press("Enter");
  await expect(picker(page, "Phím 1 dẫn tới")).toBeFocused();
  await pick(page, picker(page, "Phím 1 dẫn tới"), "cham soc", "nhóm Nhóm Chăm sóc khách hàng");
  await expect(keyPort(page, top, "1")).toHaveAccessibleName(`Phím 1 của kịch bản ${top} → nhóm Nhóm Chăm sóc khách hàng`);
  // Undo and redo from the keyboard, once out of the text field (where Ctrl+Z undoes typing).
  await page.keyboard.press("Tab");
  await page.keyboard.press("Control+Z");
  await expect(keyPort(page, top, "1")).toHaveAccessibleName(`Phím 1 của kịch bản ${top} → nhóm Nhóm Kinh doanh`);
  await page.keyboard.press("Control+Y");
  await expect(keyPort(page, top, "1")).toHaveAccessibleName(`Phím 1 của kịch bản ${top} → nhóm Nhóm Chăm sóc khách hàng`);
  // The node moves with the arrow keys.
  await node(page, top).focus();
  const before = await node(page, top).evaluate((el) => el.parentElement!.getAttribute("transform"));
  await page.keyboard.press("ArrowDown");
  await expect
    .poll(() => node(page, top).evaluate((el) => el.parentElement!.getAttribute("transform")))
    .not.toBe(before);
  // Saved from the keyboard; the vendor has both menus, linked as built.
  const dialog = await review(page);
  await expect(dialog.getByRole("listitem").filter({ hasText: `Tạo kịch bản “${top}”` })).toContainText(`phím 2 → kịch bản ${sub}`);
  await dialog.getByRole("button", { name: "Lưu" }).focus();
  await page.keyboard.press("Enter");
  await expect(toast(page)).toContainText("Đã lưu kịch bản.");
  const menus = await simCall(page.request, "GET", "key-interaction/list?page=1&size=500");
  const groups = await simCall(page.request, "GET", "internal_group/list?page=1&size=500");
  const saved = menus.items.find((m: { script_name: string }) => m.script_name === top);
  const child = menus.items.find((m: { script_name: string }) => m.script_name === sub);
  const care = groups.items.find((g: { group_name: string }) => g.group_name === "Nhóm Chăm sóc khách hàng");
  const key = (k: string) => saved.scripts.find((s: { ivr: string }) => s.ivr === k).action;
  expect([key("1"), key("2")]).toEqual([care._id, child._id]);
});

test("the properties panel's code is fetched when a box is first chosen, and a port's Enter still focuses its field", async ({ page }) => {
  const fetched: string[] = [];
  page.on("request", (r) => {
    if (/editor_properties.*\.wasm$/.test(r.url())) fetched.push(r.url());
  });
  await openEditor(page);
  const panel = properties(page);
  await expect(panel).toContainText("Chọn một nút trên sơ đồ để sửa.");
  expect(fetched).toHaveLength(0);
  // The first choice, from a port: its field is focused once the panel's code has arrived.
  await keyPort(page, "Tổng đài chính", "1").focus();
  await page.keyboard.press("Enter");
  await expect(picker(page, "Phím 1 dẫn tới")).toBeFocused();
  await expect(panel).not.toContainText("Chọn một nút trên sơ đồ để sửa.");
  expect(fetched).toHaveLength(1);
});

test("a port's field asked for while the panel's code is on its way is not focused when another box was chosen meanwhile", async ({ page }) => {
  // The panel's code is held until the other box is chosen.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/editor_properties.*\.wasm$/, async (route) => {
    await held;
    await route.continue();
  });
  await openEditor(page);
  await keyPort(page, "Tổng đài chính", "1").focus();
  await page.keyboard.press("Enter");
  await node(page, "Hỗ trợ kỹ thuật").focus();
  await page.keyboard.press("Enter");
  release();
  await expect(properties(page).getByLabel("Tên kịch bản")).toHaveValue("Hỗ trợ kỹ thuật");
  // Two frames: the one the fields are drawn in and the one a focus would be moved in.
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  await expect(node(page, "Hỗ trợ kỹ thuật")).toBeFocused();
});

test("a blocking error stops the save until it is fixed", async ({ page }) => {
  await openEditor(page);
  await page.getByRole("button", { name: "Kịch bản mới", exact: true }).press("Enter");
  const dialog = await review(page);
  await expect(dialog.getByRole("alert").filter({ hasText: "Còn lỗi" })).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Lưu" })).toBeDisabled();
});

test("an edit is drawn in its own frame and checked after it; a save clicked in the same moment as an edit decides on that edit", async ({ page }) => {
  await openEditor(page);
  const top = unique("Cùng lúc");
  await menuWithSubmenu(page, top);
  const problems = page.getByRole("region", { name: "Vấn đề" });
  const counts = problems.getByRole("status");
  // The last pick's check runs in a task queued from the frame after it: two frames and a task
  // later it has run, so that `before` is the settled count (a fresh clone's run read it first).
  await page.evaluate(
    () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 0)))),
  );
  const before = await counts.textContent();
  const name = properties(page).getByLabel("Tên kịch bản");

  // The submenu given the top menu's name (an error). At the first frame after it, its box
  // shows the name; the check comes after that frame, so the problems still read as before.
  const atFrame = await name.evaluate(
    (input: HTMLInputElement, taken) =>
      new Promise<{ drawn: string | null; problems: string | null }>((resolve) => {
        input.value = taken;
        input.dispatchEvent(new Event("change", { bubbles: true }));
        requestAnimationFrame(() =>
          resolve({
            drawn: document.querySelector(".node-selected")!.textContent,
            problems: document.querySelector(".editor-problems [role=status]")!.textContent,
          }),
        );
      }),
    top,
  );
  expect(atFrame.drawn, "the rename is drawn in the frame after it").toContain(top);
  expect(atFrame.problems, "the check waits for that frame").toBe(before);
  // Then the problems follow.
  await expect(problems.getByRole("button", { name: /Tên này trùng với kịch bản/ }).first()).toBeVisible();
  await expect(counts).not.toHaveText(before!);
  await name.fill(unique("Tư vấn"));
  await name.blur();
  await expect(counts).toHaveText(before!);

  // A blank name (an error) and a click on Save in one task, before any frame: the save
  // checks first, sends nothing and says why.
  const dialog = await review(page);
  const save = dialog.getByRole("button", { name: "Lưu" });
  await expect(save).toBeEnabled();
  const sent: string[] = [];
  page.on("request", (req) => {
    if (req.url().includes("save_flow")) sent.push(req.url());
  });
  await page.evaluate(
    ([input, button]) => {
      (input as HTMLInputElement).value = " ";
      input!.dispatchEvent(new Event("change", { bubbles: true }));
      (button as HTMLButtonElement).click();
    },
    [await name.elementHandle(), await save.elementHandle()],
  );
  await expect(dialog.getByRole("alert").filter({ hasText: "Còn lỗi" })).toBeVisible();
  await expect(problems.getByRole("button", { name: /Kịch bản cần có tên\./ })).toBeVisible();
  expect(sent, "no save was sent").toEqual([]);
});

test("a menu someone else changed meanwhile is named, and can be overwritten", async ({ page, request }) => {
  await openEditor(page, "/ivr/editor");
  const menus = await simCall(request, "GET", "key-interaction/list?page=1&size=500");
  const after = menus.items.find((m: { script_name: string }) => m.script_name === "Ngoài giờ làm việc");
  const wanted = after.time_out === 9 ? 10 : 9;
  await node(page, "Ngoài giờ làm việc").click();
  await properties(page).getByLabel("Thời gian chờ bấm phím (giây)").fill(String(wanted));
  await properties(page).getByLabel("Thời gian chờ bấm phím (giây)").blur();
  // Another admin changes the same menu.
  await simCall(request, "POST", `key-interaction/update/${after._id}`, {
    script_name: after.script_name,
    greeting_id: after.greeting_id,
    max_failure: after.max_failure,
    time_out: wanted === 9 ? 11 : 12,
    scripts: after.scripts.map((k: { ivr: string; action: string; action_type: string }) => ({ ivr: k.ivr, action: k.action, action_type: k.action_type })),
    action_type: after.action_type,
    action: after.action,
  });
  const dialog = await review(page);
  await dialog.getByRole("button", { name: "Lưu" }).click();
  await expect(dialog.getByRole("alert")).toContainText("Người khác đã thay đổi");
  await expect(dialog.getByRole("alert")).toContainText("Ngoài giờ làm việc");
  await dialog.getByRole("button", { name: "Ghi đè các mục này" }).click();
  await expect(toast(page)).toContainText("Đã lưu kịch bản.");
  const now = await simCall(request, "GET", "key-interaction/list?page=1&size=500");
  expect(now.items.find((m: { _id: string }) => m._id === after._id).time_out).toBe(wanted);
});

test("a ring group is made in the editor, given members, reached by a key, saved, then deleted with its key sent elsewhere", async ({ page }) => {
  await openEditor(page);
  const group = unique("Trực tổng đài");
  const menu = unique("Sau giờ");
  // A new group from the palette, dropped on the diagram, named and given two members.
  await drag(page, page.getByRole("button", { name: "Nhóm đổ chuông mới", exact: true }), await emptySpot(page));
  await properties(page).getByLabel("Tên nhóm").fill(group);
  await properties(page).getByLabel("Tên nhóm").blur();
  await expect(groupNode(page, group)).toBeVisible();
  const problems = page.getByRole("region", { name: "Vấn đề" });
  await expect(problems.getByRole("button", { name: `${group}: Nhóm chưa có thành viên.` })).toBeVisible();
  const members = properties(page).locator(".member-list li");
  await pick(page, picker(page, "Thêm thành viên"), "1", /^1/);
  await expect(members).toHaveCount(1);
  await pick(page, picker(page, "Thêm thành viên"), "1", /^1/);
  await expect(members).toHaveCount(2);
  await expect(problems.getByRole("button", { name: `${group}: Nhóm chưa có thành viên.` })).toHaveCount(0);

  // A menu whose key 1 is dragged onto the new group.
  await page.getByRole("button", { name: "Kịch bản mới", exact: true }).press("Enter");
  await properties(page).getByLabel("Tên kịch bản").fill(menu);
  await properties(page).getByLabel("Tên kịch bản").blur();
  await properties(page).getByLabel("Lời chào", { exact: true }).selectOption({ label: "Lời chào tổng đài" });
  await drag(page, addKeyPort(page, menu), await centre(groupNode(page, group)));
  await expect(keyPort(page, menu, "1")).toHaveAccessibleName(`Phím 1 của kịch bản ${menu} → nhóm ${group}`);
  // A link dropped on empty space asks what to make: Escape makes nothing; a group is made
  // there, connected.
  await drag(page, fallbackPort(page, menu), await emptySpot(page));
  await page.keyboard.press("Escape");
  await expect(page.getByRole("group", { name: "Tạo gì ở đây?" })).toHaveCount(0);
  await expect(fallbackPort(page, menu)).toHaveAccessibleName(`Khi không bấm hoặc bấm sai ở ${menu} → chưa nối`);
  await drag(page, fallbackPort(page, menu), await emptySpot(page));
  await dropChoice(page, "Nhóm đổ chuông mới");
  await expect(fallbackPort(page, menu)).toHaveAccessibleName(new RegExp(`^Khi không bấm hoặc bấm sai ở ${escape(menu)} → nhóm Nhóm mới \\d+$`));

  let dialog = await review(page);
  await expect(dialog.getByRole("listitem").filter({ hasText: `Tạo nhóm “${group}”` })).toBeVisible();
  await expect(dialog.getByRole("listitem").filter({ hasText: `Tạo kịch bản “${menu}”` })).toContainText(`phím 1 → nhóm ${group}`);
  await dialog.getByRole("button", { name: "Lưu" }).click();
  await expect(toast(page)).toContainText("Đã lưu kịch bản.");

  // The vendor has the group with both members, and the menu's key leads to it.
  const groups = await simCall(page.request, "GET", "internal_group/list?page=1&size=500");
  const saved = groups.items.find((g: { group_name: string }) => g.group_name === group);
  expect(saved.members).toHaveLength(2);
  let menus = await simCall(page.request, "GET", "key-interaction/list?page=1&size=500");
  let key1 = menus.items.find((m: { script_name: string }) => m.script_name === menu).scripts[0];
  expect([key1.action_type, key1.action]).toEqual(["Ring_group", saved._id]);

  // Deleting the group while the key leads to it asks where the key should go instead.
  await groupNode(page, group).click();
  const remove = properties(page).getByRole("button", { name: `Xoá “${group}” khỏi bản nháp` });
  await remove.click();
  await expect(page.getByRole("alert").filter({ hasText: "Còn 1 nơi dẫn tới nhóm này" })).toBeVisible();
  await expect(groupNode(page, group)).toBeVisible();
  await pick(page, picker(page, "Chuyển những nơi đang dẫn tới nhóm này sang"), "kinh doanh", "nhóm Nhóm Kinh doanh");
  await expect(properties(page).getByText("Đang chọn: nhóm Nhóm Kinh doanh")).toBeVisible();
  await remove.click();
  await expect(groupNode(page, group)).toHaveCount(0);
  await expect(keyPort(page, menu, "1")).toHaveAccessibleName(`Phím 1 của kịch bản ${menu} → nhóm Nhóm Kinh doanh`);
  dialog = await review(page);
  await expect(dialog.getByRole("listitem").filter({ hasText: `Xoá nhóm “${group}”` })).toBeVisible();
  await dialog.getByRole("button", { name: "Lưu" }).click();
  // The first save's toast may still be up, so it says nothing of this save: the vendor's list
  // does. The group goes last, after the key that led to it was sent elsewhere.
  const groupsNamed = async () => {
    const listed = await simCall(page.request, "GET", "internal_group/list?page=1&size=500");
    return listed.items.filter((g: { group_name: string }) => g.group_name === group).length;
  };
  await expect.poll(groupsNamed).toBe(0);
  await expect(toast(page)).toContainText("Đã lưu kịch bản.");
  const after = await simCall(page.request, "GET", "internal_group/list?page=1&size=500");
  const sales = after.items.find((g: { group_name: string }) => g.group_name === "Nhóm Kinh doanh");
  menus = await simCall(page.request, "GET", "key-interaction/list?page=1&size=500");
  key1 = menus.items.find((m: { script_name: string }) => m.script_name === menu).scripts[0];
  expect(key1.action).toBe(sales._id);
});

test("a save shows each step as the call center takes it", async ({ page, request }) => {
  await openEditor(page);
  const top = unique("Từng bước");
  await menuWithSubmenu(page, top);
  const dialog = await review(page);
  await expect(dialog.locator(".plan li")).toHaveCount(2);
  await expect(dialog.getByRole("button", { name: "Lưu" })).toBeEnabled();
  // A slow call center: every call takes most of a second, so each step can be seen.
  await setFaults(request, { latency_ms: 900 });
  await dialog.getByRole("button", { name: "Lưu" }).click();
  await expect(dialog.locator(".step-running")).toHaveCount(1);
  await expect(dialog.locator(".step-running")).toContainText("đang gửi…");
  await expect(dialog.locator(".step-done")).toHaveCount(1);
  await expect(dialog.locator(".step-running")).toHaveCount(1);
  await expect(toast(page)).toContainText("Đã lưu kịch bản.");
});

test("moving or renaming one box redraws only that box: the others' elements stay, and so does the focus", async ({ page }) => {
  await openEditor(page);
  const mover = "Tổng đài chính";
  const renamed = unique("Chính mới");
  // Every box and port on the canvas is marked; an element redrawn is a new one, unmarked.
  await page.locator(".node, .port").evaluateAll((els) => els.forEach((el) => el.setAttribute("data-probe", "kept")));
  const box = node(page, mover);
  const from = await centre(box);
  await drag(page, box, { x: from.x + 60, y: from.y + 40 });
  await expect.poll(async () => (await centre(box)).x).toBeGreaterThan(from.x + 50);
  await properties(page).getByLabel("Tên kịch bản").fill(renamed);
  await properties(page).getByLabel("Tên kịch bản").blur();
  await expect(node(page, renamed)).toBeVisible();
  // No box was drawn anew, the moved and renamed one included: only what it shows changed.
  const boxes = await page.locator(".node").evaluateAll((els) => els.map((el) => el.getAttribute("data-probe")));
  expect(boxes.length).toBeGreaterThan(3);
  expect(boxes.filter((probe) => probe !== "kept")).toEqual([]);
  // The ports that name neither the old nor the new name are the same elements as before.
  const ports = await page
    .locator(".port")
    .evaluateAll((els) => els.map((el) => [el.getAttribute("aria-label") ?? "", el.getAttribute("data-probe")]));
  const others = ports.filter(([label]) => !label.includes(mover) && !label.includes(renamed));
  expect(others.length).toBeGreaterThan(3);
  expect(others.filter(([, probe]) => probe !== "kept")).toEqual([]);

  // The arrow keys move a box step by step without losing the focus: two presses, two steps.
  const other = node(page, "Hỗ trợ kỹ thuật");
  await other.focus();
  const y = () => other.evaluate((el) => Number(/translate\(\S+ (\S+)\)/.exec(el.parentElement!.getAttribute("transform")!)![1]));
  const before = await y();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await expect.poll(y).toBe(before + 40);
  await expect(other).toBeFocused();
});

/**
 * A box whose header is inside the canvas and on top at its middle (boxes drawn ahead of a pan
 * lie beyond the view, and other specs' saved boxes may lie over any given one): its name and
 * that middle point.
 */
async function headerOnTop(page: Page) {
  const found = await page.evaluate(() => {
    const area = document.querySelector(".flow-canvas")!.getBoundingClientRect();
    for (const el of document.querySelectorAll(".flow-canvas .node-header")) {
      const r = el.getBoundingClientRect();
      const [x, y] = [r.left + r.width / 2, r.top + r.height / 2];
      const inside = r.left >= area.left && r.right <= area.right && r.top >= area.top && r.bottom <= area.bottom;
      if (inside && el.contains(document.elementFromPoint(x, y))) return { x, y, name: el.getAttribute("aria-label")! };
    }
    return null;
  });
  expect(found, "a box whose header is in view and not covered").not.toBeNull();
  return found!;
}

test("panning with the pointer moves the view by as much, with a grabbing hand while it lasts, and the boxes answer the pointer after it", async ({ page }) => {
  await openEditor(page);
  const spot = await emptySpot(page);
  const view = canvas(page).locator("g[transform]").first();
  const offset = async () => {
    const [, x, y] = /translate\((\S+) (\S+)\)/.exec((await view.getAttribute("transform"))!)!;
    return { x: Number(x), y: Number(y) };
  };
  const before = await offset();
  // A box on screen, to see that it follows the pointer while the pan lasts.
  const box = canvas(page).getByRole("button", { name: (await headerOnTop(page)).name, exact: true });
  const onScreen = async () => {
    const { x, y } = (await box.boundingBox())!;
    return { x: Math.round(x), y: Math.round(y) };
  };
  const boxBefore = await onScreen();
  await page.mouse.move(spot.x + 20, spot.y + 20);
  await page.mouse.down();
  await page.mouse.move(spot.x - 10, spot.y, { steps: 3 });
  // The hand shows wherever the pointer goes over the canvas, boxes included.
  const cursorAt = (x: number, y: number) =>
    page.evaluate(([x, y]) => getComputedStyle(document.elementFromPoint(x, y)!).cursor, [x, y]);
  await expect.poll(() => cursorAt(spot.x - 10, spot.y)).toBe("grabbing");
  const boxNow = (await box.boundingBox())!;
  expect(await cursorAt(boxNow.x + 10, boxNow.y + 10)).toBe("grabbing");
  await expect.poll(onScreen).toEqual({ x: boxBefore.x - 30, y: boxBefore.y - 20 });
  // The pan goes on over boxes and beyond the canvas, and ends where the button is let go.
  await page.mouse.move(spot.x - 40, spot.y - 20, { steps: 3 });
  await page.mouse.up();
  await expect(canvas(page).locator(".pan-cover")).toHaveCount(0);
  await expect.poll(offset).toEqual({ x: before.x - 60, y: before.y - 40 });
  expect(await onScreen()).toEqual({ x: boxBefore.x - 60, y: boxBefore.y - 40 });
  // The pointer reaches the boxes again: a click selects one.
  const header = await headerOnTop(page);
  await page.mouse.click(header.x, header.y);
  await expect(page.locator(".node-selected .node-header")).toHaveAttribute("aria-label", header.name);
});

test("a box reached by the keyboard at the view's edge is brought wholly into view", async ({ page }) => {
  await openEditor(page);
  const spot = await emptySpot(page);
  const area = (await canvas(page).boundingBox())!;
  const name = (await headerOnTop(page)).name;
  const header = canvas(page).getByRole("button", { name, exact: true });
  const whole = canvas(page).locator(".node", { has: page.getByRole("button", { name, exact: true }) });
  // A pan that leaves the box half beyond the view's left edge.
  const before = (await header.boundingBox())!;
  const by = before.x - area.x + before.width / 2;
  await page.mouse.move(spot.x, spot.y);
  await page.mouse.down();
  await page.mouse.move(spot.x - by, spot.y, { steps: 4 });
  await page.mouse.up();
  await expect.poll(async () => (await header.boundingBox())!.x).toBeLessThan(area.x);
  await header.focus();
  await expect(page.locator(".node-selected .node-header")).toHaveAttribute("aria-label", name);
  await expect.poll(async () => (await whole.boundingBox())!.x).toBeGreaterThanOrEqual(area.x);
  const after = (await whole.boundingBox())!;
  expect(after.x + after.width).toBeLessThanOrEqual(area.x + area.width);
  expect(after.y).toBeGreaterThanOrEqual(area.y);
  expect(after.y + after.height).toBeLessThanOrEqual(area.y + area.height);
});

test("the positions are written one at a time, the newest last: moves made while a write is on its way go after it", async ({ page }) => {
  await openEditor(page);
  const box = node(page, "Hỗ trợ kỹ thuật");
  const at = () => box.evaluate((el) => el.parentElement!.getAttribute("transform")!);
  const translate = (x: number, y: number) => `translate(${x.toFixed(1)} ${y.toFixed(1)})`;
  const [, x0, y0] = /translate\((\S+) (\S+)\)/.exec(await at())!.map(Number);
  // Every write of the layout waits here until the test lets it through.
  const writes: Route[] = [];
  await page.route("**/api/save_layout", (route) => {
    writes.push(route);
  });
  const holds = (write: Route, x: number, y: number) =>
    Object.values(write.request().postDataJSON().layout.positions as Record<string, { x: number; y: number }>).some(
      (p) => p.x === x && p.y === y,
    );
  await box.focus();
  await page.keyboard.press("ArrowDown");
  await expect.poll(() => writes.length).toBe(1);
  expect(holds(writes[0], x0, y0 + 20)).toBe(true);
  // Two more moves while the first write is on its way: nothing is sent for them yet.
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  await expect.poll(at).toBe(translate(x0 + 40, y0 + 20));
  await writes[0].continue();
  // Then one write, of where the box is now, not of the step in between.
  await expect.poll(() => writes.length).toBe(2);
  expect(holds(writes[1], x0 + 40, y0 + 20)).toBe(true);
  const answered = page.waitForResponse((res) => res.url().endsWith("/api/save_layout"));
  await writes[1].continue();
  expect((await answered).status()).toBe(200);
  await page.unroute("**/api/save_layout");
  await openEditor(page);
  await expect.poll(at).toBe(translate(x0 + 40, y0 + 20));
});

test("the review's code is fetched when it is first opened; when it does not arrive the editor says so and a retry brings it", async ({ page, expected }) => {
  expected.pageError(/net::ERR_INTERNET_DISCONNECTED .*split_editor_side_panel/);
  expected.pageError(/TypeError: Failed to fetch/);
  await openEditor(page);
  const name = unique("Xem lại sau");
  await page.getByRole("button", { name: "Kịch bản mới", exact: true }).press("Enter");
  await properties(page).getByLabel("Tên kịch bản").fill(name);
  await properties(page).getByLabel("Tên kịch bản").blur();
  const chunk = "**/pkg/split_editor_side_panel*.wasm";
  await page.route(chunk, (route) => route.abort("internetdisconnected"));
  await page.getByRole("button", { name: "Xem lại thay đổi" }).click();
  const notice = page.getByRole("alert").filter({ hasText: "Không tải được phần này của trang" });
  await expect(notice).toBeVisible();
  // Nothing of the draft is lost: the new menu is still on the diagram, and still unsaved.
  await expect(node(page, name)).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: /\d+ thay đổi chưa lưu/ })).toBeVisible();

  await page.unroute(chunk);
  await notice.getByRole("button", { name: "Thử lại" }).click();
  // The review, and its plan: the new menu cannot be sent yet, and it says why.
  const dialog = page.getByRole("dialog", { name: "Các thay đổi sẽ được gửi lên tổng đài" });
  await expect(dialog.getByRole("alert").filter({ hasText: `Thiếu thông tin bắt buộc ở “${name}”` })).toBeVisible();
  await expect(notice).toHaveCount(0);
  // Closed and opened again, it is there at once.
  await dialog.getByRole("button", { name: "Đóng" }).click();
  await expect(dialog).toHaveCount(0);
  await page.getByRole("button", { name: "Xem lại thay đổi" }).click();
  await expect(dialog.getByRole("alert").filter({ hasText: `Thiếu thông tin bắt buộc ở “${name}”` })).toBeVisible();
});

/** A new menu with a greeting, saved: the smallest change the editor sends. */
async function saveNewMenu(page: Page, name: string) {
  await page.getByRole("button", { name: "Kịch bản mới", exact: true }).press("Enter");
  await properties(page).getByLabel("Tên kịch bản").fill(name);
  await properties(page).getByLabel("Tên kịch bản").blur();
  await properties(page).getByLabel("Lời chào", { exact: true }).selectOption({ label: "Lời chào tổng đài" });
  await pick(page, picker(page, "Khi không bấm hoặc bấm sai"), "ke toan", "nhóm Nhóm Kế toán");
  const dialog = await review(page);
  await dialog.getByRole("button", { name: "Lưu" }).click();
  await expect(toast(page)).toContainText("Đã lưu kịch bản.");
  await expect(page.getByRole("status").filter({ hasText: "Chưa có thay đổi" })).toBeVisible();
}

test("the editor leaves no listener behind: after two saves and after leaving it, pointer and keys raise no error", async ({ page }) => {
  await openEditor(page);
  await saveNewMenu(page, unique("Lần lưu một"));
  await saveNewMenu(page, unique("Lần lưu hai"));
  const area = (await canvas(page).boundingBox())!;
  await page.mouse.move(area.x + 40, area.y + 40);
  await page.mouse.move(area.x + 200, area.y + 120, { steps: 5 });
  await page.locator("body").press("Control+z");

  // Another page of the console, reached without a page load: the editor's window listeners
  // must be gone with it.
  await page.getByRole("navigation").getByRole("link", { name: "Nhóm nội bộ" }).click();
  await expect(page).toHaveURL(/\/ring-groups$/);
  await page.mouse.move(30, 30);
  await page.mouse.move(300, 300, { steps: 5 });
  await page.mouse.down();
  await page.mouse.up();
  await page.keyboard.type("abc");
  await page.keyboard.press("Control+z");

  // Back in the editor, it still answers: an edit, then its undo from the keyboard.
  await page.getByRole("navigation").getByRole("link", { name: "Kịch bản" }).click();
  await page.getByRole("link", { name: "Mở trình dựng kịch bản" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Trình dựng kịch bản" })).toBeVisible();
  await page.getByRole("button", { name: "Kịch bản mới", exact: true }).press("Enter");
  await expect(page.getByRole("status").filter({ hasText: /\d+ thay đổi chưa lưu/ })).toBeVisible();
  await page.locator("body").press("Control+z");
  await expect(page.getByRole("status").filter({ hasText: "Chưa có thay đổi" })).toBeVisible();
});

test("the diagram shows a menu's free keys, says which key a new link took, and lets the admin take another", async ({ page }) => {
  await openEditor(page);
  const menu = unique("Phím trống");
  await page.getByRole("button", { name: "Kịch bản mới", exact: true }).press("Enter");
  await properties(page).getByLabel("Tên kịch bản").fill(menu);
  await properties(page).getByLabel("Tên kịch bản").blur();
  // Brought into view by the search, whatever earlier specs have drawn around it.
  await pick(page, page.getByRole("combobox", { name: "Tìm nút theo tên" }), menu, `kịch bản ${menu}`);
  // Every key is free, and "+ key" says which one a link takes.
  await expect(addKeyPort(page, menu)).toHaveAccessibleName(
    `Thêm phím 1 cho ${menu}: kéo tới một nút (phím trống: 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, *, #)`,
  );
  // Linked back to the menu itself: a drop the new box cannot miss, whatever else is drawn.
  await drag(page, addKeyPort(page, menu), await centre(node(page, menu)));
  const said = page.getByRole("status").filter({ hasText: `Kết nối mới dùng phím 1 của ${menu}.` });
  await expect(said).toBeVisible();
  await expect(keyPort(page, menu, "1")).toHaveAccessibleName(`Phím 1 của kịch bản ${menu} → kịch bản ${menu}`);
  // Another free key instead: the link moves to it, and the diagram's free keys follow.
  await said.getByLabel("Đổi sang phím").selectOption("5");
  await expect(keyPort(page, menu, "5")).toHaveAccessibleName(`Phím 5 của kịch bản ${menu} → kịch bản ${menu}`);
  await expect(keyPort(page, menu, "1")).toHaveCount(0);
  await expect(page.getByRole("status").filter({ hasText: `Kết nối mới dùng phím 5 của ${menu}.` })).toBeVisible();
  await expect(addKeyPort(page, menu)).toHaveAccessibleName(
    `Thêm phím 1 cho ${menu}: kéo tới một nút (phím trống: 1, 2, 3, 4, 6, 7, 8, 9, 0, *, #)`,
  );
  // One undo takes the key back to 1.
  await page.getByRole("button", { name: "Hoàn tác" }).click();
  await expect(keyPort(page, menu, "1")).toHaveAccessibleName(`Phím 1 của kịch bản ${menu} → kịch bản ${menu}`);
});

test("deleting a used group from the draft offers every other target for what led to it, and sends it there", async ({ page }) => {
  await openEditor(page);
  const search = page.getByRole("combobox", { name: "Tìm nút theo tên" });
  await pick(page, search, "nhom ke toan", "nhóm Nhóm Kế toán");
  const repoint = picker(page, "Chuyển những nơi đang dẫn tới nhóm này sang");
  await repoint.focus();
  await repoint.pressSequentially("nhom");
  const list = page.locator(`#${await repoint.getAttribute("aria-controls")}`);
  const care = list.getByRole("option", { name: "nhóm Nhóm Chăm sóc khách hàng", exact: true });
  await expect(care).toBeVisible();
  // Every other group is offered, the one being deleted is not.
  await expect(list.getByRole("option", { name: "nhóm Nhóm Kinh doanh", exact: true })).toBeVisible();
  await expect(list.getByRole("option", { name: "nhóm Nhóm Kế toán", exact: true })).toHaveCount(0);
  await care.click();
  await expect(properties(page).locator(".chosen").last()).toHaveText("Đang chọn: nhóm Nhóm Chăm sóc khách hàng");
  await properties(page).getByRole("button", { name: "Xoá “Nhóm Kế toán” khỏi bản nháp" }).click();
  // The main menu's key 0 led to the deleted group: it now leads where the admin chose.
  await pick(page, search, "tong dai chinh", "kịch bản Tổng đài chính");
  await expect(keyPort(page, "Tổng đài chính", "0")).toHaveAccessibleName(
    "Phím 0 của kịch bản Tổng đài chính → nhóm Nhóm Chăm sóc khách hàng",
  );
  await expect(search).toBeVisible();
  await search.pressSequentially("ke toan");
  await expect(page.locator(`#${await search.getAttribute("aria-controls")}`).getByRole("option", { name: "nhóm Nhóm Kế toán" })).toHaveCount(0);
});
