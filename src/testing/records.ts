/**
 * Recorded proposals for the mutating arbitraries: the JSON Lines (or JSON
 * array) files `snapspace eval` reads, loaded whole (fixtures are small).
 */
import { readFile } from "node:fs/promises";
import { formatIssue, validateRecord } from "../decision/validate.js";
import type { RecordedProposal } from "../decision/schemas.js";
import { SnapError } from "../source/diagnostic.js";
import { discoverFiles, displayPath } from "../source/discover.js";
import { parseJson } from "../value/json.js";

/**
 * The records of JSON Lines (`.jsonl`, `.ndjson`) and JSON array (`.json`)
 * files and folders of them, in order. Blank lines are skipped. Throws
 * `SnapError` `invalid_record` at the first line that is not a valid record
 * (with its file and line), `file_unreadable` for a file that cannot be read.
 *
 * @example
 * ```ts
 * const records = await readRecordsFile(["fixtures/sessions/"]);
 * const sessions = mutatedSessionsArb(records);
 * ```
 */
export async function readRecordsFile(paths: string | readonly string[]): Promise<RecordedProposal[]> {
  const files = await discoverFiles(typeof paths === "string" ? [paths] : paths, { extensions: [".jsonl", ".ndjson", ".json"], kind: "records" });
  const out: RecordedProposal[] = [];
  for (const file of files) {
    const shown = displayPath(file);
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (e) {
      throw SnapError.of("file_unreadable", `cannot read \`${shown}\`: ${e instanceof Error ? e.message : String(e)}`, undefined, "check that the file exists and is readable");
    }
    if (file.toLowerCase().endsWith(".json")) {
      const doc = parseRecordText(text, shown, 1);
      if (!Array.isArray(doc)) throw invalid(shown, 1, "a `.json` records file holds an array of records");
      doc.forEach((r) => out.push(checked(r, shown, 1)));
      continue;
    }
    text.split("\n").forEach((line, i) => {
      if (line.trim() === "") return;
      out.push(checked(parseRecordText(line, shown, i + 1), shown, i + 1));
    });
  }
  return out;
}

function parseRecordText(text: string, file: string, line: number): unknown {
  try {
    return parseJson(text);
  } catch (e) {
    throw invalid(file, line, `not JSON: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`);
  }
}

function checked(x: unknown, file: string, line: number): RecordedProposal {
  const v = validateRecord(x);
  if (!v.ok) throw invalid(file, line, v.issues.map(formatIssue).join("; "));
  return v.value;
}

function invalid(file: string, line: number, what: string): SnapError {
  return SnapError.of("invalid_record", `\`${file}:${line}\` is not a record: ${what}`, undefined, "each line is `{\"proposal\": {…}, \"context\": {…}}` (DESIGN.md §4); `snapspace eval` shows the field at fault");
}
