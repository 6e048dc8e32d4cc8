import { test, expect } from "./fixture";
import { type Page } from "@playwright/test";
import { hydrated } from "./support";
import { box, canvas, inEditor } from "./editor-support";

// The caller panel simulates calls on the draft in the browser; these specs read what it says
// and what it lights on the diagram. The seeded tenant: "Tổng đài chính" (1 → Kinh doanh,
// 2 → Chăm sóc khách hàng, 3 → menu "Hỗ trợ kỹ thuật", 0 → Kế toán; fallback Chăm sóc), and
// "Hỗ trợ kỹ thuật" (1, 2 → group Hỗ trợ kỹ thuật, 12 members ringing 25 s each at random).

test.beforeEach(async ({ page }) => inEditor(page));

const panel = (page: Page) => page.getByRole("region", { name: "Gọi thử" });
const keypad = (page: Page) => panel(page).getByRole("group", { name: "Bàn phím" });
const steps = (page: Page) => panel(page).getByRole("list", { name: "Diễn biến cuộc gọi" });
const ending = (page: Page) => panel(page).locator(".call-end");

async function openCaller(page: Page, entry: string) {
  await page.getByRole("button", { name: "Gọi thử", exact: true }).click();
  await expect(panel(page)).toBeVisible();
  await panel(page).getByLabel("Cuộc gọi vào kịch bản").selectOption({ label: entry });
}

test("a call through two menus into a group lights its path, says what the caller hears, and warns of long ringing", async ({ page }) => {
  await openCaller(page, "Tổng đài chính");
  // From here on the panel runs the engine in the browser: no request reaches the server.
  const calls: string[] = [];
  page.on("request", (req) => {
    if (new URL(req.url()).pathname.startsWith("/api/")) calls.push(req.url());
  });
  await expect(steps(page).getByRole("listitem").nth(1)).toHaveText(/^Nghe lời chào: “Xin chào, nhấn phím 1 để gặp kinh doanh/);
  await expect(ending(page)).toHaveText("Người gọi đang ở kịch bản Tổng đài chính, chờ bấm phím.");

  await keypad(page).getByRole("button", { name: "3", exact: true }).click();
  await expect(ending(page)).toHaveText("Người gọi đang ở kịch bản Hỗ trợ kỹ thuật, chờ bấm phím.");
  await keypad(page).getByRole("button", { name: "1", exact: true }).click();

  const items = steps(page).getByRole("listitem");
  await expect(items).toContainText([
    "Vào kịch bản Tổng đài chính",
    /^Nghe lời chào: “Xin chào/,
    "Bấm phím 3 → kịch bản Hỗ trợ kỹ thuật",
    "Vào kịch bản Hỗ trợ kỹ thuật",
    /^Nghe lời chào: “Nhấn phím 1 để được hỗ trợ phần mềm/,
    "Bấm phím 1 → nhóm Nhóm Hỗ trợ kỹ thuật",
    /^Nhóm Nhóm Hỗ trợ kỹ thuật đổ chuông \(Ngẫu nhiên\): 128, 129, .*, 139; tối đa 300 giây$/,
  ]);
  await expect(ending(page)).toContainText("Nhóm Nhóm Hỗ trợ kỹ thuật nghe máy.");
  // Twelve members, 25 s each, one after another at worst.
  await expect(panel(page).getByText("Đổ chuông lâu nhất trên đường đi: 300 giây")).toBeVisible();
  const warning = panel(page).getByRole("alert").filter({ hasText: "quá ngưỡng" });
  await expect(warning).toHaveText("Người gọi có thể phải chờ đổ chuông 300 giây, quá ngưỡng 60 giây.");

  // The path on the diagram: both menus and the group lit, the group where the call is now.
  await expect(box(page, "Kịch bản Tổng đài chính")).toHaveClass(/node-lit/);
  await expect(box(page, "Kịch bản Hỗ trợ kỹ thuật")).toHaveClass(/node-lit/);
  await expect(box(page, "Nhóm Nhóm Hỗ trợ kỹ thuật")).toHaveClass(/node-current/);
  await expect(box(page, "Nhóm Nhóm Kinh doanh")).not.toHaveClass(/node-lit/);
  await expect(canvas(page).locator(".edge-lit")).toHaveCount(2);

  // The admin's threshold: a wrong value is refused in words, a higher one silences the warning.
  const threshold = panel(page).getByLabel("Cảnh báo khi đổ chuông quá (giây)");
  await threshold.fill("0");
  await threshold.press("Enter");
  await threshold.blur();
  await expect(panel(page).getByRole("alert").filter({ hasText: "Nhập số giây từ 1 đến 3600." })).toBeVisible();
  await expect(warning).toBeVisible();
  await threshold.fill("300");
  await threshold.blur();
  await expect(warning).toHaveCount(0);
  // Nobody answering: the group's time-out leads on to voicemail.
  await panel(page).getByRole("button", { name: "Chờ (không bấm, không ai nghe)" }).click();
  await expect(items.last()).toHaveText("Không ai nghe máy → hộp thư thoại");
  await expect(ending(page)).toHaveText("Chuyển vào hộp thư thoại.");
  await expect(keypad(page).getByRole("button", { name: "1", exact: true })).toBeDisabled();
  expect(calls).toEqual([]);

  // The threshold is the admin's: it is still there after a reload.
  await page.reload();
  await hydrated(page);
  await page.getByRole("button", { name: "Gọi thử", exact: true }).click();
  await expect(panel(page).getByLabel("Cảnh báo khi đổ chuông quá (giây)")).toHaveValue("300");
});

