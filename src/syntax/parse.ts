/**
 * The parse pipeline: lex → template expressions → nesting guard → chevrotain
 * parse, which builds the AST as it goes. Diagnostics from every step are
 * collected and sorted; a value is returned only when there is no error.
 */
import type { Body, Expr, Module, Node, RegoVersion } from "../ast/nodes.js";
import { children } from "../ast/visit.js";
import { diagnostic, sortDiagnostics, type Diagnostic } from "../source/diagnostic.js";
import type { SourceFile } from "../source/source-file.js";
import { BuildContext } from "./build-context.js";
import { moduleNode } from "./build-module.js";
import { lex, type LexResult } from "./lex.js";
import { dropEchoes, runParser, TOO_DEEP_HELP } from "./run-parser.js";
import { MAX_TEMPLATE_NESTING } from "./template-scan.js";
import { templateFragments } from "./templates.js";

export { MAX_NESTING } from "./run-parser.js";

/** The outcome of a parse: `value` is present iff `diagnostics` holds no error. Diagnostics are sorted. */
export interface ParseResult<T> {
  readonly value?: T;
  readonly diagnostics: Diagnostic[];
}

/** Options of `parseModule` and `parseQuery`. */
export interface ParseOptions {
  /** 1 (default): Rego v1. 0: v0-compatible mode (a module importing `rego.v1` is still v1). */
  readonly regoVersion?: RegoVersion;
}

/** Deepest AST accepted (long operator chains nest the AST without nesting brackets). */
export const MAX_AST_DEPTH = 1000;

/**
 * The first node found deeper than `max` below `roots`, if any. Chains of
 * infix operators and `in` are built left-nested by loops, not by recursion,
 * so they are what can make an AST deeper than the parser's nesting guard
 * allows; this walk follows left spines with a loop, so it cannot overflow on
 * them itself, and its recursion is bounded by the nesting guard.
 */
function tooDeep(roots: readonly Node[], max: number, rootDepth: number): Node | undefined {
  let found: Node | undefined;
  const visit = (node: Node, depth: number): void => {
    let cur: Node | undefined = node;
    let d = depth;
    while (cur && !found) {
      if (d > max) {
        found = cur;
        return;
      }
      if (cur.kind === "binary") {
        visit(cur.right, d + 1);
        cur = cur.left;
      } else if (cur.kind === "in" && !cur.key) {
        visit(cur.collection, d + 1);
        cur = cur.value;
      } else {
        for (const c of children(cur)) visit(c, d + 1);
        return;
      }
      d++;
    }
  };
  for (const r of roots) visit(r, rootDepth);
  return found;
}

/**
 * A bound on how deep the AST below `node` can be, from the length of its
 * source text. Every node has a token of its own outside its children's text
 * (an operator, a keyword, a bracket, a name), except a statement over its
 * expression and a rule over its head: so going down two levels consumes at
 * least one character, and the height of a node is at most twice its length
 * plus two. (Template expressions are inside the template's own text.)
 */
function heightBound(node: Node): number {
  return 2 * (node.span.end - node.span.start) + 2;
}

function finish<T>(value: T | undefined, roots: readonly Node[], diagnostics: Diagnostic[], rootDepth = 1): ParseResult<T> {
  if (value !== undefined && !diagnostics.some((d) => d.severity === "error")) {
    // Only the roots whose text is long enough to be too deep are walked (written so that a NaN bound walks too).
    const suspects = roots.filter((r) => !(rootDepth - 1 + heightBound(r) <= MAX_AST_DEPTH));
    const deep = suspects.length > 0 ? tooDeep(suspects, MAX_AST_DEPTH, rootDepth) : undefined;
    if (deep) diagnostics.push(diagnostic("too_deep", `expression nested more than ${MAX_AST_DEPTH} levels deep`, deep.span, TOO_DEEP_HELP));
  }
  const sorted = sortDiagnostics(diagnostics);
  return sorted.some((d) => d.severity === "error") || value === undefined ? { diagnostics: sorted } : { value, diagnostics: sorted };
}

/** The build context of a whole text (not a template fragment), with its templates' expressions parsed. */
function contextFor(file: SourceFile, regoVersion: RegoVersion, templates: LexResult["templates"]): BuildContext {
  const counter = { next: 1 };
  return new BuildContext(file, regoVersion, templateFragments(file, templates, counter), MAX_TEMPLATE_NESTING, counter);
}

/** Parse a module. */
export function parseModuleText(file: SourceFile, options: ParseOptions = {}): ParseResult<Module> {
  const lexed = lex(file, { regoVersion: options.regoVersion ?? 1 });
  const ctx = contextFor(file, lexed.regoVersion, lexed.templates);
  const run = runParser(file, lexed.tokens, lexed.regoVersion, "module", ctx);
  const diagnostics = [...lexed.diagnostics, ...dropEchoes(lexed.diagnostics, run.diagnostics)];
  if (run.value === undefined) return finish<Module>(undefined, [], diagnostics);
  const module = moduleNode(ctx, run.value, lexed.comments);
  diagnostics.push(...ctx.diagnostics);
  // The module and its package and imports are shallow: only its rules can be deep (at depth 2).
  return finish(module, module.rules, diagnostics, 2);
}

/** Parse a query (statements separated by new lines or `;`). */
export function parseQueryText(file: SourceFile, options: ParseOptions = {}): ParseResult<Body> {
  const lexed = lex(file, { regoVersion: options.regoVersion ?? 1 });
  if (lexed.tokens.length === 0 && lexed.diagnostics.length === 0) {
    return { diagnostics: [diagnostic("empty_query", "empty query", file.span(0, file.text.length), "write an expression, e.g. `data.policy.allow`")] };
  }
  const ctx = contextFor(file, lexed.regoVersion, lexed.templates);
  const run = runParser(file, lexed.tokens, lexed.regoVersion, "queryDocument", ctx);
  const diagnostics = [...lexed.diagnostics, ...dropEchoes(lexed.diagnostics, run.diagnostics)];
  if (run.value === undefined) return finish<Body>(undefined, [], diagnostics);
  const body = run.value;
  diagnostics.push(...ctx.diagnostics);
  return finish(body, body, diagnostics);
}

/** Parse a single expression (used for template fragments and by tools that take an expression). */
export function parseExprText(file: SourceFile): ParseResult<Expr> {
  const lexed = lex(file, { regoVersion: 1 });
  const ctx = contextFor(file, 1, lexed.templates);
  const run = runParser(file, lexed.tokens, 1, "templateExpr", ctx);
  const diagnostics = [...lexed.diagnostics, ...dropEchoes(lexed.diagnostics, run.diagnostics)];
  if (run.value === undefined) return finish<Expr>(undefined, [], diagnostics);
  const expr = run.value;
  diagnostics.push(...ctx.diagnostics);
  return finish(expr, [expr], diagnostics);
}
