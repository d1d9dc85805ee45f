/**
 * Running the parser over a token vector: the nesting guard, the fast parse
 * without recovery that builds the AST and, only when it finds an error, the
 * parse with recovery that reports every error; chevrotain's errors and the
 * parser's notes as diagnostics.
 */
import type { Expr, RegoVersion, Stmt } from "../ast/nodes.js";
import { diagnostic, sortDiagnostics, type Diagnostic } from "../source/diagnostic.js";
import type { SourceFile } from "../source/source-file.js";
import type { BuildContext } from "./build-context.js";
import type { ModuleParts } from "./build-module.js";
import { toDiagnostic } from "./errors.js";
import type { Token } from "./lex.js";
import { TokenIndex } from "./lookahead.js";
import { recoveringParser, regoParser, type ParserNote, type RegoParser } from "./parser.js";

/**
 * Deepest bracket (and prefix-minus) nesting accepted. Real policies nest a
 * handful of levels. The parser recurses through a dozen grammar rules per
 * level; on Node's default stack it overflows at about 130 nested `[`, so 64
 * leaves room for callers that are themselves deep in the stack.
 */
export const MAX_NESTING = 64;

export const TOO_DEEP_HELP = "split the expression into smaller parts, e.g. with helper variables or rules";

/** What each grammar rule a parse starts from builds. */
interface EntryResults {
  readonly module: ModuleParts;
  readonly queryDocument: Stmt[];
  readonly templateExpr: Expr;
}

/** The grammar rules a parse starts from. */
export type EntryRule = keyof EntryResults;

/** What the parse built (present only when there is no syntax error) and the syntax errors found. */
export interface ParserRun<T> {
  readonly value?: T;
  readonly diagnostics: Diagnostic[];
}

function notesToDiagnostics(notes: readonly ParserNote[], file: SourceFile): Diagnostic[] {
  return notes.map((n) =>
    diagnostic(
      "missing_if",
      "expected `if` before the rule body",
      file.span(n.token.startOffset, n.token.startOffset + n.token.image.length),
      "in Rego v1 a rule body follows `if`: write `if {`; for a partial set write `name contains x if {` (a Rego v0 file loads with `--v0-compatible`, or `regoVersion: 0` in the library)",
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

/** The syntax errors worth showing next to the lexical ones (see `DROPS_TOKENS`). */
export function dropEchoes(lexical: readonly Diagnostic[], syntax: readonly Diagnostic[]): Diagnostic[] {
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

/**
 * Run one entry rule over `tokens`: first with the parser without recovery
 * (fast, stops at the first error), which builds the AST with `builder`,
 * then, only when it found an error, again with the recovering parser, which
 * reports every error it can find and builds nothing. What `builder`
 * collected is to be thrown away when the run has diagnostics.
 */
export function runParser<R extends EntryRule>(file: SourceFile, tokens: Token[], regoVersion: RegoVersion, rule: R, builder: BuildContext): ParserRun<EntryResults[R]> {
  const index = new TokenIndex(tokens, MAX_NESTING);
  if (index.tooDeepAt) {
    const t = index.tooDeepAt;
    return {
      diagnostics: [
        diagnostic("too_deep", `expression nested more than ${MAX_NESTING} levels deep`, file.span(t.startOffset, t.startOffset + t.image.length), TOO_DEEP_HELP),
      ],
    };
  }
  const fast = parseWith<EntryResults[R]>(regoParser, file, tokens, index, regoVersion, rule, builder);
  if (regoParser.errors.length === 0) return fast;
  const recovered = parseWith<EntryResults[R]>(recoveringParser(), file, tokens, index, regoVersion, rule, undefined);
  return { diagnostics: recovered.diagnostics };
}

function parseWith<T>(
  parser: RegoParser,
  file: SourceFile,
  tokens: Token[],
  index: TokenIndex,
  regoVersion: RegoVersion,
  rule: EntryRule,
  builder: BuildContext | undefined,
): ParserRun<T> {
  parser.prepare(file, tokens, index, regoVersion, builder);
  let value: T;
  try {
    value = parser[rule]() as T;
  } catch (e) {
    // INVARIANT: the nesting guard keeps recursion far below the stack limit; this is the last line of defence.
    if (e instanceof RangeError) {
      return { diagnostics: [diagnostic("too_deep", "input nested too deeply to parse", file.span(0, 0), TOO_DEEP_HELP)] };
    }
    throw e;
  } finally {
    parser.release();
  }
  const diagnostics = parser.errors.map((e) => toDiagnostic(e, file));
  diagnostics.push(...notesToDiagnostics(parser.notes, file));
  return diagnostics.length === 0 ? { value, diagnostics } : { diagnostics };
}
