/**
 * Parse errors for people. chevrotain calls the message provider with the
 * expected and actual tokens; we turn those into a code, a message that says
 * what was found and what was expected, and a help. chevrotain only carries a
 * message string from there to the exception, so the provider serialises the
 * three as JSON and `toDiagnostic` reads them back.
 */
import type { IParserErrorMessageProvider, IRecognitionException, IToken, TokenType } from "chevrotain";
import { EOF } from "./chevrotain.js";
import { diagnostic, type Diagnostic } from "../source/diagnostic.js";
import type { SourceFile } from "../source/source-file.js";
import type { Token } from "./lex.js";
import type { TokenIndex } from "./lookahead.js";
import * as T from "./tokens.js";

interface Detail {
  readonly code: string;
  readonly message: string;
  readonly help: string;
  /** Put the caret on the token before the offending one (e.g. the keyword in `every := 1`). */
  readonly atPrevious?: boolean;
}

/** Tokens that can start an expression: when several are expected, we say "an expression". */
const EXPRESSION_STARTS = new Set<TokenType>([
  T.Identifier, T.NumberLiteral, T.StringLiteral, T.RawString, T.Template, T.True, T.False, T.Null, T.LBrack, T.LBrace, T.LParen, T.Minus,
]);
const CLOSERS = new Set<TokenType>([T.RBrace, T.RBrack, T.RParen]);
const KEYWORDS = new Set<TokenType>(T.KEYWORD_TOKENS);
const NAME_USES = new Set<TokenType>([T.ColonEquals, T.Equals, T.IndexOpen, T.CallOpen, T.Dot]);
/** Keywords that begin an expression or statement, so finding them is not a misuse as a name. */
const STARTS_EXPRESSION = new Set<TokenType>([T.True, T.False, T.Null, T.Not, T.Some, T.Every]);
/** Tokens after which an operand is expected. */
const OPERAND_BEFORE = new Set<TokenType>([
  T.LParen, T.CallOpen, T.LBrack, T.IndexOpen, T.LBrace, T.Comma, T.ColonEquals, T.Equals, T.EqualsEquals, T.NotEquals,
  T.Less, T.LessEquals, T.Greater, T.GreaterEquals, T.Plus, T.Minus, T.Star, T.Slash, T.Percent, T.Bar, T.Ampersand, T.Colon, T.Semicolon,
]);

/** How a token is shown in a message: `` `x` `` or "end of file". */
export function showToken(t: IToken | undefined): string {
  if (!t || t.tokenType === EOF) return "end of file";
  const image = t.image.length > 24 ? `${t.image.slice(0, 21)}...` : t.image;
  return `\`${image.replace(/\n/g, "\\n")}\``;
}

function label(type: TokenType): string {
  if (type === T.Name || type === T.Identifier) return "a name";
  if (type === EOF) return "end of file";
  return type.LABEL ?? `\`${type.name}\``;
}

/** A readable "expected …" for a set of token types. */
export function describeExpected(types: readonly TokenType[]): string {
  const unique = [...new Set(types)];
  const expressionLike = unique.filter((t) => EXPRESSION_STARTS.has(t)).length >= 3;
  const labels: string[] = [];
  if (expressionLike) labels.push("an expression");
  for (const t of unique) {
    if (expressionLike && (EXPRESSION_STARTS.has(t) || t === T.Not || t === T.Some || t === T.Every || t === T.Contains)) continue;
    const l = label(t);
    if (!labels.includes(l)) labels.push(l);
  }
  if (labels.length <= 1) return labels[0] ?? "something else";
  const shown = labels.slice(0, 5);
  return `${shown.slice(0, -1).join(", ")} or ${shown[shown.length - 1]}`;
}

/** Words that are keywords in v1 but names in a v0 module that does not import them from `future.keywords`. */
const FUTURE_KEYWORD_NAMES = new Set(["if", "contains", "in", "every"]);

/** The error for `t`, a future keyword read as a name because the v0 module did not import it. */
function notImported(t: IToken): Detail {
  return {
    code: "keyword_not_imported",
    message: `\`${t.image}\` is not a keyword in this Rego v0 module`,
    help: `add \`import future.keywords.${t.image}\` (or \`import rego.v1\`) at the top of the file`,
  };
}

/** The error for keyword `t` used as a name. */
function named(t: IToken, atPrevious: boolean): Detail {
  return {
    code: "keyword_as_name",
    message: `keyword \`${t.image}\` cannot be used as a name`,
    help: `\`${t.image}\` is a Rego keyword; choose another name, such as \`${t.image}_\``,
    atPrevious,
  };
}

/** The provider chevrotain calls. `tokens` is the vector being parsed, so a message may look one token further. */
export class RegoErrorMessages implements IParserErrorMessageProvider {
  tokens: readonly Token[] = [];
  index: TokenIndex | undefined;
  file: SourceFile | undefined;

  private next(t: IToken): Token | undefined {
    const i = (t as Token).tokenIndex;
    return i === undefined ? undefined : this.tokens[i + 1];
  }

  private encode(d: Detail): string {
    return JSON.stringify(d);
  }

  /** A keyword where a name belongs (`every := 1`, `in[x]`), or undefined. */
  private keywordAsName(actual: IToken, previous: IToken | undefined, expected: readonly TokenType[]): Detail | undefined {
    if (KEYWORDS.has(actual.tokenType)) {
      const next = this.next(actual);
      if (expected.includes(T.Identifier) || expected.includes(T.Name) || (next && NAME_USES.has(next.tokenType))) return named(actual, false);
      // A keyword that cannot start an expression, where an operand belongs (`f(in)`, `x := if`).
      if (!STARTS_EXPRESSION.has(actual.tokenType) && previous && OPERAND_BEFORE.has(previous.tokenType)) return named(actual, false);
    }
    if (previous && KEYWORDS.has(previous.tokenType) && previous.tokenType !== T.True && previous.tokenType !== T.False && previous.tokenType !== T.Null) {
      if (actual.tokenType === T.ColonEquals || actual.tokenType === T.Equals) return named(previous, true);
    }
    return undefined;
  }

