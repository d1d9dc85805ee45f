/**
 * The parse pipeline: lex → nesting guard → chevrotain parse (CST) → lowering
 * (AST). Diagnostics from every step are collected and sorted; a value is
 * returned only when there is no error.
 */
import type { CstNode, IToken } from "chevrotain";
import type { Body, Expr, Module, Node, RegoVersion } from "../ast/nodes.js";
import { children } from "../ast/visit.js";
import { diagnostic, sortDiagnostics, type Diagnostic } from "../source/diagnostic.js";
import type { SourceFile } from "../source/source-file.js";
import type * as C from "./cst-types.js";
import { toDiagnostic } from "./errors.js";
import { lex, type Token } from "./lex.js";
import { TokenIndex } from "./lookahead.js";
import { LowerContext, type FragmentParser } from "./lower-context.js";
import { lowerBody, lowerExprKV } from "./lower-expr.js";
import { lowerModule } from "./lower-module.js";
import { regoParser, type ParserNote } from "./parser.js";
import { MAX_TEMPLATE_NESTING } from "./template-scan.js";

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

/**
 * Deepest bracket (and prefix-minus) nesting accepted. Real policies nest a
 * handful of levels. The parser recurses through a dozen grammar rules per
 * level; on Node's default stack it overflows at about 130 nested `[`, so 64
 * leaves room for callers that are themselves deep in the stack.
 */
export const MAX_NESTING = 64;
/** Deepest AST accepted (long operator chains nest the AST without nesting brackets). */
export const MAX_AST_DEPTH = 1000;

const TOO_DEEP_HELP = "split the expression into smaller parts, e.g. with helper variables or rules";

type EntryRule = "module" | "queryDocument" | "templateExpr";

function notesToDiagnostics(notes: readonly ParserNote[], file: SourceFile): Diagnostic[] {
  return notes.map((n) =>
    diagnostic(
      "missing_if",
      "expected `if` before the rule body",
      file.span(n.token.startOffset, n.token.startOffset + n.token.image.length),
      "in Rego v1 a rule body follows `if`: write `if {`; for a partial set write `name contains x if {` (or read the file as Rego v0)",
    ),
  );
}

/**
 * After a syntax error, recovery often finds more "errors" on the same line
 * that are only echoes of the first (and a dropped character makes the parser
 * stumble right there). Keep one error per line, and none on a line where
 * the lexer had to drop characters.
 */
const DROPS_TOKENS = new Set(["unexpected_char", "unterminated_string", "too_deep"]);

function dropEchoes(lexical: readonly Diagnostic[], syntax: readonly Diagnostic[]): Diagnostic[] {
  const taken = new Set(lexical.filter((d) => DROPS_TOKENS.has(d.code)).map((d) => d.span?.line));
  const kept: Diagnostic[] = [];
  for (const d of sortDiagnostics(syntax)) {
    const line = d.span?.line;
    if (taken.has(line)) continue;
    taken.add(line);
    kept.push(d);
  }
  return kept;
}

/** Run one entry rule of the shared parser over `tokens`. */
function runParser(file: SourceFile, tokens: Token[], regoVersion: RegoVersion, rule: EntryRule): { cst?: CstNode; diagnostics: Diagnostic[] } {
  const index = new TokenIndex(tokens, MAX_NESTING);
  if (index.tooDeepAt) {
    const t = index.tooDeepAt;
    return {
      diagnostics: [
        diagnostic("too_deep", `expression nested more than ${MAX_NESTING} levels deep`, file.span(t.startOffset, t.startOffset + t.image.length), TOO_DEEP_HELP),
      ],
    };
  }
  regoParser.prepare(file, tokens, index, regoVersion);
  let cst: CstNode;
  try {
    cst = regoParser[rule]();
  } catch (e) {
    // INVARIANT: the nesting guard keeps recursion far below the stack limit; this is the last line of defence.
    if (e instanceof RangeError) {
      return { diagnostics: [diagnostic("too_deep", "input nested too deeply to parse", file.span(0, 0), TOO_DEEP_HELP)] };
    }
    throw e;
  }
  const diagnostics = regoParser.errors.map((e) => toDiagnostic(e, file));
  diagnostics.push(...notesToDiagnostics(regoParser.notes, file));
  return { cst, diagnostics };
}

