// Reads the console's log after a browser run: any panic, and any error-level line that no spec
// declared (fixture.ts `expected.serverError`, kept in the JSON report's annotations), fails the
// run and is printed whole: a panic with its message, location and backtrace, up to the next line
// the logger wrote. Usage: node server-log.js [--panics-only] LOG... [--report REPORT.json]
// (--panics-only, for the bench: its aborted loads log errors on purpose).
const fs = require("fs");

const panicsOnly = process.argv.includes("--panics-only");
const args = process.argv.slice(2).filter((a) => a !== "--panics-only");
const reportAt = args.indexOf("--report");
const reportPath = reportAt >= 0 ? args[reportAt + 1] : undefined;
const logs = args.filter((_, i) => reportAt < 0 || (i !== reportAt && i !== reportAt + 1));

function declaredPatterns(path) {
  if (!path) return [];
  const report = JSON.parse(fs.readFileSync(path, "utf8"));
  const patterns = [];
  const walk = (suite) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        for (const note of test.annotations ?? []) {
          if (note.type === "expected-server-error") patterns.push(new RegExp(note.description));
        }
      }
    }
    (suite.suites ?? []).forEach(walk);
  };
  (report.suites ?? []).forEach(walk);
  return patterns;
}

// A line the logger wrote starts with its timestamp; anything else continues the entry before it
// (a panic's message and backtrace, printed by the standard library's hook).
const LOGGED = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/;
const ERROR_LINE = /^\S+\s+ERROR\s/;

/** The log as entries: a logger line, or a panic with every line that follows it. */
function entries(text) {
  const out = [];
  for (const line of text.split("\n")) {
    const last = out.at(-1);
    if (LOGGED.test(line) || line.includes(" panicked at ") || !last) out.push([line]);
    else last.push(line);
  }
  return out.map((lines) => lines.join("\n").trimEnd()).filter((e) => e.length > 0);
}

const allowed = declaredPatterns(reportPath);
const problems = [];
for (const log of logs) {
  for (const entry of entries(fs.readFileSync(log, "utf8"))) {
    const panic = entry.includes(" panicked at ");
    const error = !panicsOnly && ERROR_LINE.test(entry);
    if (panic || (error && !allowed.some((p) => p.test(entry)))) {
      problems.push(`${panic ? "PANIC" : "ERROR"} in ${log}:\n${entry}`);
    }
  }
}
for (const problem of problems) console.error(problem + "\n");
if (problems.length > 0) {
  console.error(`server log: ${problems.length} panic(s) or undeclared error line(s)`);
  process.exit(1);
}
console.log(`server log: no panic, no undeclared error (${allowed.length} declared pattern(s))`);
