import { test, expect } from "./fixture";
import { type Page, type Route } from "@playwright/test";
import { hydrated, logIn, setFaults, simCall, toast, unique } from "./support";

/** The e2e server's upload limit (scripts/e2e). */
const MAX_MB = Number(process.env.UPLOAD_MAX_MB ?? "1");

/** A real mp3 of silence, `frames` × 24 ms: an ID3 tag, then MPEG-1 Layer III frames (32 kbit/s,
 * 48 kHz, 96 bytes each) whose side information is zero, which every decoder plays. */
function mp3(frames: number): Buffer {
  const frame = Buffer.alloc(96);
  frame.set([0xff, 0xfb, 0x14, 0xc4]);
  const tag = Buffer.from([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 0, 0]);
  return Buffer.concat([tag, ...Array.from({ length: frames }, () => frame)]);
}

async function openGreetings(page: Page) {
  await logIn(page);
  await expect(page).toHaveURL(/\/extensions/);
  await page.goto("/greetings");
  await hydrated(page);
}

test.afterEach(async ({ request }) => {
  await setFaults(request, {});
});

const uploadForm = (page: Page) => page.locator("form[action='/greetings/upload']");
const row = (page: Page, name: string) => page.getByRole("row").filter({ hasText: name });

test("an mp3 is listened to before uploading, uploads with progress and shows up in the list", async ({ page }) => {
  await openGreetings(page);
  const name = unique("Lời chào khai trương");
  await page.getByLabel("Tệp mp3", { exact: true }).setInputFiles({ name: `${name}.mp3`, mimeType: "audio/mpeg", buffer: mp3(209) });
  // The name comes from the file, Vietnamese letters kept; the file plays from the disk.
  await expect(uploadForm(page).getByLabel("Tên lời chào")).toHaveValue(name);
  await expect(page.getByTestId("upload-preview-duration")).toHaveText("Thời lượng: 0:05");

  await uploadForm(page).getByRole("button", { name: "Tải lên" }).click();
  await expect(page.getByRole("progressbar", { name: "Tiến độ tải lên" })).toHaveAttribute("value", "100");
  await expect(page.getByTestId("upload-done")).toHaveText(`Đã tải lên “${name}”: 0:05, 32 kbps.`);
  await expect(row(page, name)).toContainText("Tệp tải lên");
  // The form is ready for the next file.
  await expect(uploadForm(page).getByLabel("Tên lời chào")).toHaveValue("");
});

test("an upload cancelled before the file has left the browser makes nothing", async ({ page, request }) => {
  await openGreetings(page);
  // The browser hands the request over only when the spec lets it: held here, it has not sent
  // its body when the admin cancels.
  let held: Route | undefined;
  await page.route("**/greetings/upload", (route) => {
    held = route;
  });
  const name = unique("Lời chào bị huỷ");
  await page.getByLabel("Tệp mp3", { exact: true }).setInputFiles({ name: "huy.mp3", mimeType: "audio/mpeg", buffer: mp3(2000) });
  await uploadForm(page).getByLabel("Tên lời chào").fill(name);
  await uploadForm(page).getByRole("button", { name: "Tải lên" }).click();
  await expect.poll(() => held !== undefined).toBe(true);
  await expect(page.getByRole("progressbar", { name: "Tiến độ tải lên" })).toBeVisible();
  const aborted = page.waitForEvent("requestfailed", (req) => req.url().endsWith("/greetings/upload"));
  await page.getByRole("button", { name: "Huỷ tải lên" }).click();
  await expect(uploadForm(page).getByRole("status")).toHaveText("Đã huỷ tải lên. Tệp chưa gửi hết nên không có gì được tạo.");
  expect((await aborted).failure()?.errorText).toBe("net::ERR_ABORTED");
  // Let go of the held request: the browser cancelled it, so nothing is sent (were it still
  // alive, it would reach the server now and the checks below would find the greeting).
  await held!.continue().catch(() => undefined);
  await page.unrouteAll({ behavior: "ignoreErrors" });
  // The call center's own record has no such greeting, and neither has the list.
  const listed = await simCall(request, "GET", "greeting/list?page=1&size=200");
  expect(JSON.stringify(listed)).not.toContain(name);
  await page.reload();
  await hydrated(page);
  await expect(row(page, name)).toHaveCount(0);
});