const parseFragment: FragmentParser = (ctx, start, end) => {
  // Template expressions are read as v1: templates are a v1 feature.
  const lexed = lex(ctx.file, { regoVersion: 1, offset: start, text: ctx.file.text.slice(start, end) });
  ctx.diagnostics.push(...lexed.diagnostics);
  if (lexed.tokens.length === 0) {
    ctx.error("unexpected_token", "empty expression in a string template", ctx.file.span(start - 1, end + 1), "write an expression between the braces, or escape the brace as `\\{`");
    return undefined;
  }
  const run = runParser(ctx.file, lexed.tokens, 1, "templateExpr");
  ctx.diagnostics.push(...dropEchoes(lexed.diagnostics, run.diagnostics));
  if (run.diagnostics.length > 0 || !run.cst) return undefined;
  return lowerExprKV(ctx, (run.cst as C.TemplateExprCstNode).children.exprKV[0]!);
};

/**
 * The first node found deeper than `max` below `roots`, if any. Chains of
 * infix operators and `in` are built left-nested by loops, not by recursion,
 * so they are what can make an AST deeper than the parser's nesting guard
 * allows; this walk follows left spines with a loop, so it cannot overflow on
 * them itself, and its recursion is bounded by the nesting guard.
 */
function tooDeep(roots: readonly Node[], max: number): Node | undefined {
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
  for (const r of roots) visit(r, 1);
  return found;
}

function finish<T>(value: T | undefined, roots: readonly Node[], diagnostics: Diagnostic[]): ParseResult<T> {
  if (value !== undefined && !diagnostics.some((d) => d.severity === "error")) {
    const deep = tooDeep(roots, MAX_AST_DEPTH);
    if (deep) diagnostics.push(diagnostic("too_deep", `expression nested more than ${MAX_AST_DEPTH} levels deep`, deep.span, TOO_DEEP_HELP));
  }
  const sorted = sortDiagnostics(diagnostics);
  return sorted.some((d) => d.severity === "error") || value === undefined ? { diagnostics: sorted } : { value, diagnostics: sorted };
}

/** Parse a module. */
export function parseModuleText(file: SourceFile, options: ParseOptions = {}): ParseResult<Module> {
  const lexed = lex(file, { regoVersion: options.regoVersion ?? 1 });
  const run = runParser(file, lexed.tokens, lexed.regoVersion, "module");
  const diagnostics = [...lexed.diagnostics, ...dropEchoes(lexed.diagnostics, run.diagnostics)];
  if (!run.cst || run.diagnostics.length > 0) return finish<Module>(undefined, [], diagnostics);
  const ctx = new LowerContext(file, lexed.regoVersion, parseFragment, MAX_TEMPLATE_NESTING);
  const module = lowerModule(ctx, run.cst as C.ModuleCstNode, lexed.comments as IToken[]);
  diagnostics.push(...ctx.diagnostics);
  return finish(module, [module], diagnostics);
}

/** Parse a query (statements separated by new lines or `;`). */
export function parseQueryText(file: SourceFile, options: ParseOptions = {}): ParseResult<Body> {
  const lexed = lex(file, { regoVersion: options.regoVersion ?? 1 });
  if (lexed.tokens.length === 0 && lexed.diagnostics.length === 0) {
    return { diagnostics: [diagnostic("empty_query", "empty query", file.span(0, file.text.length), "write an expression, e.g. `data.policy.allow`")] };
  }
  const run = runParser(file, lexed.tokens, lexed.regoVersion, "queryDocument");
  const diagnostics = [...lexed.diagnostics, ...dropEchoes(lexed.diagnostics, run.diagnostics)];
  if (!run.cst || run.diagnostics.length > 0) return finish<Body>(undefined, [], diagnostics);
  const ctx = new LowerContext(file, lexed.regoVersion, parseFragment, MAX_TEMPLATE_NESTING);
  const query = (run.cst as C.QueryDocumentCstNode).children.query[0]!;
  const body = lowerBody(ctx, query, file.span(0, file.text.length), "query");
  diagnostics.push(...ctx.diagnostics);
  return finish(body, body, diagnostics);
}

/** Parse a single expression (used for template fragments and by tools that take an expression). */
export function parseExprText(file: SourceFile): ParseResult<Expr> {
  const lexed = lex(file, { regoVersion: 1 });
  const run = runParser(file, lexed.tokens, 1, "templateExpr");
  const diagnostics = [...lexed.diagnostics, ...dropEchoes(lexed.diagnostics, run.diagnostics)];
  if (!run.cst || run.diagnostics.length > 0) return finish<Expr>(undefined, [], diagnostics);
  const ctx = new LowerContext(file, 1, parseFragment, MAX_TEMPLATE_NESTING);
  const expr = lowerExprKV(ctx, (run.cst as C.TemplateExprCstNode).children.exprKV[0]!);
  diagnostics.push(...ctx.diagnostics);
  return finish(expr, [expr], diagnostics);
}
