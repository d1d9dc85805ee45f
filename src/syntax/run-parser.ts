/**
 * Running the parser over a token vector: the nesting guard, the fast parse
 * without recovery and, only when it finds an error, the parse with recovery
 * that reports every error; chevrotain's errors and the parser's notes as
 * diagnostics.
 */
import type { CstNode } from "chevrotain";
import type { RegoVersion } from "../ast/nodes.js";
import { diagnostic, sortDiagnostics, type Diagnostic } from "../source/diagnostic.js";
import type { SourceFile } from "../source/source-file.js";
import { toDiagnostic } from "./errors.js";
import type { Token } from "./lex.js";
import { TokenIndex } from "./lookahead.js";
import { recoveringParser, regoParser, type ItemSink, type ParserNote, type RegoParser } from "./parser.js";

/**
 * Deepest bracket (and prefix-minus) nesting accepted. Real policies nest a
 * handful of levels. The parser recurses through a dozen grammar rules per
 * level; on Node's default stack it overflows at about 130 nested `[`, so 64
 * leaves room for callers that are themselves deep in the stack.
 */
export const MAX_NESTING = 64;

export const TOO_DEEP_HELP = "split the expression into smaller parts, e.g. with helper variables or rules";

/** The grammar rules a parse starts from. */
export type EntryRule = "module" | "queryDocument" | "templateExpr";

/** A CST (absent when the input could not be parsed at all) and the syntax errors found. */
export interface ParserRun {
  readonly cst?: CstNode;
  readonly diagnostics: Diagnostic[];
}

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
 * (fast, stops at the first error), then, only when it found an error, again
 * with the recovering parser, which reports every error it can find. On
 * input without syntax errors both build the same CST. `sink` receives the
 * top-level nodes of a module as the fast parse finishes them (see
 * `RegoParser.sink`); what it made is to be thrown away when the run has
 * diagnostics.
 */
export function runParser(file: SourceFile, tokens: Token[], regoVersion: RegoVersion, rule: EntryRule, sink?: ItemSink): ParserRun {
  const index = new TokenIndex(tokens, MAX_NESTING);
  if (index.tooDeepAt) {
    const t = index.tooDeepAt;
    return {
      diagnostics: [
        diagnostic("too_deep", `expression nested more than ${MAX_NESTING} levels deep`, file.span(t.startOffset, t.startOffset + t.image.length), TOO_DEEP_HELP),
      ],
    };
  }
  const fast = parseWith(regoParser, file, tokens, index, regoVersion, rule, sink);
  if (regoParser.errors.length === 0) return fast;
  return parseWith(recoveringParser(), file, tokens, index, regoVersion, rule, undefined);
}

function parseWith(
  parser: RegoParser,
  file: SourceFile,
  tokens: Token[],
  index: TokenIndex,
  regoVersion: RegoVersion,
  rule: EntryRule,
  sink: ItemSink | undefined,
): ParserRun {
  parser.prepare(file, tokens, index, regoVersion, sink);
  let cst: CstNode;
  try {
    cst = parser[rule]();
  } catch (e) {
    // INVARIANT: the nesting guard keeps recursion far below the stack limit; this is the last line of defence.
    if (e instanceof RangeError) {
      return { diagnostics: [diagnostic("too_deep", "input nested too deeply to parse", file.span(0, 0), TOO_DEEP_HELP)] };
    }
    throw e;
  } finally {
    parser.sink = undefined;
  }
  const diagnostics = parser.errors.map((e) => toDiagnostic(e, file));
  diagnostics.push(...notesToDiagnostics(parser.notes, file));
  return { cst, diagnostics };
}
