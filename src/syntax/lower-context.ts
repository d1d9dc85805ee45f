/**
 * State shared by the CST → AST lowering functions of one parse: the file
 * (for spans), the id counter (ids are unique per parse), the module's
 * version, and the diagnostics found while lowering.
 */
import type { CstNode, IToken } from "chevrotain";
import type { Expr, RegoVersion } from "../ast/nodes.js";
import { diagnostic, type Diagnostic } from "../source/diagnostic.js";
import type { SourceFile } from "../source/source-file.js";
import type { Span } from "../source/span.js";
import { SpanMaker } from "./spans.js";

/** Parses the expression of a template between two offsets of the file (injected to avoid an import cycle). */
export type FragmentParser = (ctx: LowerContext, start: number, end: number) => Expr | undefined;

/** One lowering pass. */
export class LowerContext {
  constructor(
    readonly file: SourceFile,
    readonly regoVersion: RegoVersion,
    readonly parseFragment: FragmentParser,
    /** How many more template levels may be parsed inside this one. */
    readonly templateBudget: number,
    private readonly counter = { next: 1 },
    readonly diagnostics: Diagnostic[] = [],
    private readonly spans = new SpanMaker(file),
  ) {}

  /** A fresh node id. */
  id(): number {
    return this.counter.next++;
  }

  /** The span of `[start, end)` in the file (as `file.span`, faster for nearby offsets). */
  span(start: number, end: number): Span {
    return this.spans.span(start, end);
  }

  /** The span of a token. */
  tokenSpan(t: IToken): Span {
    return this.spans.span(t.startOffset, t.startOffset + t.image.length);
  }

  /** The span of a CST node (from its first to its last token). */
  nodeSpan(n: CstNode): Span {
    const loc = n.location!;
    return this.spans.span(loc.startOffset, (loc.endOffset ?? loc.startOffset) + 1);
  }

  /** The span from the start of `a` to the end of `b` (no line lookup: both ends are known). */
  join(a: Span, b: Span): Span {
    return { file: a.file, start: a.start, end: b.end, line: a.line, col: a.col, endLine: b.endLine, endCol: b.endCol };
  }

  /** Record an error. */
  error(code: string, message: string, span: Span, help: string): void {
    this.diagnostics.push(diagnostic(code, message, span, help));
  }

  /** A context for a template fragment: the same ids and diagnostics, one level less of template budget. */
  nested(): LowerContext {
    return new LowerContext(this.file, this.regoVersion, this.parseFragment, this.templateBudget - 1, this.counter, this.diagnostics, this.spans);
  }
}
