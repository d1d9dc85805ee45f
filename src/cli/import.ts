/**
 * `snapspace import FORMAT FILE… [-o RECORDS.jsonl]`: recorded agent traces
 * in, recorded sessions out (DESIGN.md §4). A thin layer over `src/import/`:
 * it reads files (streaming JSON Lines a line at a time), writes records as
 * they come, and prints the importers' diagnostics. Any error diagnostic
 * makes the exit code 2, but every record that could be imported is written.
 */
import { createReadStream, createWriteStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { once } from "node:events";
import { createInterface } from "node:readline";
import type { Writable } from "node:stream";
import type { Command } from "commander";
import { isRfc3339 } from "../decision/schemas.js";
import { IMPORT_FORMATS, importDocument, importLine, type ImportFormat, type ImportOutput } from "../import/documents.js";
import type { ImportSettings } from "../import/record.js";
import { SnapError, diagnostic, type Diagnostic } from "../source/diagnostic.js";
import { renderDiagnostic } from "../source/render.js";
import { SourceFile } from "../source/source-file.js";
import { stringifyJson, type Json } from "../value/json.js";
import { EXIT } from "./exit-codes.js";
import { useColor } from "./terminal.js";

/** Options of `snapspace import`. */
interface ImportCommandOptions {
  readonly output?: string;
  readonly agent?: string;
  readonly now?: string;
  readonly session?: string;
}

/** Register `snapspace import` on the program. */
export function registerImport(program: Command): void {
  program
    .command("import")
    .description("convert recorded agent traces into recorded sessions (JSON Lines) for `snapspace eval --session`")
    .argument("<format>", `trace format: ${IMPORT_FORMATS.join(" | ")}`)
    .argument("<files...>", "trace files: JSON, or JSON Lines (.jsonl, .ndjson) with one conversation or run a line")
    .option("-o, --output <file>", "write the records to this file (default: standard output)")
    .option("--agent <name>", "`proposal.agent` of every record (default: `assistant`; τ-bench: `tau-bench-agent`)")
    .option("--now <time>", "`context.now` of every record, RFC 3339 (τ-bench default: 2024-05-15T15:00:00-05:00)")
    .option("--session <name>", "session name (default: the file, `FILE:LINE` for JSON Lines; τ-bench: replaces the `tau` prefix)")
    .action(async (format: string, files: string[], options: ImportCommandOptions) => {
      process.exitCode = await runImport(parseFormat(format), files, options);
    });
}

/** Run the import; resolves to the exit code. */
export async function runImport(format: ImportFormat, files: readonly string[], options: ImportCommandOptions): Promise<number> {
  const settings = settingsOf(options);
  const out = options.output === undefined ? process.stdout : await openOutput(options.output);
  const color = useColor(process.stderr);
  const tally = { records: 0, sessions: new Set<string>(), errors: 0, warnings: 0 };

  const emit = async (result: ImportOutput, lookup: (d: Diagnostic) => SourceFile | undefined): Promise<void> => {
    for (const record of result.records) {
      tally.records++;
      tally.sessions.add(record.proposal.session);
      // Records are built from parsed JSON and strings only; keys keep the record format's order.
      const line = stringifyJson(record as unknown as Json, { sortKeys: false });
      if (!out.write(line + "\n")) await once(out, "drain");
    }
    for (const d of result.diagnostics) {
      if (d.severity === "error") tally.errors++;
      else tally.warnings++;
      process.stderr.write(renderDiagnostic(d, () => lookup(d), { color }) + "\n");
    }
  };

  for (const file of files) {
    try {
      if (/\.(jsonl|ndjson)$/i.test(file)) await importStream(format, file, settings, emit);
      else {
        const text = await readFile(file, "utf8");
        const source = new SourceFile(file, text);
        await emit(importDocument(format, text, file, settings), (d) => (shortLine(source, d) ? source : undefined));
      }
    } catch (e) {
      await emit({ records: [], diagnostics: [unreadable(file, e)] }, () => undefined);
    }
  }

  if (out !== process.stdout) {
    out.end();
    await once(out, "finish");
    const problems = tally.errors + tally.warnings > 0 ? ` (${plural(tally.errors, "error")}, ${plural(tally.warnings, "warning")})` : "";
    process.stderr.write(
      `imported ${plural(tally.records, "record")} in ${plural(tally.sessions.size, "session")} from ${plural(files.length, "file")} to ${options.output}${problems}\n`,
    );
  }
  return tally.errors > 0 ? EXIT.error : EXIT.ok;
}

/** Import a JSON Lines file a line at a time, so memory stays flat however long it is. */
async function importStream(
  format: ImportFormat,
  file: string,
  settings: ImportSettings,
  emit: (r: ImportOutput, lookup: (d: Diagnostic) => SourceFile | undefined) => Promise<void>,
): Promise<void> {
  const lines = createInterface({ input: createReadStream(file, "utf8"), crlfDelay: Infinity });
  let lineNumber = 0;
  let offset = 0;
  for await (const line of lines) {
    lineNumber++;
    const result = importLine(format, line, lineNumber, file, settings, offset);
    // The renderer shows the offending line under its number; a padded source puts this line there.
    const lookup = (d: Diagnostic) => (line.length <= MAX_SHOWN_LINE && d.span ? new SourceFile(file, "\n".repeat(lineNumber - 1) + line) : undefined);
    await emit(result, lookup);
    // INVARIANT: offsets assume `\n` line ends; they only order diagnostics, lines and columns are exact.
    offset += line.length + 1;
  }
}

/** Source lines longer than this (a whole conversation on one line) are not echoed under a diagnostic. */
const MAX_SHOWN_LINE = 240;

function shortLine(source: SourceFile, d: Diagnostic): boolean {
  return d.span !== undefined && source.lineText(d.span.line).length <= MAX_SHOWN_LINE;
}

function parseFormat(format: string): ImportFormat {
  const known = IMPORT_FORMATS.find((f) => f === format);
  if (known) return known;
  const close = IMPORT_FORMATS.find((f) => f.startsWith(format.slice(0, 3).toLowerCase()));
  throw SnapError.of(
    "unknown_import_format",
    `unknown trace format \`${format}\``,
    undefined,
    close ? `did you mean \`${close}\`?` : `use one of ${IMPORT_FORMATS.map((f) => `\`${f}\``).join(", ")}`,
  );
}

function settingsOf(options: ImportCommandOptions): ImportSettings {
  if (options.now !== undefined && !isRfc3339(options.now)) {
    throw SnapError.of("invalid_now", `\`--now\` is not an RFC 3339 time: \`${options.now}\``, undefined, "write it like `2024-05-15T15:00:00-05:00` or `2026-01-02T10:00:00Z`");
  }
  for (const [flag, value] of [["--agent", options.agent], ["--session", options.session]] as const) {
    if (value !== undefined && value.trim() === "") throw SnapError.of("empty_option", `\`${flag}\` is empty`, undefined, `give \`${flag}\` a name`);
  }
  return {
    ...(options.agent !== undefined ? { agent: options.agent } : {}),
    ...(options.now !== undefined ? { now: options.now } : {}),
    ...(options.session !== undefined ? { session: options.session } : {}),
  };
}

async function openOutput(path: string): Promise<Writable> {
  const stream = createWriteStream(path);
  try {
    await once(stream, "open");
  } catch (e) {
    throw SnapError.of("unwritable_output", `cannot write \`${path}\`: ${e instanceof Error ? e.message : String(e)}`, undefined, "check that the folder exists and is writable");
  }
  return stream;
}

function unreadable(file: string, e: unknown): Diagnostic {
  const code = e && typeof e === "object" && "code" in e ? (e as { code: unknown }).code : undefined;
  if (code === "ENOENT") return diagnostic("file_not_found", `no such file \`${file}\``, undefined, "check the path, relative to the current folder");
  const why = e instanceof Error ? e.message : String(e);
  return diagnostic("unreadable_file", `cannot read \`${file}\`: ${why}`, undefined, "check that it is a readable file");
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
