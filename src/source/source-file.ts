import type { Span } from "./span.js";

/** A named source text with a line table, so offsets turn into lines and columns cheaply. */
export class SourceFile {
  /** Offsets at which each line starts; `lineStarts[0] === 0`. */
  private readonly lineStarts: number[];

  constructor(
    readonly name: string,
    readonly text: string,
  ) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 /* \n */) starts.push(i + 1);
      else if (c === 13 /* \r */ && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
    }
    this.lineStarts = starts;
  }

  /** 1-based line and column of a UTF-16 offset (columns count code units, as editors and chevrotain do). */
  position(offset: number): { line: number; col: number } {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: clamped - this.lineStarts[lo]! + 1 };
  }

  /** The span of `[start, end)`. */
  span(start: number, end: number): Span {
    const a = this.position(start);
    const b = this.position(end);
    return { file: this.name, start, end, line: a.line, col: a.col, endLine: b.line, endCol: b.col };
  }

  /** The text of a 1-based line, without its line terminator. */
  lineText(line: number): string {
    const start = this.lineStarts[line - 1];
    if (start === undefined) return "";
    const next = this.lineStarts[line];
    let end = next === undefined ? this.text.length : next;
    while (end > start && (this.text[end - 1] === "\n" || this.text[end - 1] === "\r")) end--;
    return this.text.slice(start, end);
  }

  /** Number of lines in the file. */
  get lineCount(): number {
    return this.lineStarts.length;
  }
}