test("an unconfigured key pressed as many times as the menu allows ends the call, disconnected", async ({ page }) => {
  // A new menu of the draft, unsaved: no keys, no fallback, two wrong keys allowed.
  await page.getByRole("button", { name: "Kịch bản mới", exact: true }).press("Enter");
  const properties = page.getByRole("region", { name: "Thuộc tính" });
  await properties.getByLabel("Số lần bấm sai tối đa").fill("2");
  await properties.getByLabel("Số lần bấm sai tối đa").blur();
  await page.getByRole("button", { name: "Gọi thử", exact: true }).click();
  await expect(ending(page)).toHaveText("Người gọi đang ở kịch bản Kịch bản mới 1, chờ bấm phím.");

  await keypad(page).getByRole("button", { name: "5", exact: true }).click();
  await expect(steps(page).getByRole("listitem").last()).toHaveText("Bấm phím 5: phím chưa cấu hình (sai 1/2)");
  await expect(keypad(page).getByRole("button", { name: "5", exact: true })).toBeEnabled();
  await keypad(page).getByRole("button", { name: "5", exact: true }).click();
  await expect(steps(page).getByRole("listitem")).toContainText([
    "Vào kịch bản Kịch bản mới 1",
    "Bấm phím 5: phím chưa cấu hình (sai 1/2)",
    "Bấm phím 5: phím chưa cấu hình (sai 2/2)",
    "Bấm sai 2 lần → chưa nối",
  ]);
  await expect(ending(page)).toHaveText(
    "Cuộc gọi bị ngắt sau 2 lần bấm sai: kịch bản Kịch bản mới 1 không có hướng dự phòng.",
  );
  for (const key of ["1", "5", "#"]) {
    await expect(keypad(page).getByRole("button", { name: key, exact: true })).toBeDisabled();
  }
  await expect(panel(page).getByRole("button", { name: "Gác máy" })).toBeDisabled();
  // Calling again starts over in the same menu.
  await panel(page).getByRole("button", { name: "Gọi lại từ đầu" }).click();
  await expect(ending(page)).toHaveText("Người gọi đang ở kịch bản Kịch bản mới 1, chờ bấm phím.");
});

test("test every key tabulates where each key of the entry menu ends, and shows a row's path", async ({ page }) => {
  await openCaller(page, "Tổng đài chính");
  await panel(page).getByRole("button", { name: "Thử mọi phím" }).click();
  const table = panel(page).getByRole("table", { name: "Thử mọi phím" });
  const rows = table.getByRole("row");
  // A header, the four keys in keypad order, the first free key pressed until the menu gives
  // up (three wrong keys allowed), and no key.
  await expect(rows).toHaveCount(7);
  const row = (press: string) => table.getByRole("row").filter({ has: page.getByRole("rowheader", { name: press, exact: true }) });
  await expect(row("Phím 1")).toContainText("Nhóm Nhóm Kinh doanh nghe máy.");
  await expect(row("Phím 2")).toContainText("Nhóm Nhóm Chăm sóc khách hàng nghe máy.");
  await expect(row("Phím 3")).toContainText("Người gọi đang ở kịch bản Hỗ trợ kỹ thuật, chờ bấm phím.");
  await expect(row("Phím 3")).toContainText("0 giây");
  await expect(row("Phím 0")).toContainText("Nhóm Nhóm Kế toán nghe máy.");
  await expect(row("Phím 4 (chưa cấu hình) × 3")).toContainText("Nhóm Nhóm Chăm sóc khách hàng nghe máy.");
  await expect(row("Không bấm")).toContainText("Nhóm Nhóm Chăm sóc khách hàng nghe máy.");
  // Sixteen members ringing in turn, then the sales group its time-out leads to: over 60 s.
  await expect(row("Phím 2").locator(".over-threshold")).toHaveCount(1);
  await expect(row("Phím 3").locator(".over-threshold")).toHaveCount(0);

  await row("Phím 2").getByRole("button", { name: "Xem đường đi" }).click();
  await expect(steps(page).getByRole("listitem").nth(2)).toHaveText("Bấm phím 2 → nhóm Nhóm Chăm sóc khách hàng");
  await expect(box(page, "Nhóm Nhóm Chăm sóc khách hàng")).toHaveClass(/node-current/);
});

test("a panel whose code does not arrive says so, the editor goes on working, and a retry fetches it", async ({ page, expected }) => {
  // The split loader reports the failed fetch on the console itself.
  expected.pageError(/net::ERR_INTERNET_DISCONNECTED .*split_editor_side_panel/);
  expected.pageError(/TypeError: Failed to fetch/);
  // The panel's own chunk, fetched the first time it is opened, does not arrive.
  const chunk = "**/pkg/split_*side_panel*.wasm";
  await page.route(chunk, (route) => route.abort("internetdisconnected"));
  await page.getByRole("button", { name: "Gọi thử", exact: true }).click();
  const notice = page.getByRole("alert").filter({ hasText: "Không tải được phần này của trang" });
  await expect(notice).toHaveText(/Kiểm tra mạng và thử lại; nếu vẫn không được, hãy tải lại trang\./);
  // The failure did not stop the page: the diagram and its properties panel still answer.
  await page.getByRole("button", { name: "Kịch bản Hỗ trợ kỹ thuật", exact: true }).focus();
  await expect(page.getByRole("region", { name: "Thuộc tính" }).getByLabel("Tên kịch bản")).toHaveValue("Hỗ trợ kỹ thuật");

  await page.unroute(chunk);
  await notice.getByRole("button", { name: "Thử lại" }).click();
  await expect(panel(page)).toBeVisible();
  await expect(notice).toHaveCount(0);
});
