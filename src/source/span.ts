/**
 * Source positions. Every AST node and every diagnostic carries a `Span`;
 * spans never take part in equality (compare ASTs with `stripSpans`).
 */

/** A half-open range `[start, end)` of UTF-16 offsets in one source file, with 1-based line/column of both ends. */
export interface Span {
  readonly file: string;
  readonly start: number;
  readonly end: number;
  readonly line: number;
  readonly col: number;
  readonly endLine: number;
  readonly endCol: number;
}

/** A point in a file, as users see it (`file:line:col`, 1-based). */
export interface Location {
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

/** The smallest span covering both `a` and `b` (which must be in the same file). */
export function joinSpans(a: Span, b: Span): Span {
  const first = a.start <= b.start ? a : b;
  const last = a.end >= b.end ? a : b;
  return {
    file: a.file,
    start: first.start,
    end: last.end,
    line: first.line,
    col: first.col,
    endLine: last.endLine,
    endCol: last.endCol,
  };
}

/** The start of a span as a `Location`. */
export function spanLocation(span: Span): Location {
  return { file: span.file, line: span.line, col: span.col };
}

/** `file:line:col` for a span or location. */
export function formatLocation(loc: Location): string {
  return `${loc.file}:${loc.line}:${loc.col}`;
}

/** A span for things that have no place in a source file (built-in defaults, generated nodes). */
export const NO_SPAN: Span = Object.freeze({ file: "<none>", start: 0, end: 0, line: 0, col: 0, endLine: 0, endCol: 0 });
