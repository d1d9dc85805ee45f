/**
 * The expressions inside string templates (`$"… {expr} …"`), parsed before
 * the text around them. A module is lowered rule by rule while the parser is
 * still busy with the rest of it (see `RegoParser.sink`), so lowering cannot
 * call the parser: every template's expressions, at every nesting level, are
 * parsed up front, and lowering takes their CSTs from here. Their diagnostics
 * are reported only where lowering reaches the template, as if it had parsed
 * them itself.
 */
import type { Expr } from "../ast/nodes.js";
import type { Diagnostic } from "../source/diagnostic.js";
import type { SourceFile } from "../source/source-file.js";
import type * as C from "./cst-types.js";
import { lex, type Token } from "./lex.js";
import type { FragmentParser } from "./lower-context.js";
import { lowerExprKV } from "./lower-expr.js";
import { dropEchoes, runParser } from "./run-parser.js";
import * as T from "./tokens.js";

/** One template expression: its lexical and syntax diagnostics, and its CST when it has no error. */
interface Fragment {
  readonly diagnostics: readonly Diagnostic[];
  readonly empty: boolean;
  readonly cst?: C.TemplateExprCstNode;
}

/** Parse the expressions of the templates among `tokens`, nested ones included, into `out` by start offset. */
function parseAll(file: SourceFile, tokens: readonly Token[], out: Map<number, Fragment>): void {
  for (const t of tokens) {
    if (t.tokenType !== T.Template) continue;
    for (const part of t.templateParts ?? []) {
      if (typeof part === "string") continue;
      // Template expressions are read as v1: templates are a v1 feature.
      const lexed = lex(file, { regoVersion: 1, offset: part.start, text: file.text.slice(part.start, part.end) });
      parseAll(file, lexed.tokens, out);
      if (lexed.tokens.length === 0) {
        out.set(part.start, { diagnostics: lexed.diagnostics, empty: true });
        continue;
      }
      const run = runParser(file, lexed.tokens, 1, "templateExpr");
      const diagnostics = [...lexed.diagnostics, ...dropEchoes(lexed.diagnostics, run.diagnostics)];
      const cst = run.diagnostics.length === 0 ? (run.cst as C.TemplateExprCstNode | undefined) : undefined;
      out.set(part.start, cst ? { diagnostics, empty: false, cst } : { diagnostics, empty: false });
    }
  }
}

/**
 * Parse the template expressions among `tokens` now, and return the
 * `FragmentParser` through which lowering gets them (without the parser).
 */
export function templateFragments(file: SourceFile, tokens: readonly Token[]): FragmentParser {
  const fragments = new Map<number, Fragment>();
  parseAll(file, tokens, fragments);
  return (ctx, start, end): Expr | undefined => {
    const fragment = fragments.get(start);
    // INVARIANT: every template lowering meets came from a token of `tokens` or of a fragment parsed above.
    if (!fragment) throw new Error(`internal error: template expression at offset ${start} was not parsed`);
    ctx.diagnostics.push(...fragment.diagnostics);
    if (fragment.empty) {
      ctx.error("unexpected_token", "empty expression in a string template", ctx.file.span(start - 1, end + 1), "write an expression between the braces, or escape the brace as `\\{`");
      return undefined;
    }
    return fragment.cst ? lowerExprKV(ctx, fragment.cst.children.exprKV[0]!) : undefined;
  };
}
