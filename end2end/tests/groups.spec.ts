import { test, expect } from "./fixture";
import { type Page } from "@playwright/test";
import { hydrated, logIn, setFaults, simCall, toast, unique } from "./support";

test.beforeEach(async ({ page }) => {
  await logIn(page);
  await expect(page).toHaveURL(/\/extensions/);
});

test.afterEach(async ({ request }) => {
  await setFaults(request, {});
});

const memberList = (page: Page) => page.getByRole("list", { name: "Thành viên", exact: true });

async function openNewGroup(page: Page) {
  await page.getByRole("link", { name: "Nhóm nội bộ" }).click();
  await expect(page).toHaveURL(/\/ring-groups/);
  await hydrated(page);
  await page.getByRole("link", { name: "Tạo nhóm" }).click();
  await expect(page.getByRole("heading", { name: "Tạo nhóm nội bộ" })).toBeVisible();
}

/** Picks an extension in the member picker by typing its number. */
async function addMember(page: Page, sip: string, how: "click" | "keyboard" = "click") {
  const picker = page.getByRole("combobox", { name: "Thêm thành viên" });
  await picker.fill(sip);
  const option = page.getByRole("option", { name: new RegExp(`^${sip} `) });
  await expect(option).toBeVisible();
  if (how === "click") {
    await option.click();
  } else {
    // The wanted option is the first one offered for its exact number.
    await expect(page.getByRole("listbox", { name: "Thêm thành viên" }).getByRole("option").first()).toHaveText(
      new RegExp(`^${sip} `),
    );
    await picker.press("Enter");
  }
  await expect(memberList(page).getByRole("listitem").filter({ hasText: new RegExp(`^\\S*\\s*${sip} `) })).toHaveCount(1);
}

async function memberOrder(page: Page) {
  const labels = await memberList(page).locator(".ordered-label").allTextContents();
  return labels.map((l) => l.split(" ")[0]);
}

async function createGroup(page: Page, name: string, members: string[]) {
  await openNewGroup(page);
  await page.getByLabel("Tên nhóm").fill(name);
  for (const sip of members) await addMember(page, sip);
  await page.getByRole("button", { name: "Lưu" }).click();
  await expect(toast(page)).toContainText(`Đã tạo nhóm ${name}`);
  await expect(page.getByRole("heading", { name: `Nhóm nội bộ ${name}` })).toBeVisible();
  await hydrated(page);
  return page.url().split("/").pop()!;
}

test("a sequential group is created with three members in the order chosen", async ({ page }) => {
  const name = unique("Nhóm Tuần tự");
  await openNewGroup(page);
  await page.getByLabel("Tên nhóm").fill(name);
  await page.getByRole("radio", { name: /Tuần tự/ }).check();
  await expect(page.getByText("Đổ chuông lần lượt theo đúng thứ tự danh sách thành viên.")).toBeVisible();
  await page.getByLabel("Thời gian đổ chuông mỗi thành viên (giây)").fill("25");
  await addMember(page, "101");
  await addMember(page, "102", "keyboard");
  await addMember(page, "103");
  // 103 to the top, from the keyboard.
  await page.getByRole("button", { name: /^Đưa 103 .* lên$/ }).click();
  await page.getByRole("button", { name: /^Đưa 103 .* lên$/ }).click();
  await expect(page.getByRole("status").filter({ hasText: "ở vị trí 1" })).toHaveCount(1);
  expect(await memberOrder(page)).toEqual(["103", "101", "102"]);
  await page.getByRole("button", { name: "Lưu" }).click();
  await expect(toast(page)).toContainText(`Đã tạo nhóm ${name}`);

  await page.reload();
  await hydrated(page);
  expect(await memberOrder(page)).toEqual(["103", "101", "102"]);
  await expect(page.getByRole("radio", { name: /Tuần tự/ })).toBeChecked();
  await expect(page.getByLabel("Thời gian đổ chuông mỗi thành viên (giây)")).toHaveValue("25");

  await page.getByRole("link", { name: "← Danh sách nhóm nội bộ" }).click();
  await page.getByRole("searchbox", { name: "Tìm kiếm" }).fill(name);
  const row = page.getByRole("row").filter({ hasText: name });
  await expect(row).toContainText("Tuần tự");
  await expect(row).toContainText("25 giây");
  await expect(row.getByRole("cell").nth(3)).toHaveText("3");
});

test("strategy and order are edited, the order by dragging", async ({ page }) => {
  const name = unique("Nhóm Sửa");
  await createGroup(page, name, ["104", "105", "106"]);
  await page.getByRole("radio", { name: /Ngẫu nhiên/ }).check();
  const items = memberList(page).getByRole("listitem");
  await items.nth(2).dragTo(items.nth(0));
  expect(await memberOrder(page)).toEqual(["106", "104", "105"]);
  await page.getByRole("button", { name: "Lưu" }).click();
  await expect(toast(page)).toContainText(`Đã lưu nhóm ${name}`);
  await page.reload();
  await hydrated(page);
  await expect(page.getByRole("radio", { name: /Ngẫu nhiên/ })).toBeChecked();
  expect(await memberOrder(page)).toEqual(["106", "104", "105"]);
});

