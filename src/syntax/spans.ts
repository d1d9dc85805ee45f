/**
 * Spans for the AST builders, cheaply. `SourceFile.span` answers any offset
 * with two binary searches and two temporary objects; building asks for tens
 * of thousands of spans, nearly in source order and mostly within one line,
 * so this keeps a cursor on the last line it answered for and moves it from
 * there. The results are exactly `SourceFile.span`'s (a test compares them
 * for every offset).
 */
import type { SourceFile } from "../source/source-file.js";
import type { Span } from "../source/span.js";

/** Offsets at which each line starts, by the rules of `SourceFile`: `\n`, `\r\n` and a lone `\r` end a line. */
function lineStarts(text: string): number[] {
  const starts = [0];
  if (!text.includes("\r")) {
    // The usual case: only `\n`, found by the native search (a loop over every character is slow until V8 optimises it).
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
    return starts;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  return starts;
}

/** Line tables by file, so that template fragments and repeated parses of one file share one. */
const TABLES = new WeakMap<SourceFile, readonly number[]>();

/** Makes the spans of one file. */
export class SpanMaker {
  private readonly starts: readonly number[];
  private readonly length: number;
  private readonly name: string;
  /** Index of the line the cursor is on. */
  private line = 0;

  constructor(file: SourceFile) {
    let starts = TABLES.get(file);
    if (!starts) {
      starts = lineStarts(file.text);
      TABLES.set(file, starts);
    }
    this.starts = starts;
    this.length = file.text.length;
    this.name = file.name;
  }

  /** Move the cursor to the line holding `offset` (already clamped to the text). */
  private seek(offset: number): number {
    const starts = this.starts;
    let i = this.line;
    if (offset >= starts[i]!) {
      // Forward, usually by zero or one line.
      const last = starts.length - 1;
      let steps = 0;
      while (i < last && starts[i + 1]! <= offset) {
        i++;
        if (++steps === 8) return (this.line = this.search(offset, i, last));
      }
      return (this.line = i);
    }
    return (this.line = this.search(offset, 0, i - 1));
  }

  /** The index of the last line starting at or before `offset`, between `lo` and `hi`. */
  private search(offset: number, lo: number, hi: number): number {
    const starts = this.starts;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The span of `[start, end)`, equal to `file.span(start, end)`. */
  span(start: number, end: number): Span {
    const a = start < 0 ? 0 : start > this.length ? this.length : start;
    const b = end < 0 ? 0 : end > this.length ? this.length : end;
    const startLine = this.seek(a);
    const col = a - this.starts[startLine]! + 1;
    const endLine = this.seek(b);
    const endCol = b - this.starts[endLine]! + 1;
    return { file: this.name, start, end, line: startLine + 1, col, endLine: endLine + 1, endCol };
  }
}
