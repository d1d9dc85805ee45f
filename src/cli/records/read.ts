/**
 * Reading recorded proposals (DESIGN.md §4): JSON Lines, one record a line,
 * streamed so that memory stays flat however long the file is; or a `.json`
 * file holding an array of records (read whole: such files are written by
 * hand or by tools, and JSON has no streaming form without a parser of its
 * own). A line that is not JSON or not a record is yielded as an `invalid`
 * item with a located diagnostic, and reading goes on with the next line.
 */
import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { formatIssue, validateRecord, type FieldIssue } from "../../decision/validate.js";
import type { RecordedProposal } from "../../decision/schemas.js";
import { locateJsonPath } from "../../import/json-locate.js";
import { SnapError, diagnostic, type Diagnostic } from "../../source/diagnostic.js";
import { discoverFiles } from "../../source/discover.js";
import { SourceFile } from "../../source/source-file.js";
import { parseJson } from "../../value/json.js";
import type { Value } from "../../value/types.js";
import { arrayElementOffsets } from "./json-array.js";

/** A valid record and where it was read. */
export interface ReadRecord {
  readonly kind: "record";
  readonly file: string;
  /** 1-based line where the record starts. */
  readonly line: number;
  readonly record: RecordedProposal & Value;
}

/** A line or element that is not a record, with what is wrong. */
export interface InvalidRecord {
  readonly kind: "invalid";
  readonly file: string;
  readonly line: number;
  /** Errors with spans in `file` (one per bad field). */
  readonly diagnostics: readonly Diagnostic[];
  /** A source that can show the offending line under a diagnostic. */
  readonly source?: SourceFile;
}

/** What reading a records file yields. */
export type RecordItem = ReadRecord | InvalidRecord;

/** File extensions taken from a folder given as a records path. */
export const RECORD_EXTENSIONS = [".jsonl", ".ndjson", ".json"] as const;

/** Records longer than this are not echoed under a diagnostic, nor searched for the field's column. */
const MAX_SHOWN_LINE = 2000;

/** Expand records paths (files, folders, `-` for standard input) into files, in order. Throws `SnapError` for a missing path. */
export async function recordFiles(paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    if (p === "-") out.push(p);
    else out.push(...(await discoverFiles([p], { extensions: RECORD_EXTENSIONS, kind: "records" })));
  }
  return out;
}

/**
 * The records of one file (`-`: JSON Lines on standard input), in order.
 * Throws `SnapError` (`file_not_found`, `unreadable_file`, `malformed_records_file`)
 * when the file as a whole cannot be read; per-record problems are items.
 */
export async function* readRecords(file: string, stdin: Readable = process.stdin): AsyncGenerator<RecordItem> {
  if (file === "-") {
    yield* readLines("<stdin>", stdin);
    return;
  }
  await checkReadable(file);
  if (file.toLowerCase().endsWith(".json")) yield* readArray(file, await readText(file));
  else yield* readLines(file, createReadStream(file, "utf8"));
}

async function* readLines(file: string, input: Readable): AsyncGenerator<RecordItem> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNumber = 0;
  try {
    for await (const raw of lines) {
      lineNumber++;
      const text = lineNumber === 1 ? raw.replace(/^\uFEFF/, "") : raw;
      if (text.trim() === "") continue;
      yield parseLineSafely(file, lineNumber, text);
    }
  } catch (e) {
    throw unreadable(file, e);
  }
}

/**
 * `parseLine`, with anything it throws (which would be a bug) reported as
 * that line's error: one bad line must never stop the lines after it.
 */
function parseLineSafely(file: string, line: number, text: string): RecordItem {
  try {
    return parseLine(file, line, text);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const span = { file, start: 0, end: 1, line, col: 1, endLine: line, endCol: 2 };
    return { kind: "invalid", file, line, diagnostics: [diagnostic("unreadable_record", `cannot check this record: ${message}`, span, "this is a bug in snapspace; please report it with the line")] };
  }
}

/** One JSON Lines record (exported for tests). */
export function parseLine(file: string, line: number, text: string): RecordItem {
  let value: Value;
  try {
    value = parseJson(text);
  } catch (e) {
    const col = errorColumn(e, text);
    const source = lineSource(file, line, text);
    const span = { file, start: col - 1, end: col, line, col, endLine: line, endCol: col + 1 };
    const why = e instanceof Error ? e.message.replace(/ in JSON at position \d+.*$/, "") : String(e);
    return {
      kind: "invalid",
      file,
      line,
      diagnostics: [diagnostic("malformed_record", `line is not JSON: ${lowerFirst(why)}`, span, "each line must be one JSON object: {\"proposal\": {...}, \"context\": {...}, \"expect\": \"allow\"}")],
      ...(source ? { source } : {}),
    };
  }
  const checked = validateRecord(value);
  if (checked.ok) return { kind: "record", file, line, record: checked.value };
  const source = lineSource(file, line, text);
  const diagnostics = checked.issues.map((issue) => invalidField(issue, file, line, text));
  return { kind: "invalid", file, line, diagnostics, ...(source ? { source } : {}) };
}

