// Prints `N passed, N failed` from vitest's JSON report (the line CI reads).
// A suite that failed to load counts as one failure, so a broken import cannot pass silently.
import { readFileSync } from "node:fs";

const file = process.argv[2];
let report;
try {
  report = JSON.parse(readFileSync(file, "utf8"));
} catch (e) {
  console.log(`could not read the test report ${file}: ${e.message}`);
  console.log("0 passed, 1 failed");
  process.exit(1);
}
const passed = report.numPassedTests ?? 0;
let failed = report.numFailedTests ?? 0;
for (const suite of report.testResults ?? []) {
  if (suite.status === "failed" && (suite.assertionResults ?? []).length === 0) failed += 1;
}
console.log(`${passed} passed, ${failed} failed`);
