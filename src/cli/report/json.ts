/**
 * `--format json`: one JSON document, `{"records": [...], "summary": {...}}`,
 * written as records are decided (the array is streamed, entry by entry).
 * An entry is `{file, line, expect?, decision, baseline?}` for a decided
 * record, `{file, line, errors: [{code, message, location}]}` for an invalid
 * one or an unreadable file (`line` 0). Entries and the summary are canonical JSON.
 */
import { canonicalJson } from "../../decision/canonical.js";
import type { Diagnostic, SnapError } from "../../source/diagnostic.js";
import { formatLocation, spanLocation } from "../../source/span.js";
import type { InvalidRecord } from "../records/read.js";
import type { Reporter } from "./reporter.js";
import type { DecidedItem, Tally } from "./tally.js";

/** The JSON reporter. */
export class JsonReporter implements Reporter {
  readonly showsBaseline = true;
  private first = true;

  start(): string {
    return '{"records":[';
  }

  fileStart(): string {
    return "";
  }

  decided(item: DecidedItem): string {
    return this.entry({
      file: item.file,
      line: item.line,
      ...(item.expect !== undefined ? { expect: item.expect } : {}),
      decision: item.decision,
      ...(item.baseline ? { baseline: item.baseline } : {}),
    });
  }

  invalid(item: InvalidRecord): string {
    return this.entry({ file: item.file, line: item.line, errors: item.diagnostics.map(errorJson) });
  }

  fileError(file: string, error: SnapError): string {
    return this.entry({ file, line: 0, errors: error.diagnostics.map(errorJson) });
  }

  fileEnd(): string {
    return "";
  }

  end(tally: Tally): string {
    return `${this.first ? "" : "\n"}],"summary":${canonicalJson(tally.toJson())}}\n`;
  }

  private entry(e: Record<string, unknown>): string {
    const sep = this.first ? "\n" : ",\n";
    this.first = false;
    return sep + canonicalJson(e);
  }
}

function errorJson(d: Diagnostic): Record<string, string> {
  return { code: d.code, message: d.message, ...(d.span ? { location: formatLocation(spanLocation(d.span)) } : {}) };
}
