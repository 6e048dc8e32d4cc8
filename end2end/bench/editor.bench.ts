import { test, expect, type Page } from "@playwright/test";
import { hydrated, logIn } from "../tests/support";

// Figures printed, never asserted: machines here are noisy (see the developers' guide).
const report = (what: string, value: string) => console.log(`editor bench: ${what}: ${value}`);

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];

/** Records the time between animation frames until `stop()` is called in the page. */
async function startFrames(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { frames_: number[]; framesOn: boolean };
    w.frames_ = [];
    w.framesOn = true;
    let last = performance.now();
    const tick = (now: number) => {
      w.frames_.push(now - last);
      last = now;
      if (w.framesOn) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

async function stopFrames(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const w = window as unknown as { frames_: number[]; framesOn: boolean };
    w.framesOn = false;
    return w.frames_.slice(1);
  });
}

test("the flow editor on the tenant the server is given: open, drag", async ({ page }) => {
  await logIn(page);
  await expect(page).toHaveURL(/\/extensions/);
  await page.goto("/ivr/editor");
  await hydrated(page);
  const canvas = page.getByRole("application", { name: "Sơ đồ kịch bản" });
  await expect(canvas.locator(".node").first()).toBeVisible();
  const opened = await page.evaluate(() => performance.now());
  const boxes = await canvas.locator(".node").count();
  report("boxes drawn", String(boxes));
  report("open (navigation to a drawn, hydrated canvas)", `${opened.toFixed(0)} ms`);

  const header = canvas.locator(".node-header").first();
  const box = (await header.boundingBox())!;
  const start = { x: box.x + 20, y: box.y + box.height / 2 };
  await startFrames(page);
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  const steps = 120;
  for (let i = 1; i <= steps; i++) {
    await page.mouse.move(start.x + i, start.y + i / 2);
  }
  await page.mouse.up();
  const frames = (await stopFrames(page)).sort((a, b) => a - b);
  report("frames while dragging", String(frames.length));
  report("frame time while dragging, p50", `${percentile(frames, 50).toFixed(1)} ms`);
  report("frame time while dragging, p95", `${percentile(frames, 95).toFixed(1)} ms`);
  report("frame time while dragging, worst", `${frames[frames.length - 1].toFixed(1)} ms`);
  // Frame times come in whole display refreshes (16.7 ms at 60 Hz): a frame longer than one
  // refresh is one the drag missed.
  report("frames that missed a refresh while dragging", String(frames.filter((f) => f > 17.5).length));

  // Validation per edit: the engine's run after each edit, as the editor marks it with the
  // User Timing API ("ivr-validate"). Twenty edits of a menu's time to press a key.
  await page.evaluate(() => performance.clearMeasures("ivr-validate"));
  await canvas.locator(".node:not(.node-group) .node-header").first().focus();
  const field = page.getByRole("region", { name: "Thuộc tính" }).getByLabel("Thời gian chờ bấm phím (giây)");
  const edits = 20;
  for (let i = 0; i < edits; i++) {
    await field.fill(String(5 + (i % 2)));
    await field.blur();
  }
  await expect(page.locator(".editor-status")).toHaveText(/thay đổi chưa lưu/);
  const runs = (
    await page.evaluate(() => performance.getEntriesByName("ivr-validate").map((e) => e.duration))
  ).sort((a, b) => a - b);
  report("edits made", String(edits));
  report("validation runs", String(runs.length));
  report("validation time per edit, p50", `${percentile(runs, 50).toFixed(1)} ms`);
  report("validation time per edit, p95", `${percentile(runs, 95).toFixed(1)} ms`);
  report("validation time per edit, worst", `${runs[runs.length - 1].toFixed(1)} ms`);
});