test("an upload cancelled after the file has left says the greeting was made and offers to delete it", async ({ page, request }) => {
  await openGreetings(page);
  // The call center holds the upload until the spec releases it.
  await setFaults(request, { hold_uploads: true });
  const name = unique("Lời chào đến trước");
  await page.getByLabel("Tệp mp3", { exact: true }).setInputFiles({ name: "den-truoc.mp3", mimeType: "audio/mpeg", buffer: mp3(200) });
  await uploadForm(page).getByLabel("Tên lời chào").fill(name);
  await uploadForm(page).getByRole("button", { name: "Tải lên" }).click();
  await expect(uploadForm(page)).toContainText("Đã gửi hết tệp, đang chờ tổng đài…");
  await page.getByRole("button", { name: "Huỷ tải lên" }).click();
  await expect(uploadForm(page)).toContainText("Tệp đã gửi hết nên không huỷ được nữa");
  await setFaults(request, {});
  await expect(page.getByTestId("upload-made-anyway")).toContainText(`Tệp đã đến trước khi huỷ nên tổng đài đã tạo lời chào “${name}”.`);
  await expect(row(page, name)).toHaveCount(1);

  await page.getByRole("button", { name: "Xoá lời chào này" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText(`Xoá lời chào “${name}”?`);
  await dialog.getByRole("button", { name: "Xác nhận" }).click();
  await expect(row(page, name)).toHaveCount(0);
  const listed = await simCall(request, "GET", "greeting/list?page=1&size=200");
  expect(JSON.stringify(listed)).not.toContain(name);
});

test("a renamed text file and a file over the limit are refused with what is wrong", async ({ page, expected }) => {
  expected.refusal(400, "/greetings/upload");
  await openGreetings(page);
  const file = page.getByLabel("Tệp mp3", { exact: true });
  await file.setInputFiles({
    name: "ghi-am.mp3",
    mimeType: "audio/mpeg",
    buffer: Buffer.from("Đây là một tệp văn bản đổi tên thành mp3.\n".repeat(40)),
  });
  await uploadForm(page).getByRole("button", { name: "Tải lên" }).click();
  await expect(uploadForm(page).locator("#upload-file-error")).toHaveText("Không phải tệp mp3: đây là tệp văn bản.");
  await expect(file).toHaveAttribute("aria-invalid", "true");
  // No player is offered for a file the form has refused.
  await expect(page.getByTestId("upload-preview")).toHaveCount(0);

  const frames = Math.ceil((MAX_MB * 1024 * 1024) / 96) + 10;
  await file.setInputFiles({ name: "qua-lon.mp3", mimeType: "audio/mpeg", buffer: mp3(frames) });
  await uploadForm(page).getByRole("button", { name: "Tải lên" }).click();
  await expect(uploadForm(page).getByRole("alert")).toHaveText(`Tệp lớn hơn ${MAX_MB} MB.`);
  await expect(page.getByTestId("upload-preview")).toHaveCount(0);
  await expect(row(page, "qua-lon")).toHaveCount(0);
});

test("without JavaScript the form still uploads and the page says how it went", async ({ browser, page }) => {
  await logIn(page);
  await expect(page).toHaveURL(/\/extensions/);
  const context = await browser.newContext({ storageState: await page.context().storageState(), javaScriptEnabled: false });
  const plain = await context.newPage();
  await plain.goto("/greetings");
  const name = unique("Lời chào không JS");
  await plain.getByLabel("Tệp mp3", { exact: true }).setInputFiles({ name: "khong-js.mp3", mimeType: "audio/mpeg", buffer: mp3(100) });
  await plain.locator("#upload-name").fill(name);
  await plain.locator("form[action='/greetings/upload'] button[type=submit]").click();
  await expect(plain).toHaveURL(/\/greetings$/);
  await expect(plain.getByTestId("upload-done")).toHaveText(`Đã tải lên “${name}”: 0:02, 32 kbps.`);
  await expect(row(plain, name)).toHaveCount(1);

  // A refusal comes back the same way, the typed name kept.
  await plain.getByLabel("Tệp mp3", { exact: true }).setInputFiles({ name: "sai.mp3", mimeType: "audio/mpeg", buffer: Buffer.from("RIFF\x24\x08\x00\x00WAVEfmt ", "latin1") });
  await plain.locator("#upload-name").fill("Tên cần giữ");
  await plain.locator("form[action='/greetings/upload'] button[type=submit]").click();
  await expect(plain.locator("#upload-file-error")).toHaveText("Không phải tệp mp3: đây là tệp WAV.");
  await expect(plain.locator("#upload-name")).toHaveValue("Tên cần giữ");
  await context.close();
});

test("a greeting made from text lists its keys, plays once made, and is listed in words", async ({ page }) => {
  await openGreetings(page);
  const name = unique("Lời chào robot");
  const form = page.locator("form").filter({ has: page.locator("#tts-text") });
  await form.getByLabel("Tên lời chào").fill(name);
  const text = "Xin chào! Nhấn phím 1 để gặp kinh doanh, bấm phím 2 gặp kỹ thuật, press # để nghe lại.";
  await form.getByLabel("Nội dung").fill(text);
  await expect(page.locator("#tts-text-count")).toHaveText(`${[...text].length}/300 ký tự`);
  await expect(page.getByTestId("tts-keys")).toContainText("1, 2, #");
  await form.getByLabel("Giọng nam miền Bắc").check();
  await page.locator("#tts-speed").fill("2");
  await expect(form.locator("label[for=tts-speed]")).toHaveText("Tốc độ đọc: Rất nhanh");

  // Past 300 characters the counter says so and nothing is sent.
  await form.getByLabel("Nội dung").fill("a".repeat(301));
  await expect(page.locator("#tts-text-count")).toHaveText("301/300 ký tự");
  await form.getByRole("button", { name: "Tạo lời chào" }).click();
  await expect(page.locator("#tts-text-error")).toHaveText("Tối đa 300 ký tự.");
  await form.getByLabel("Nội dung").fill(text);

  await form.getByRole("button", { name: "Tạo lời chào" }).click();
  await expect(toast(page)).toContainText(`Đã tạo lời chào “${name}”.`);
  const player = page.getByTestId("tts-player");
  await expect
    .poll(() => player.evaluate((a: HTMLAudioElement) => a.readyState >= 1 && a.duration > 0))
    .toBe(true);
  const listed = row(page, name);
  await expect(listed).toContainText("Robot đọc");
  await expect(listed).toContainText("Giọng nam miền Bắc · Rất nhanh");
  await listed.getByRole("button", { name: `Nghe “${name}”` }).click();
  const inRow = listed.locator("audio");
  await expect
    .poll(() => inRow.evaluate((a: HTMLAudioElement) => a.readyState >= 1 && a.duration > 0))
    .toBe(true);
});

test("a greeting is not deleted while a ring group plays it, then is", async ({ page, request }) => {
  const name = unique("Lời chào dùng chung");
  const made = await simCall(request, "POST", `greeting/upload-text-to-speech?greeting_name=${encodeURIComponent(name)}`, {
    text: "Xin lỗi, hiện chưa có ai nghe máy.",
    voice: "banmai",
    speed: "0",
  });
  const groupName = unique("Nhóm Dùng lời chào");
  const group = await simCall(request, "POST", "internal_group/add", {
    group_name: groupName,
    strategy: "enterprise",
    sip_members: ["150"],
    timeout: 30,
    target_timeout_type: "Recording",
    target_timeout: made.file._id,
  });
  await openGreetings(page);
  await page.getByPlaceholder("Tên lời chào").fill(name);
  await expect(page.getByRole("row")).toHaveCount(2);
  await row(page, name).getByRole("button", { name: `Xoá “${name}”` }).click();
  const refusal = page.getByRole("alert").filter({ hasText: "Chưa xoá được" });
  await expect(refusal).toContainText(`Nhóm “${groupName}” (khi không ai nghe)`);
  await expect(refusal.getByRole("link", { name: `Nhóm “${groupName}” (khi không ai nghe)` })).toHaveAttribute(
    "href",
    `/ring-groups/${group._id}`,
  );
  await expect(row(page, name)).toHaveCount(1);

  await simCall(request, "DELETE", `internal_group/delete/${group._id}`);
  await row(page, name).getByRole("button", { name: `Xoá “${name}”` }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText(`Xoá lời chào “${name}”?`);
  await dialog.getByRole("button", { name: "Xác nhận" }).click();
  await expect(toast(page)).toContainText(`Đã xoá lời chào “${name}”.`);
  await expect(row(page, name)).toHaveCount(0);
});
