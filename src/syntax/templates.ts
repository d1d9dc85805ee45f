/**
 * The expressions inside string templates (`$"… {expr} …"`), parsed before
 * the text around them: the parser builds the AST as it goes and cannot stop
 * in the middle of a module to parse a template's expression, so every
 * template's expressions, at every nesting level (innermost first), are
 * parsed up front, and the builder of a template takes their ASTs from here.
 * Their diagnostics are reported only where a template is built, as if it
 * had parsed them itself.
 */
import type { SourceFile } from "../source/source-file.js";
import { BuildContext, type Fragment, type FragmentTable } from "./build-context.js";
import { lex, type Token } from "./lex.js";
import { dropEchoes, runParser } from "./run-parser.js";
import { MAX_TEMPLATE_NESTING } from "./template-scan.js";

/**
 * Parse the expressions of `templates` (template tokens at nesting level
 * `level`: 0 for the text itself), nested ones first, into `out` by start
 * offset. Ids come from `counter`, the parse's.
 */
function parseAll(file: SourceFile, templates: readonly Token[], level: number, counter: { next: number }, out: Map<number, Fragment>): void {
  for (const t of templates) {
    for (const part of t.templateParts ?? []) {
      if (typeof part === "string") continue;
      // Template expressions are read as v1: templates are a v1 feature.
      const lexed = lex(file, { regoVersion: 1, offset: part.start, text: file.text.slice(part.start, part.end) });
      parseAll(file, lexed.templates, level + 1, counter, out);
      if (lexed.tokens.length === 0) {
        out.set(part.start, { diagnostics: lexed.diagnostics, empty: true, built: [] });
        continue;
      }
      // A template at `level` is built with `MAX_TEMPLATE_NESTING - level` levels left; its expressions with one less.
      const ctx = new BuildContext(file, 1, out, MAX_TEMPLATE_NESTING - level - 1, counter);
      const run = runParser(file, lexed.tokens, 1, "templateExpr", ctx);
      const diagnostics = [...lexed.diagnostics, ...dropEchoes(lexed.diagnostics, run.diagnostics)];
      out.set(part.start, run.value !== undefined ? { diagnostics, empty: false, expr: run.value, built: ctx.diagnostics } : { diagnostics, empty: false, built: [] });
    }
  }
}

/** Parse the expressions of `templates` (the template tokens of a whole text) now, with ids from `counter`. */
export function templateFragments(file: SourceFile, templates: readonly Token[], counter: { next: number }): FragmentTable {
  const fragments = new Map<number, Fragment>();
  parseAll(file, templates, 0, counter, fragments);
  return fragments;
}
