/**
 * From file text to records: decides what a document holds (one
 * conversation, several, τ-bench runs; a JSON document or JSON Lines), runs
 * the importer on each part and turns the issues' paths into diagnostics
 * with `file:line:col`. Pure: text in, records and diagnostics out; reading
 * and streaming files is the CLI's business.
 */
import { diagnostic, type Diagnostic } from "../source/diagnostic.js";
import { SourceFile } from "../source/source-file.js";
import type { Span } from "../source/span.js";
import { parseJson } from "../value/json.js";
import { locateJsonPath, type JsonPath, type TextRange } from "./json-locate.js";
import { importConversation } from "./openai-chat.js";
import { field, isJsonRecord, type ConversationImport, type ImportIssue, type ImportSettings, type ImportedRecord } from "./record.js";
import { importTauBenchRun } from "./tau-bench.js";

/** The trace formats `snapspace import` reads. */
export const IMPORT_FORMATS = ["openai-chat", "tau-bench"] as const;

/** A trace format. */
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** `proposal.agent` of openai-chat records unless `--agent` says otherwise: the role that made the calls. */
export const OPENAI_CHAT_AGENT = "assistant";

/** Records and located diagnostics from one document or line. */
export interface ImportOutput {
  readonly records: ImportedRecord[];
  readonly diagnostics: Diagnostic[];
}

/**
 * Import a whole document: JSON (a conversation, an array of conversations,
 * τ-bench runs) or, when the text is not one JSON value, JSON Lines.
 */
export function importDocument(format: ImportFormat, text: string, file: string, settings: ImportSettings = {}): ImportOutput {
  let doc: unknown;
  try {
    doc = parseJson(text);
  } catch (e) {
    // JSON Lines when the first line is a JSON value by itself; else one broken JSON document.
    const lines = text.split("\n");
    const first = lines.find((l) => l.trim() !== "");
    if (first !== undefined && first.trim() !== text.trim() && isJsonText(first)) return importLines(format, lines, file, settings);
    const source = new SourceFile(file, text);
    return { records: [], diagnostics: [malformedJson(e, text, (r) => source.span(r.start, r.end))] };
  }
  const source = new SourceFile(file, text);
  const parts = importParsed(format, doc, settings.session ?? file, settings);
  const diagnostics = parts.issues.map((issue) => toDiagnostic(issue, locateJsonPath(text, issue.path), (r) => source.span(r.start, r.end)));
  return { records: parts.records, diagnostics };
}

/**
 * Import one line of a JSON Lines file (one conversation or one τ-bench run).
 * `lineOffset` is where the line starts in its file, for diagnostic offsets.
 */
export function importLine(
  format: ImportFormat,
  line: string,
  lineNumber: number,
  file: string,
  settings: ImportSettings = {},
  lineOffset = 0,
): ImportOutput {
  if (line.trim() === "") return { records: [], diagnostics: [] };
  const spanOf = (r: TextRange): Span => ({
    file,
    start: lineOffset + r.start,
    end: lineOffset + r.end,
    line: lineNumber,
    col: r.start + 1,
    endLine: lineNumber,
    endCol: r.end + 1,
  });
  let doc: unknown;
  try {
    doc = parseJson(line);
  } catch (e) {
    return { records: [], diagnostics: [malformedJson(e, line, spanOf)] };
  }
  const base = `${settings.session ?? file}:${lineNumber}`;
  const parts =
    format === "tau-bench" ? importTauBenchRun(doc, settings) : importOneConversation(doc, base, settings, []);
  const diagnostics = parts.issues.map((issue) => toDiagnostic(issue, locateJsonPath(line, issue.path), spanOf));
  return { records: parts.records, diagnostics };
}

function importLines(format: ImportFormat, lines: readonly string[], file: string, settings: ImportSettings): ImportOutput {
  const records: ImportedRecord[] = [];
  const diagnostics: Diagnostic[] = [];
  let offset = 0;
  lines.forEach((raw, i) => {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    const out = importLine(format, line, i + 1, file, settings, offset);
    records.push(...out.records);
    diagnostics.push(...out.diagnostics);
    offset += raw.length + 1;
  });
  return { records, diagnostics };
}

function importParsed(format: ImportFormat, doc: unknown, base: string, settings: ImportSettings): ConversationImport {
  if (format === "tau-bench") {
    if (!Array.isArray(doc)) return importTauBenchRun(doc, settings);
    return concat(doc.map((run, i) => importTauBenchRun(run, settings, [i])));
  }
  if (Array.isArray(doc) && doc.length > 0 && doc.every(isConversation)) {
    return concat(doc.map((c, i) => importOneConversation(c, `${base}[${i}]`, settings, [i])));
  }
  return importOneConversation(doc, base, settings, []);
}

/** A conversation is an array of messages or an object with `messages` (and no `role`). */
function isConversation(x: unknown): boolean {
  return Array.isArray(x) || (isJsonRecord(x) && field(x, "messages") !== undefined && field(x, "role") === undefined);
}

function importOneConversation(doc: unknown, session: string, settings: ImportSettings, path: JsonPath): ConversationImport {
  const withMessages = isJsonRecord(doc) && field(doc, "messages") !== undefined;
  return importConversation(withMessages ? field(doc, "messages") : doc, {
    session,
    agent: settings.agent ?? OPENAI_CHAT_AGENT,
    ...(settings.now !== undefined ? { now: settings.now } : {}),
    path: withMessages ? [...path, "messages"] : path,
  });
}

function concat(parts: readonly ConversationImport[]): ConversationImport {
  return { records: parts.flatMap((p) => p.records), issues: parts.flatMap((p) => p.issues) };
}

function toDiagnostic(issue: ImportIssue, range: TextRange | undefined, spanOf: (r: TextRange) => Span): Diagnostic {
  return { ...diagnostic(issue.code, issue.message, range ? spanOf(range) : undefined, issue.help), severity: issue.severity };
}

function malformedJson(e: unknown, text: string, spanOf: (r: TextRange) => Span): Diagnostic {
  const why = e instanceof Error ? e.message : String(e);
  const at = jsonErrorOffset(e, text);
  const span = spanOf({ start: at, end: Math.min(text.length, at + 1) });
  return diagnostic("malformed_json", `not valid JSON: ${why.charAt(0).toLowerCase()}${why.slice(1)}`, span, "fix the JSON, or give JSON Lines with one conversation a line");
}

function isJsonText(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Where `JSON.parse` gave up, from its message (`… at position 12`), else the end of the text. */
function jsonErrorOffset(e: unknown, text: string): number {
  const m = e instanceof Error ? /position (\d+)/.exec(e.message) : null;
  return m ? Math.min(Number(m[1]), text.length) : text.length;
}