function* readArray(file: string, text: string): Generator<RecordItem> {
  const body = text.replace(/^\uFEFF/, "");
  const source = new SourceFile(file, body);
  let doc: Value;
  try {
    doc = parseJson(body);
  } catch (e) {
    const offset = errorOffset(e, body);
    const span = source.span(offset, Math.min(offset + 1, body.length));
    const why = e instanceof Error ? e.message.replace(/ in JSON at position \d+.*$/, "") : String(e);
    yield { kind: "invalid", file, line: span.line, diagnostics: [diagnostic("malformed_record", `file is not JSON: ${lowerFirst(why)}`, span, "a .json records file holds one JSON array of records")], source };
    return;
  }
  // A single record object is accepted as a file of one record.
  const records = Array.isArray(doc) ? (doc as readonly Value[]) : [doc];
  const offsets = Array.isArray(doc) ? arrayElementOffsets(body) : [body.search(/\S/)];
  for (let i = 0; i < records.length; i++) {
    const start = offsets[i] ?? 0;
    const line = source.position(start).line;
    const checked = validateRecord(records[i]);
    if (checked.ok) {
      yield { kind: "record", file, line, record: checked.value };
      continue;
    }
    const prefix = Array.isArray(doc) ? [i] : [];
    const diagnostics = checked.issues.map((issue) => {
      const range = locateJsonPath(body, [...prefix, ...issue.path]) ?? { start, end: start + 1 };
      return diagnostic("invalid_record", formatIssue(issue), source.span(range.start, Math.max(range.start + 1, Math.min(range.end, range.start + 80))), helpFor(issue));
    });
    yield { kind: "invalid", file, line, diagnostics, source };
  }
}

function invalidField(issue: FieldIssue, file: string, line: number, text: string): Diagnostic {
  // Columns point at the field's value when the line is short enough to search; else at the line's start.
  const range = text.length <= MAX_SHOWN_LINE ? locateJsonPath(text, issue.path) : undefined;
  const start = range?.start ?? 0;
  const end = range ? Math.max(start + 1, Math.min(range.end, start + 80)) : start + 1;
  return diagnostic("invalid_record", formatIssue(issue), { file, start, end, line, col: start + 1, endLine: line, endCol: end + 1 }, helpFor(issue));
}

function helpFor(issue: FieldIssue): string {
  if (issue.message.startsWith("unknown field")) return "remove the field or fix its spelling";
  if (issue.field === "expect") return "`expect` is one of `allow`, `deny`, `escalate`";
  return "a record is {\"proposal\": {\"id\", \"agent\", \"tool\", \"args\"...}, \"context\"?, \"result\"?, \"expect\"?} (see docs/schemas/record.schema.json)";
}

/** A source that shows `text` at `line` (the renderer asks a source for a line's text). */
function lineSource(file: string, line: number, text: string): SourceFile | undefined {
  if (text.length > MAX_SHOWN_LINE) return undefined;
  return new OneLineSource(file, line, text);
}

/** A source file of which only one line is known: enough to render diagnostics on it without keeping the file. */
class OneLineSource extends SourceFile {
  constructor(
    name: string,
    private readonly lineNumber: number,
    private readonly line: string,
  ) {
    super(name, line);
  }

  override lineText(line: number): string {
    return line === this.lineNumber ? this.line : "";
  }
}

function errorOffset(e: unknown, text: string): number {
  const m = e instanceof Error ? /position (\d+)|\(char (\d+)\)/.exec(e.message) : null;
  const n = m ? Number(m[1] ?? m[2]) : text.length;
  return Math.max(0, Math.min(n, text.length));
}

function errorColumn(e: unknown, text: string): number {
  return errorOffset(e, text) + 1;
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

async function checkReadable(file: string): Promise<void> {
  let st;
  try {
    st = await stat(file);
  } catch (e) {
    throw unreadable(file, e);
  }
  if (st.isDirectory()) throw SnapError.of("unreadable_file", `\`${file}\` is a folder`, undefined, "name the records files, or the folder as an argument of its own");
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (e) {
    throw unreadable(file, e);
  }
}

function unreadable(file: string, e: unknown): SnapError {
  if (e instanceof SnapError) return e;
  const code = e && typeof e === "object" && "code" in e ? (e as { code: unknown }).code : undefined;
  if (code === "ENOENT") return SnapError.of("file_not_found", `no such file \`${file}\``, undefined, "check the path, relative to the current folder");
  const why = e instanceof Error ? e.message : String(e);
  return SnapError.of("unreadable_file", `cannot read \`${file}\`: ${why}`, undefined, "check that it is a readable file");
}