test("an on-timeout target is chosen, then cleared", async ({ page, request }) => {
  const name = unique("Nhóm Chuyển tiếp");
  const id = await createGroup(page, name, ["107"]);
  await page.getByLabel("Loại đích").selectOption({ label: "Nhóm nội bộ" });
  await page.getByRole("combobox", { name: "Đích", exact: true }).fill("kế toán");
  await page.getByRole("option", { name: "Nhóm Kế toán" }).click();
  await expect(page.getByTestId("chosen-target")).toHaveText("Nhóm Kế toán");
  await page.getByRole("button", { name: "Lưu" }).click();
  await expect(toast(page)).toContainText(`Đã lưu nhóm ${name}`);

  await page.reload();
  await hydrated(page);
  await expect(page.getByTestId("chosen-target")).toHaveText("Nhóm Kế toán");
  await page.getByLabel("Loại đích").selectOption({ label: "Không chuyển tiếp" });
  await page.getByRole("button", { name: "Lưu" }).click();
  await expect(toast(page)).toContainText(`Đã lưu nhóm ${name}`);

  // The vendor's copy has no target any more (empty strings, as it lists a cleared one).
  const groups = await simCall(request, "GET", `internal_group/list?keyword=${encodeURIComponent(name)}`);
  const saved = groups.items.find((g: { _id: string }) => g._id === id);
  expect(saved.target_timeout_type ?? "").toBe("");
  expect(saved.target_timeout ?? "").toBe("");
  await page.reload();
  await hydrated(page);
  await expect(page.getByTestId("chosen-target")).toHaveCount(0);
  await expect(page.getByLabel("Loại đích")).toHaveValue("");
});

test("a saved group's members are edited in its one member list and saved with the group", async ({ page }) => {
  const name = unique("Nhóm Thành viên");
  await createGroup(page, name, ["108"]);
  // One place edits members: the form's list, no second list changed at once beside it.
  await expect(page.getByRole("list", { name: "Thành viên", exact: true })).toHaveCount(1);
  await addMember(page, "109");
  await memberList(page).getByRole("button", { name: /^Bỏ 108 .* khỏi danh sách$/ }).click();
  expect(await memberOrder(page)).toEqual(["109"]);
  await page.getByRole("button", { name: "Lưu" }).click();
  await expect(toast(page)).toContainText(`Đã lưu nhóm ${name}`);
  await page.reload();
  await hydrated(page);
  expect(await memberOrder(page)).toEqual(["109"]);
});

test("a duplicate name is refused at the name field, ignoring case and diacritics", async ({ page, expected }) => {
  expected.refusal(400, "/api/save_group");
  await openNewGroup(page);
  await page.getByLabel("Tên nhóm").fill("nhom ke TOAN");
  await page.getByRole("button", { name: "Lưu" }).click();
  const nameField = page.getByLabel("Tên nhóm");
  await expect(nameField).toHaveAttribute("aria-invalid", "true");
  await expect(nameField).toHaveAccessibleDescription("Tên này đã được dùng cho “Nhóm Kế toán”.");
  // Nothing typed is lost.
  await expect(nameField).toHaveValue("nhom ke TOAN");
});

test("a form with a bad timeout is refused before anything is sent", async ({ page }) => {
  await openNewGroup(page);
  await page.getByLabel("Tên nhóm").fill(unique("Nhóm Lỗi"));
  const timeout = page.getByLabel("Thời gian đổ chuông mỗi thành viên (giây)");
  await timeout.fill("0");
  await page.getByRole("button", { name: "Lưu" }).click();
  await expect(timeout).toHaveAttribute("aria-invalid", "true");
  await expect(timeout).toHaveAccessibleDescription("Phải từ 1 đến 600.");
});

test("a group an IVR key uses cannot be deleted, and the page says where it is used", async ({ page }) => {
  await page.goto("/ring-groups?q=k%E1%BA%BF+to%C3%A1n&page=1&size=20");
  await hydrated(page);
  await page.getByRole("link", { name: "Nhóm Kế toán" }).click();
  await expect(page.getByRole("heading", { name: "Nhóm nội bộ Nhóm Kế toán" })).toBeVisible();
  await hydrated(page);
  await page.getByRole("button", { name: "Xoá nhóm này" }).click();
  const usages = page.getByRole("list", { name: /Chưa thể xoá/ });
  await expect(usages).toContainText("Kịch bản “Tổng đài chính” (phím 0)");
  await expect(page.getByRole("dialog")).toHaveCount(0);
});

