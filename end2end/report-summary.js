// Reads Playwright's JSON report and says how the specs ended; lists each failure with its first
// error lines. Exits non-zero unless specs ran and none failed or was flaky.
const fs = require("fs");

const path = process.argv[2];
let report;
try {
  report = JSON.parse(fs.readFileSync(path, "utf8"));
} catch (err) {
  console.error(`browser specs: no report at ${path} (${err.message})`);
  process.exit(1);
}

const failures = [];
function walk(suite, trail) {
  const here = suite.title ? [...trail, suite.title] : trail;
  for (const spec of suite.specs ?? []) {
    for (const test of spec.tests ?? []) {
      if (test.status === "expected" || test.status === "skipped") continue;
      const last = (test.results ?? []).at(-1) ?? {};
      const message = (last.error?.message ?? last.status ?? "no result")
        .replace(/\u001b\[[0-9;]*m/g, "")
        .split("\n")
        .slice(0, 12)
        .join("\n    ");
      failures.push(`${[...here, spec.title].join(" › ")} (${spec.file}:${spec.line})\n    ${message}`);
    }
  }
  for (const child of suite.suites ?? []) walk(child, here);
}
for (const suite of report.suites ?? []) walk(suite, []);

const stats = report.stats;
const ran = stats.expected + stats.unexpected + stats.flaky;
for (const failure of failures) console.error(`FAILED ${failure}`);
if (ran === 0 || stats.unexpected > 0 || stats.flaky > 0) {
  console.error(`browser specs: ${stats.expected} passed, ${stats.unexpected} failed, ${stats.flaky} flaky`);
  process.exit(1);
}
console.log(`browser specs: all ${stats.expected} passed`);
