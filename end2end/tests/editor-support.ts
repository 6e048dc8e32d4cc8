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

/** A point of the diagram's background (no box, line or handle on it) within `area` of the
 * screen, scanning from its left edge; `null` when every point there is covered. */
export const backgroundSpot = (page: Page, area: { x: number; y: number; width: number; height: number }) =>
  page.evaluate((a) => {
    for (let x = a.x + 10; x < a.x + a.width - 5; x += 20) {
      for (let y = a.y + 10; y < a.y + a.height - 5; y += 20) {
        const hit = document.elementFromPoint(x, y);
        if (hit?.closest(".flow-canvas") && !hit.closest(".node, .edge, .edge-end, .drop-choice")) return { x, y };
      }
    }
    return null;
  }, area);
