import type { Diagnostic } from "./diagnostic.js";
import type { SourceFile } from "./source-file.js";
import { formatLocation, spanLocation } from "./span.js";

/** Finds the text of a file by name, so the renderer can show the offending line. */
export type SourceLookup = (file: string) => SourceFile | undefined;

/** Options for `renderDiagnostic`. */
export interface RenderOptions {
  /** ANSI colour (only on a TTY). */
  readonly color?: boolean;
}

const ansi = {
  red: (s: string) => `\x1b[31m${s}\x1b[39m`,
  yellow: (s: string) => `\x1b[33m${s}\x1b[39m`,
  bold: (s: string) => `\x1b[1m${s}\x1b[22m`,
  dim: (s: string) => `\x1b[2m${s}\x1b[22m`,
  cyan: (s: string) => `\x1b[36m${s}\x1b[39m`,
};
const plain = { red: id, yellow: id, bold: id, dim: id, cyan: id };
function id(s: string): string {
  return s;
}

/**
 * Render a diagnostic for people:
 *
 * ```text
 * policies/pay.snap:3:7: error: expected `if` or `{` after the rule head, found `true` [missing_if]
 *   3 | allow true
 *     |       ^^^^
 *   help: write `allow if true`
 * ```
 */
export function renderDiagnostic(d: Diagnostic, lookup: SourceLookup, options: RenderOptions = {}): string {
  const c = options.color ? ansi : plain;
  const sev = d.severity === "error" ? c.red(c.bold("error")) : c.yellow(c.bold("warning"));
  const where = d.span ? `${formatLocation(spanLocation(d.span))}: ` : "";
  const lines = [`${c.bold(where)}${sev}: ${d.message} ${c.dim(`[${d.code}]`)}`];
  const src = d.span ? lookup(d.span.file) : undefined;
  if (d.span && src && d.span.line >= 1) {
    const text = src.lineText(d.span.line);
    const gutter = String(d.span.line);
    const pad = " ".repeat(gutter.length);
    const at = d.span.col - 1;
    const sameLine = d.span.endLine === d.span.line;
    const shown = lineWindow(text, at);
    // Tabs are kept in the caret line so the caret stays under the spot in any editor's tab width.
    const lead = (shown.from > 0 ? " " : "") + text.slice(shown.from, at).replace(/[^\t]/g, " ");
    const end = sameLine ? d.span.endCol - 1 : text.length;
    const width = Math.max(1, Math.min(end, shown.to) - at);
    lines.push(`  ${c.dim(gutter + " |")} ${shown.text}`);
    lines.push(`  ${c.dim(pad + " |")} ${lead}${c.red("^".repeat(width))}`);
  }
  if (d.help) lines.push(`  ${c.cyan("help")}: ${d.help}`);
  return lines.join("\n");
}

/** Lines longer than this are shown as a window around the spot: a minified or generated file can have a line of megabytes. */
export const MAX_SHOWN_COLUMNS = 160;
/** How much of a long line before the spot its window keeps. */
const CONTEXT_BEFORE = 60;

/** The part of `text` to show for a spot at index `at`: all of it when short, else a window marked with `…` where it is cut. */
function lineWindow(text: string, at: number): { readonly text: string; readonly from: number; readonly to: number } {
  if (text.length <= MAX_SHOWN_COLUMNS) return { text, from: 0, to: text.length };
  const from = Math.max(0, Math.min(at, text.length) - CONTEXT_BEFORE);
  const to = Math.min(text.length, from + MAX_SHOWN_COLUMNS);
  return { text: `${from > 0 ? "…" : ""}${text.slice(from, to)}${to < text.length ? "…" : ""}`, from, to };
}

/** Render several diagnostics, separated by blank lines. */
export function renderDiagnostics(ds: readonly Diagnostic[], lookup: SourceLookup, options: RenderOptions = {}): string {
  return ds.map((d) => renderDiagnostic(d, lookup, options)).join("\n\n");
}

/** A diagnostic as JSON for editors and CI (`--format json`). */
export function diagnosticToJson(d: Diagnostic): Record<string, unknown> {
  return {
    code: d.code,
    severity: d.severity,
    message: d.message,
    ...(d.span
      ? {
          location: { file: d.span.file, line: d.span.line, col: d.span.col },
          end: { line: d.span.endLine, col: d.span.endCol },
        }
      : {}),
    ...(d.help ? { help: d.help } : {}),
  };
}
