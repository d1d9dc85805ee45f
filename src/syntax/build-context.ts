/**
 * State shared by the AST builders of one parse (`build-expr.ts`,
 * `build-module.ts`), which the parser calls as it recognises each rule: the
 * file (for spans), the id counter (ids are unique per parse), the module's
 * version, the template expressions parsed ahead, and the diagnostics found
 * while building.
 */
import type { IToken } from "chevrotain";
import type { Expr, RegoVersion } from "../ast/nodes.js";
import { diagnostic, type Diagnostic } from "../source/diagnostic.js";
import type { SourceFile } from "../source/source-file.js";
import type { Span } from "../source/span.js";
import { SpanMaker } from "./spans.js";

/**
 * One template expression (`{expr}` inside `$"…"`), parsed before the text
 * around it (see `templates.ts`): its lexical and syntax diagnostics, its AST
 * when it has no syntax error, and what building that AST reported. The
 * builder of the template reports these where it meets the template.
 */
export interface Fragment {
  readonly diagnostics: readonly Diagnostic[];
  /** Nothing between the braces. */
  readonly empty: boolean;
  readonly expr?: Expr;
  readonly built: readonly Diagnostic[];
}

/** Template expressions by their start offset in the file. */
export type FragmentTable = ReadonlyMap<number, Fragment>;

/** The builders' state for one parse. */
export class BuildContext {
  constructor(
    readonly file: SourceFile,
    readonly regoVersion: RegoVersion,
    readonly fragments: FragmentTable,
    /** How many more template levels may be built inside the text of this parse. */
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

  /** The span from the start of token `first` to the end of token `last`. */
  between(first: IToken, last: IToken): Span {
    return this.spans.span(first.startOffset, last.startOffset + last.image.length);
  }

  /** The span from the start of `a` to the end of `b` (no line lookup: both ends are known). */
  join(a: Span, b: Span): Span {
    return { file: a.file, start: a.start, end: b.end, line: a.line, col: a.col, endLine: b.endLine, endCol: b.endCol };
  }

  /** Record an error. */
  error(code: string, message: string, span: Span, help: string): void {
    this.diagnostics.push(diagnostic(code, message, span, help));
  }
}