test("a group another group passes calls to links to that group", async ({ page }) => {
  await page.goto("/ring-groups?q=kinh+doanh&page=1&size=20");
  await hydrated(page);
  await page.getByRole("link", { name: "Nhóm Kinh doanh" }).click();
  await hydrated(page);
  await page.getByRole("button", { name: "Xoá nhóm này" }).click();
  const link = page.getByRole("link", { name: "Nhóm “Nhóm Chăm sóc khách hàng” (khi không ai nghe)" });
  await expect(link).toBeVisible();
  await link.click();
  await expect(page.getByRole("heading", { name: "Nhóm nội bộ Nhóm Chăm sóc khách hàng" })).toBeVisible();
});

test("an unused group is deleted after a confirmation", async ({ page }) => {
  const name = unique("Nhóm Xoá");
  await createGroup(page, name, ["110"]);
  await page.getByRole("button", { name: "Xoá nhóm này" }).click();
  const dialog = page.getByRole("dialog", { name: `Xoá nhóm ${name}?` });
  await dialog.getByRole("button", { name: "Xác nhận" }).click();
  await expect(page).toHaveURL(/\/ring-groups$/);
  await expect(toast(page)).toContainText(`Đã xoá nhóm ${name}`);
  await page.getByRole("searchbox", { name: "Tìm kiếm" }).fill(name);
  await expect(page.getByText("Không có nhóm nào khớp với tìm kiếm.")).toBeVisible();
});

test("someone else's change is shown before saving, and the admin chooses", async ({ page, request }) => {
  const name = unique("Nhóm Xung đột");
  const id = await createGroup(page, name, ["111"]);
  const theirName = `${name} (bản khác)`;
  // Another admin renames the group while this page is open.
  await simCall(request, "POST", `internal_group/update/${id}`, {
    group_name: theirName,
    strategy: "enterprise",
    sip_members: ["111"],
    timeout: 30,
  });
  await page.getByLabel("Thời gian đổ chuông mỗi thành viên (giây)").fill("45");
  await page.getByRole("button", { name: "Lưu" }).click();
  const notice = page.getByRole("alert").filter({ hasText: "Nhóm vừa được thay đổi ở nơi khác" });
  await expect(notice).toBeVisible();
  await expect(notice.getByRole("row", { name: /Tên nhóm/ })).toContainText(theirName);

  // Reload takes theirs and drops the unsaved timeout.
  await notice.getByRole("button", { name: "Tải bản mới (bỏ thay đổi của tôi)" }).click();
  await expect(page.getByLabel("Tên nhóm")).toHaveValue(theirName);
  await expect(page.getByLabel("Thời gian đổ chuông mỗi thành viên (giây)")).toHaveValue("30");

  // Changed again behind its back: this time the admin overwrites.
  await simCall(request, "POST", `internal_group/update/${id}`, {
    group_name: name,
    strategy: "enterprise",
    sip_members: ["111"],
    timeout: 30,
  });
  await page.getByLabel("Thời gian đổ chuông mỗi thành viên (giây)").fill("45");
  await page.getByRole("button", { name: "Lưu" }).click();
  await page.getByRole("button", { name: "Ghi đè bằng bản của tôi" }).click();
  await expect(toast(page)).toContainText(`Đã lưu nhóm ${theirName}`);
  await page.reload();
  await hydrated(page);
  await expect(page.getByLabel("Tên nhóm")).toHaveValue(theirName);
  await expect(page.getByLabel("Thời gian đổ chuông mỗi thành viên (giây)")).toHaveValue("45");
});

test("a slow call center is reported on the group list and a retry recovers", async ({ page, request, expected }) => {
  expected.refusal(504, "/api/list_groups");
  await page.getByRole("link", { name: "Nhóm nội bộ" }).click();
  // The page is already hydrated: wait for the lazy route itself, or the search below lands on
  // the extension list still shown.
  await expect(page.getByRole("heading", { level: 1, name: "Nhóm nội bộ" })).toBeVisible();
  await setFaults(request, { latency_ms: 5000 });
  await page.getByRole("searchbox", { name: "Tìm kiếm" }).fill("nhóm");
  await expect(page.getByRole("alert")).toContainText("Tổng đài không phản hồi kịp thời, hãy thử lại.");
  await setFaults(request, {});
  await page.getByRole("button", { name: "Thử lại" }).click();
  await expect(page.getByRole("row").filter({ hasText: "Nhóm" }).first()).toBeVisible();
});

test("a failing call center on save keeps the form as typed", async ({ page, request, expected }) => {
  expected.refusal(502, "/api/save_group");
  const name = unique("Nhóm Hỏng");
  await openNewGroup(page);
  await page.getByLabel("Tên nhóm").fill(name);
  await addMember(page, "112");
  await setFaults(request, { http500_share: 1.0 });
  await page.getByRole("button", { name: "Lưu" }).click();
  await expect(page.getByRole("alert")).toContainText("Tổng đài trả lời không đúng định dạng");
  await expect(page.getByLabel("Tên nhóm")).toHaveValue(name);
  expect(await memberOrder(page)).toEqual(["112"]);
  await setFaults(request, {});
  await page.getByRole("button", { name: "Lưu" }).click();
  await expect(toast(page)).toContainText(`Đã tạo nhóm ${name}`);
});
