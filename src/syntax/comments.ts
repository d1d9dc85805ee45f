/**
 * Comments for the printer. The AST keeps comments in one list with their
 * spans; the printer takes them from this queue, in source order, as it
 * reaches the node they were next to: comment lines above a node print above
 * it, a comment at the end of a node's last line prints after it. A comment
 * inside an expression printed on one line moves below that line. None is
 * ever dropped: whatever is left prints at the end.
 */
import type { Comment } from "../ast/nodes.js";

/** Indentation for a nesting depth (tabs, as `opa fmt`). */
export function indent(depth: number): string {
  return "\t".repeat(depth);
}

function show(c: Comment): string {
  return `#${c.text.trimEnd()}`;
}

/** The comments of a module, taken in order as the printer goes. */
export class CommentQueue {
  private readonly pending: Comment[];
  private next = 0;

  constructor(comments: readonly Comment[]) {
    this.pending = [...comments].sort((a, b) => a.span.start - b.span.start);
  }

  /**
   * Comment lines that precede `offset`, each on its own line at `depth`, ending with a newline.
   * With `keepGap`, a blank line in the source between the last comment and `line` is kept.
   */
  leading(offset: number, depth: number, line?: number, keepGap = false): string {
    let out = "";
    let last: Comment | undefined;
    while (this.next < this.pending.length && this.pending[this.next]!.span.start < offset) {
      last = this.pending[this.next++]!;
      out += `${indent(depth)}${show(last)}\n`;
    }
    if (last && keepGap && line !== undefined && last.span.line < line - 1) out += "\n";
    return out;
  }

  /** A comment on source line `line` (which the printer has just finished), as ` # text`, or "". */
  trailing(line: number): string {
    const c = this.pending[this.next];
    if (!c || c.span.line !== line) return "";
    this.next++;
    return ` ${show(c)}`;
  }

  /** Every comment not printed yet, one a line. */
  rest(depth = 0): string {
    return this.leading(Number.POSITIVE_INFINITY, depth);
  }

  /** True when some comment is still to print. */
  get hasPending(): boolean {
    return this.next < this.pending.length;
  }
}