  private unexpected(expected: readonly TokenType[], actual: IToken, previous: IToken | undefined, ruleName: string): string {
    const at = (actual as Token).tokenIndex ?? this.tokens.length;
    if (this.index?.openBracketHasBar(at)) {
      return this.encode({
        code: "comprehension_head",
        message: `expected a single term before \`|\` in a comprehension, found an expression (read as a union), then ${showToken(actual)}`,
        help: "in Rego (as in OPA) a comprehension's head is one term: bind the value in the body, e.g. `[y | some x in xs; y := x * 2]`",
      });
    }
    // `contains` where a term starts but not called (`x := contains`): the keyword, read as a name.
    if (ruleName === "containsCall") return this.encode(named(actual, false));
    const kw = this.keywordAsName(actual, previous, expected);
    if (kw) return this.encode(kw);
    // In v1 these words are always keywords, so as names they mean a v0 module that did not import them.
    if (actual.tokenType === T.Identifier && FUTURE_KEYWORD_NAMES.has(actual.image)) return this.encode(notImported(actual));
    if (expected.length > 0 && expected.every((t) => t === EOF)) return this.notARule(actual);
    const what = describeExpected(expected);
    let help: string;
    const closer = expected.find((t) => CLOSERS.has(t));
    if (what.startsWith("an expression")) help = "write a value, a variable, a reference or a call here";
    else if (closer) help = this.unclosedHelp(actual, closer);
    else if (ruleName === "ruleHead") help = "a rule is written `name if { … }`, `name := value if { … }` or `name contains value if { … }`";
    else help = "check the syntax just before this point";
    return this.encode({ code: "unexpected_token", message: `expected ${what}, found ${showToken(actual)}`, help });
  }

  /** Help for a missing closing bracket, naming where the bracket was opened. */
  private unclosedHelp(actual: IToken, closer: TokenType): string {
    const at = (actual as Token).tokenIndex ?? this.tokens.length;
    const opener = this.index?.openerBefore(at, closer);
    const where = opener && this.file ? ` (the ${showToken(opener)} at line ${this.file.position(opener.startOffset).line} is still open)` : "";
    if (actual.tokenType === EOF) return `add the missing ${label(closer)}${where}`;
    return `close the bracket with ${label(closer)}${where}, or separate items with \`,\` and statements with a new line or \`;\``;
  }

  private notARule(t: IToken): string {
    return this.encode({
      code: "unexpected_token",
      message: `expected a rule or an import, found ${showToken(t)}`,
      help:
        t.tokenType === T.LBrace
          ? "a rule body follows its head: `name if {`"
          : "a rule starts with its name, e.g. `allow if { … }`; statements belong inside a rule body",
    });
  }

  buildMismatchTokenMessage(options: { expected: TokenType; actual: IToken; previous: IToken; ruleName: string }): string {
    return this.unexpected([options.expected], options.actual, options.previous, options.ruleName);
  }

  buildNotAllInputParsedMessage(options: { firstRedundant: IToken; ruleName: string }): string {
    const t = options.firstRedundant;
    const kw = this.keywordAsName(t, undefined, []);
    if (kw) return this.encode(kw);
    if (options.ruleName === "module") return this.notARule(t);
    return this.encode({ code: "unexpected_token", message: `unexpected ${showToken(t)}`, help: "remove it, or separate statements with a new line or `;`" });
  }

  buildNoViableAltMessage(options: { expectedPathsPerAlt: TokenType[][][]; actual: IToken[]; previous: IToken; ruleName: string }): string {
    const firsts = options.expectedPathsPerAlt.flatMap((alt) => alt.map((path) => path[0]).filter((t): t is TokenType => t !== undefined));
    return this.unexpected(firsts, options.actual[0]!, options.previous, options.ruleName);
  }

  buildEarlyExitMessage(options: { expectedIterationPaths: TokenType[][]; actual: IToken[]; previous: IToken; ruleName: string }): string {
    const firsts = options.expectedIterationPaths.map((p) => p[0]).filter((t): t is TokenType => t !== undefined);
    return this.unexpected(firsts, options.actual[0]!, options.previous, options.ruleName);
  }
}

/** Turn a chevrotain recognition exception into a diagnostic with its span in `file`. */
export function toDiagnostic(e: IRecognitionException, file: SourceFile): Diagnostic {
  let detail: Detail;
  try {
    detail = JSON.parse(e.message) as Detail;
  } catch {
    detail = { code: "unexpected_token", message: e.message, help: "check the syntax just before this point" };
  }
  const previous = (e as IRecognitionException & { previousToken?: IToken }).previousToken;
  const token = detail.atPrevious && previous ? previous : e.token;
  let start: number;
  let end: number;
  if (token.tokenType === EOF || Number.isNaN(token.startOffset)) {
    // At the end of the file, point just after the last real token.
    const last = previous && !Number.isNaN(previous.startOffset) ? previous.startOffset + previous.image.length : file.text.length;
    start = last;
    end = last;
  } else {
    start = token.startOffset;
    end = token.startOffset + token.image.length;
  }
  return diagnostic(detail.code, detail.message, file.span(start, end), detail.help);
}
