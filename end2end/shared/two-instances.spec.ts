import { test, expect } from "../tests/fixture";
import type { Page } from "@playwright/test";
import { DEMO_KEY, hydrated, logIn } from "../tests/support";

// Two consoles behind one load balancer share their sessions and failed-login counts (through
// PostgreSQL or Redis) and their layouts (through PostgreSQL): what one instance did, the other
// sees. scripts/shared-e2e runs this in both modes.
const A = process.env.CONSOLE_URL ?? "http://127.0.0.1:3200";
const B = process.env.CONSOLE_B_URL ?? "http://127.0.0.1:3202";

async function openEditor(page: Page, base: string) {
  await page.goto(`${base}/ivr/editor`);
  await hydrated(page);
  await expect(page.getByRole("heading", { level: 1, name: "Trình dựng kịch bản" })).toBeVisible();
}

const mainMenu = (page: Page) =>
  page.locator(".node").filter({ has: page.getByRole("button", { name: "Kịch bản Tổng đài chính", exact: true }) });

test("a session, a layout and a logout made on one instance hold on the other", async ({ page }) => {
  await logIn(page);
  await expect(page).toHaveURL(/\/extensions/);
  // The same browser, now served by the other instance: still logged in.
  await page.goto(`${B}/extensions`);
  await expect(page).toHaveURL(`${B}/extensions`);
  await expect(page.getByRole("heading", { name: "Số nội bộ" })).toBeVisible();

  // A box moved in the editor on A is kept (its layout saved) and drawn there by B.
  await openEditor(page, A);
  const header = page.getByRole("button", { name: "Kịch bản Tổng đài chính", exact: true });
  await header.focus();
  // Each move writes the layout; B is opened once the last write has answered.
  for (const key of ["ArrowRight", "ArrowDown"]) {
    const saved = page.waitForResponse((res) => res.url().endsWith("/api/save_layout"));
    await page.keyboard.press(key);
    expect((await saved).status()).toBe(200);
  }
  const moved = await mainMenu(page).getAttribute("transform");
  await openEditor(page, B);
  await expect(mainMenu(page)).toHaveAttribute("transform", moved!);

  // Logging out on B ends the session on A too.
  await page.getByRole("button", { name: "Đăng xuất" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto(`${A}/extensions`);
  await expect(page).toHaveURL(/\/login/);
});

test("failed logins are counted across both instances", async ({ page, expected }) => {
  expected.pageError(/status of 4(01|29) .*\/api\/log_in/);
  const wrong = async (base: string) => {
    await page.goto(`${base}/login`);
    await hydrated(page);
    await page.locator("#person").fill("Quản trị viên Thử");
    await page.getByLabel("API key").fill("not-the-key");
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    return page.getByRole("alert");
  };
  // The limit is five failures per address (scripts/e2e): three on A and two on B reach it.
  for (const base of [A, A, A, B, B]) {
    await expect(await wrong(base)).toContainText("API key không đúng");
  }
  await expect(await wrong(A)).toContainText("Đăng nhập sai quá nhiều lần");
  // Even the right key waits now, on either instance.
  await page.goto(`${B}/login`);
  await hydrated(page);
  await page.locator("#person").fill("Quản trị viên Thử");
  await page.getByLabel("API key").fill(DEMO_KEY);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page.getByRole("alert")).toContainText("Đăng nhập sai quá nhiều lần");
});
