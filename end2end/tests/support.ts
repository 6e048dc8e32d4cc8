import { expect, type Page, type APIRequestContext } from "@playwright/test";
import { BASE_URL } from "../playwright.config";

export const DEMO_KEY = "demo";

/** Waits until the WASM has hydrated the page, so clicks reach Rust handlers. */
export async function hydrated(page: Page) {
  await expect(page.locator("body[data-hydrated=true]")).toHaveCount(1);
}

export async function logIn(page: Page, key = DEMO_KEY) {
  await page.goto("/login");
  await hydrated(page);
  await page.getByLabel("API key").fill(key);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
}

/** Sets the embedded simulator's fault knobs; `{}` clears them. */
export async function setFaults(request: APIRequestContext, faults: Record<string, unknown>) {
  const res = await request.put(`${BASE_URL}/sim/_sim/faults`, { data: faults });
  expect(res.ok()).toBeTruthy();
}

export async function expireTokens(request: APIRequestContext) {
  const res = await request.post(`${BASE_URL}/sim/_sim/expire-tokens`);
  expect(res.ok()).toBeTruthy();
}
