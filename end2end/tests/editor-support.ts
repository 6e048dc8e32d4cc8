import { expect, type Page } from "@playwright/test";
import { hydrated, logIn } from "./support";

/** Logs in and opens the flow editor, hydrated. */
export async function inEditor(page: Page) {
  await logIn(page);
  await expect(page).toHaveURL(/\/extensions/);
  await page.goto("/ivr/editor");
  await hydrated(page);
}

export const canvas = (page: Page) => page.getByRole("application", { name: "Sơ đồ kịch bản" });

/** A box of the diagram by its header's name ("Kịch bản Chính", "Nhóm Kinh doanh"). */
export const box = (page: Page, title: string) =>
  canvas(page).locator(".node").filter({ has: page.getByRole("button", { name: title, exact: true }) });
