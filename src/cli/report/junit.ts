/**
 * `--format junit`: JUnit XML for CI dashboards. One `<testsuite>` per
 * records file, one `<testcase>` per record that has an `expect` (with a
 * `<failure>` when the effect differs), and one `<testcase>` with an
 * `<error>` per invalid record or unreadable file. A suite's counts are
 * attributes of its opening tag, so each file's test cases are held until
 * the file ends (memory: the XML of one file's cases with an `expect`).
 */
import type { SnapError } from "../../source/diagnostic.js";
import { formatLocation, spanLocation } from "../../source/span.js";
import type { InvalidRecord } from "../records/read.js";
import { describeReason, type Reporter } from "./reporter.js";
import type { DecidedItem, Mismatch } from "./tally.js";
import { xmlAttrs, xmlText } from "./xml.js";

/** The JUnit reporter. */
export class JunitReporter implements Reporter {
  readonly showsBaseline = false;
  private cases: string[] = [];
  private failures = 0;
  private errors = 0;

  start(): string {
    return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites${xmlAttrs({ name: "snapspace eval" })}>\n`;
  }

  fileStart(): string {
    this.cases = [];
    this.failures = 0;
    this.errors = 0;
    return "";
  }

  decided(item: DecidedItem, mismatch: Mismatch | undefined): string {
    if (item.expect === undefined) return "";
    const d = item.decision;
    const attrs = xmlAttrs({ name: `${d.proposal_id ?? "-"} ${item.tool} (line ${item.line})`, classname: item.file, file: item.file, line: item.line });
    if (!mismatch) {
      this.cases.push(`    <testcase${attrs}/>\n`);
      return "";
    }
    this.failures++;
    const body = [
      `expected ${mismatch.expected}, got ${mismatch.actual}`,
      ...d.reasons.map(describeReason),
      ...d.errors.map((e) => `error ${e.code}: ${e.message}${e.location ? ` (${e.location})` : ""}`),
    ].join("\n");
    this.cases.push(
      `    <testcase${attrs}>\n      <failure${xmlAttrs({ message: `expected ${mismatch.expected}, got ${mismatch.actual}`, type: "effect_mismatch" })}>${xmlText(body)}</failure>\n    </testcase>\n`,
    );
    return "";
  }

  invalid(item: InvalidRecord): string {
    this.errors++;
    const first = item.diagnostics[0];
    const body = item.diagnostics.map((d) => `${d.span ? formatLocation(spanLocation(d.span)) + ": " : ""}${d.message}`).join("\n");
    this.cases.push(
      `    <testcase${xmlAttrs({ name: `invalid record (line ${item.line})`, classname: item.file, file: item.file, line: item.line })}>\n      <error${xmlAttrs({ message: first?.message ?? "invalid record", type: first?.code ?? "invalid_record" })}>${xmlText(body)}</error>\n    </testcase>\n`,
    );
    return "";
  }

  fileError(file: string, error: SnapError): string {
    const testcase = `    <testcase${xmlAttrs({ name: "read the records file", classname: file, file })}>\n      <error${xmlAttrs({ message: error.message, type: error.code })}>${xmlText(error.help ?? error.message)}</error>\n    </testcase>\n`;
    return `  <testsuite${xmlAttrs({ name: file, tests: 1, failures: 0, errors: 1 })}>\n${testcase}  </testsuite>\n`;
  }

  fileEnd(file: string): string {
    const suite = `  <testsuite${xmlAttrs({ name: file, tests: this.cases.length, failures: this.failures, errors: this.errors })}>\n${this.cases.join("")}  </testsuite>\n`;
    this.cases = [];
    return suite;
  }

  end(): string {
    return "</testsuites>\n";
  }
}
