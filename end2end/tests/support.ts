import { expect, type Locator, type Page, type APIRequestContext } from "@playwright/test";
import { BASE_URL } from "../playwright.config";

export const DEMO_KEY = "demo";

/** Waits until the WASM has hydrated the page, so clicks reach Rust handlers. */
export async function hydrated(page: Page) {
  await expect(page.locator("body[data-hydrated=true]")).toHaveCount(1);
}

/** A name no earlier run used. */
export const unique = (what: string) => `${what} ${Date.now().toString(36)}`;

/** Where the console announces the outcome of an action. */
export const toast = (page: Page) => page.getByRole("status", { name: "Thông báo" });

/** The name the specs log in with (the console records it with every change). */
export const ADMIN_NAME = "Quản trị viên Thử";

/** Logs in through the form and waits for the server's answer, so that a navigation the spec
 * makes next cannot cut the login short (the soak once started with no session for it). */
export async function logIn(page: Page, key = DEMO_KEY, person = ADMIN_NAME) {
  await page.goto("/login");
  await hydrated(page);
  await page.locator("#person").fill(person);
  await page.getByLabel("API key").fill(key);
  const answered = page.waitForResponse((res) => new URL(res.url()).pathname === "/api/log_in");
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await answered;
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

/** Calls the embedded simulator's call-center API as another admin of the demo tenant would,
 * e.g. to change a group behind the console's back. */
export async function simCall(
  request: APIRequestContext,
  method: "GET" | "POST" | "DELETE",
  path: string,
  body?: unknown,
) {
  const auth = await request.get(`${SIM_URL}/api/auth?apiKey=${DEMO_KEY}`);
  const token = (await auth.json()).payload.access_token as string;
  const res = await request.fetch(`${SIM_URL}/api/call_center/${path}`, {
    method,
    data: body,
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(res.ok()).toBeTruthy();
  const answer = await res.json();
  expect(answer.status_code, JSON.stringify(answer)).toBe(9999);
  return answer.payload;
}

/** Chooses from the keyboard in a search picker: types part of a name, waits until the first
 * option is `wanted`, and takes it with Enter. */
export async function pick(page: Page, field: Locator, typed: string, wanted: string | RegExp) {
  await field.focus();
  await field.pressSequentially(typed);
  const list = page.locator(`#${await field.getAttribute("aria-controls")}`);
  await expect(list.getByRole("option").first()).toHaveText(wanted);
  await page.keyboard.press("Enter");
}
