import { test, expect } from "./fixture";
import type { Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { DEMO_KEY, hydrated, simCall, unique } from "./support";
import { BASE_URL } from "../playwright.config";

// Every page of every area, in both languages, at desktop width and at a phone's, with the dialogs
// and panels an admin opens: axe's serious and critical findings fail, and so does text drawn in
// the colour of its own background, which axe files as "incomplete" (a 1:1 contrast) rather than
// as a violation.

type Lang = "vi" | "en";
const WORDS = {
  login: { vi: "Đăng nhập", en: "Log in" },
  review: { vi: "Xem lại thay đổi", en: "Review changes" },
  outline: { vi: "Dàn ý", en: "Outline" },
  call: { vi: "Gọi thử", en: "Test call" },
  close: { vi: "Huỷ", en: "Cancel" },
  deleteNamed: { vi: "Xoá “{name}”", en: "Delete “{name}”" },
  deleteGroup: { vi: "Xoá nhóm này", en: "Delete this group" },
  history: { vi: "Lịch sử", en: "History" },
  compare: { vi: "So với hiện tại", en: "Compare with now" },
} as const;

const WIDTHS = [
  { name: "desktop", viewport: { width: 1280, height: 800 } },
  { name: "phone", viewport: { width: 390, height: 844 } },
];

interface Finding {
  where: string;
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

/** Runs axe on what the page shows now and returns what must not be there. */
async function findings(page: Page, where: string): Promise<Finding[]> {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({
      where,
      rule: v.id,
      impact: v.impact ?? "",
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(" ")),
    }));
  // Text the colour of its background: axe cannot call it a contrast failure, since it cannot
  // tell whether the text is meant to be hidden, so it is "incomplete" with a 1:1 ratio.
  const invisible = results.incomplete
    .filter((v) => v.id === "color-contrast")
    .flatMap((v) =>
      v.nodes
        .filter((n) =>
          [...n.any, ...n.all, ...n.none].some((check) => {
            const data = check.data as { contrastRatio?: number; messageKey?: string } | null;
            return data?.messageKey === "equalRatio" || (data?.contrastRatio !== undefined && data.contrastRatio > 0 && data.contrastRatio <= 1.01);
          }),
        )
        .map((n) => ({
          where,
          rule: "color-contrast (text the colour of its background)",
          impact: "serious",
          help: v.help,
          targets: [n.target.join(" ")],
        })),
    );
  return [...serious, ...invisible];
}

async function open(page: Page, path: string) {
  await page.goto(path);
  await hydrated(page);
  await page.waitForLoadState("networkidle");
}

for (const lang of ["vi", "en"] as Lang[]) {
  for (const width of WIDTHS) {
    test(`every page, dialog and panel passes the accessibility check (${lang}, ${width.name})`, async ({ page, request }) => {
      test.setTimeout(180_000);
      await page.setViewportSize(width.viewport);
      await page.context().addCookies([{ name: "lang", value: lang, url: BASE_URL }]);
      const found: Finding[] = [];
      const check = async (where: string) => found.push(...(await findings(page, where)));

      await open(page, "/login");
      await check("/login");
      await page.locator("#person").fill("Quản trị viên Thử");
      await page.getByLabel("API key").fill(DEMO_KEY);
      await page.getByRole("button", { name: WORDS.login[lang] }).click();
      await expect(page).toHaveURL(/\/extensions/);
      await hydrated(page);
      await check("/extensions");

      await page.locator("tbody tr").first().getByRole("link").first().click();
      await expect(page).toHaveURL(/\/extensions\/detail/);
      await page.waitForLoadState("networkidle");
      await check("an extension's page");

      await open(page, "/ring-groups");
      await check("/ring-groups");
      await page.locator("tbody tr").first().getByRole("link").first().click();
      await expect(page).toHaveURL(/\/ring-groups\/[^/]+$/);
      await page.waitForLoadState("networkidle");
      await check("a ring group's page");
      // The first group is in use: its delete says where, rather than asking to confirm.
      await page.getByRole("button", { name: WORDS.deleteGroup[lang] }).click();
      await page.waitForLoadState("networkidle");
      await check("a ring group's delete, refused while in use");

      await open(page, "/ring-groups/new");
      await check("/ring-groups/new");

      // A greeting nothing plays, so that its delete goes as far as the confirmation.
      const spare = unique("Lời chào kiểm tra");
      await simCall(request, "POST", `greeting/upload-text-to-speech?greeting_name=${encodeURIComponent(spare)}`, {
        text: "Xin chào",
        speed: 0,
        voice: "banmai",
      });
      await open(page, `/greetings?q=${encodeURIComponent(spare)}`);
      await check("/greetings");
      await page.getByRole("button", { name: WORDS.deleteNamed[lang].replace("{name}", spare) }).click();
      await expect(page.getByRole("dialog")).toBeVisible();
      await check("a greeting's delete confirmation");
      await page.getByRole("dialog").getByRole("button", { name: WORDS.close[lang], exact: true }).click();

      await open(page, "/ivr");
      await check("/ivr");

      await open(page, "/ivr/editor");
      await check("/ivr/editor");
      await page.getByRole("button", { name: WORDS.outline[lang], exact: true }).click();
      await page.getByRole("button", { name: WORDS.call[lang], exact: true }).click();
      await expect(page.locator(".outline-panel")).toBeVisible();
      await expect(page.locator(".caller-panel")).toBeVisible();
      await check("the editor with its outline and caller panels");
      await page.getByRole("button", { name: WORDS.history[lang], exact: true }).click();
      await page.getByRole("button", { name: WORDS.compare[lang] }).first().click();
      await expect(page.locator(".version-diff")).toBeVisible();
      await check("the editor's History panel with a version compared");
      await page.getByRole("button", { name: WORDS.review[lang] }).click();
      await expect(page.getByRole("dialog")).toBeVisible();
      await check("the editor's review dialog");

      // A change of this spec's own, so that the log has an entry whose fields can be opened.
      const saved = await page.request.post("/api/save_group", {
        form: {
          "draft[name]": unique("Nhóm kiểm tra"),
          "draft[strategy]": "rollover",
          "draft[timeout]": "30",
          overwrite: "false",
        },
        headers: { "x-console-request": "1" },
      });
      expect(saved.status()).toBe(200);
      await open(page, "/activity");
      await page.getByTestId("activity-entry").first().locator("summary").click();
      await check("/activity with an entry's fields open");

      const report = found.map((f) => `${f.where}: ${f.rule} (${f.impact}) ${f.help}\n    ${f.targets.join("\n    ")}`);
      expect(report, "accessibility findings").toEqual([]);
    });
  }
}
