import { test as base, expect, type Page } from "@playwright/test";

export { expect };

/** What a spec says it expects to go wrong, so that everything else fails it. */
export interface Expected {
  /** An uncaught error or `console.error` in the page that this spec provokes on purpose. */
  pageError(pattern: RegExp): void;
  /** An answer with an error status that this spec provokes on purpose: the browser logs each
   * such answer as a console error ("Failed to load resource"). */
  refusal(status: number, path: string): void;
  /** An error-level line the server logs because of this spec (read after the run by
   * end2end/server-log.js from the report's annotations). */
  serverError(pattern: RegExp): void;
  /** Watches a page of a context the spec made itself (the default context's pages are watched
   * already). */
  watch(page: Page): void;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The annotation by which a spec declares a server error it expects. */
export const SERVER_ERROR_ANNOTATION = "expected-server-error";

/** Every spec fails on a page error (a WASM panic among them) or a console error that it has
 * not declared: a failure a user would see is a failure of the suite. */
export const test = base.extend<{ expected: Expected }>({
  expected: [
    async ({ context }, use, testInfo) => {
      const seen: string[] = [];
      const allowed: RegExp[] = [];
      const watch = (page: Page) => {
        page.on("pageerror", (err) => seen.push(`page error on ${page.url()}: ${err.stack ?? err.message}`));
        page.on("console", (msg) => {
          if (msg.type() !== "error") return;
          const at = msg.location();
          seen.push(`console.error on ${page.url()}: ${msg.text()}${at.url ? ` (${at.url}:${at.lineNumber})` : ""}`);
        });
      };
      context.pages().forEach(watch);
      context.on("page", watch);
      await use({
        pageError: (pattern) => allowed.push(pattern),
        refusal: (status, path) =>
          allowed.push(new RegExp(`Failed to load resource: the server responded with a status of ${status} .*${escapeRegExp(path)}`)),
        serverError: (pattern) =>
          testInfo.annotations.push({ type: SERVER_ERROR_ANNOTATION, description: pattern.source }),
        watch,
      });
      const unexpected = seen.filter((line) => !allowed.some((pattern) => pattern.test(line)));
      expect(unexpected, "errors in the browser that this spec did not declare").toEqual([]);
    },
    { auto: true },
  ],
});
