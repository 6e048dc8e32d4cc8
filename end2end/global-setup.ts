import { BASE_URL } from "./playwright.config";

// The consoles are started beside the specs; wait for each to answer (the second instance of
// the shared-store journey too, when there is one).
export default async function globalSetup() {
  const consoles = [BASE_URL, process.env.CONSOLE_B_URL].filter((url): url is string => !!url);
  for (const base of consoles) {
    const deadline = Date.now() + 180_000;
    let last = "";
    for (;;) {
      try {
        const res = await fetch(`${base}/login`);
        if (res.ok) break;
        last = `HTTP ${res.status}`;
      } catch (err) {
        last = String(err);
      }
      if (Date.now() > deadline) throw new Error(`the console did not start at ${base}: ${last}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}
