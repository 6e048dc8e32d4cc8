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

/** The embedded simulator: on a loopback listener of its own, its knobs behind a secret
 * (both chosen by scripts/e2e). */
const SIM_URL = process.env.SIM_URL ?? "http://127.0.0.1:3101";
const SIM_HEADERS = { "x-sim-secret": process.env.SIM_SECRET ?? "" };

/** Sets the embedded simulator's fault knobs; `{}` clears them. */
export async function setFaults(request: APIRequestContext, faults: Record<string, unknown>) {
  const res = await request.put(`${SIM_URL}/_sim/faults`, { data: faults, headers: SIM_HEADERS });
  expect(res.ok()).toBeTruthy();
}

export async function expireTokens(request: APIRequestContext) {
  const res = await request.post(`${SIM_URL}/_sim/expire-tokens`, { headers: SIM_HEADERS });
  expect(res.ok()).toBeTruthy();
}
