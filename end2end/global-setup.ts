import { BASE_URL } from "./playwright.config";

// cargo-leptos starts the server and the specs at the same time; wait for it to answer.
export default async function globalSetup() {
  const deadline = Date.now() + 180_000;
  let last = "";
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${BASE_URL}/login`);
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = String(err);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the console did not start at ${BASE_URL}: ${last}`);
}
