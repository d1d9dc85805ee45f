/**
 * The token vocabulary of Rego (see `grammar/tokens.md`) and the one chevrotain
 * lexer. Token families are categories (`BinaryOp` for every infix operator,
 * `AssignOp` for `:=` and `=`, `Name` for what may follow a `.`), so grammar
 * rules consume a family with one `CONSUME`.
 *
 * Two tokens depend on what comes before them, because Rego decides by
 * whitespace whether `a [0]` indexes `a` (it does not) and whether `f (x)` calls
 * `f` (it does not): `IndexOpen` is a `[` and `CallOpen` a `(` that directly
 * follow a non-space character. Both are also in the plain `LBrack` / `LParen`
 * categories, so `x in[1]` still reads `[1]` as an array.
 */
import type { CustomPatternMatcherReturn, IToken, TokenType } from "chevrotain";
import { createToken, Lexer } from "./chevrotain.js";
import { scanTemplate } from "./template-scan.js";

// ───────────────────────────── categories ─────────────────────────────

/** Anything that can follow a `.` in a reference: an identifier or any keyword (`input.default.x`). */
export const Name = createToken({ name: "Name", pattern: Lexer.NA });
/** Every infix operator below `in`: comparisons, `|`, `&`, `+ -`, `* / %` (the AST builder applies precedence). */
export const BinaryOp = createToken({ name: "BinaryOp", pattern: Lexer.NA, label: "an operator" });
/** `:=` `=` (statement level only) */
export const AssignOp = createToken({ name: "AssignOp", pattern: Lexer.NA, label: "`:=` or `=`" });

// ───────────────────────────── trivia ─────────────────────────────

export const Whitespace = createToken({
  name: "Whitespace",
  pattern: /[ \t\r\n\ufeff]+/,
  group: Lexer.SKIPPED,
  line_breaks: true,
});
export const Comment = createToken({ name: "Comment", pattern: /#[^\r\n]*/, group: "comments" });

// ───────────────────────────── literals ─────────────────────────────

export const Template = createToken({
  name: "Template",
  label: "a string template",
  pattern: {
    exec: (text: string, offset: number): CustomPatternMatcherReturn | null => {
      if (text[offset] !== "$" || (text[offset + 1] !== '"' && text[offset + 1] !== "`")) return null;
      const scan = scanTemplate(text, offset);
      const match = [text.slice(offset, scan.end)] as CustomPatternMatcherReturn;
      match.payload = scan;
      return match;
    },
  },
  start_chars_hint: ["$"],
  line_breaks: true,
});
export const RawString = createToken({ name: "RawString", pattern: /`[^`]*`/, line_breaks: true, label: "a raw string" });
export const UnterminatedRawString = createToken({ name: "UnterminatedRawString", pattern: /`[^`]*/, line_breaks: true });
export const StringLiteral = createToken({ name: "String", pattern: /"(?:[^"\\\r\n]|\\[^\r\n])*"/, label: "a string" });
export const UnterminatedString = createToken({ name: "UnterminatedString", pattern: /"(?:[^"\\\r\n]|\\[^\r\n])*\\?/ });
/** `“text”`, `'text'`, `‘text’`: strings in the wrong quotes, reported and then read as strings. */
export const MisquotedString = createToken({
  name: "MisquotedString",
  pattern: /[“”„‟][^“”„‟"\r\n]*[“”„‟"]|['‘’‚‛][^'‘’‚‛\r\n]*['‘’‚‛]/,
});
/** Lenient on purpose (`01`, `1.`, `1e`): the lexer post-pass reports malformed numbers with a precise message. */
export const NumberLiteral = createToken({ name: "Number", pattern: /[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]*)?/, label: "a number" });

// ───────────────────────────── identifiers and keywords ─────────────────────────────

export const Identifier = createToken({ name: "Identifier", pattern: /[A-Za-z_][A-Za-z0-9_]*/, categories: [Name], label: "a name" });

/**
 * A keyword token type. The lexer does not try keywords one by one: it reads
 * every word as an `Identifier`, and `lex.ts` gives a word that is a keyword
 * its keyword type (`KEYWORD_BY_WORD`), which is what `longer_alt` would do
 * at a fraction of the cost. The pattern documents the token (and names it
 * in the syntax diagrams).
 */
function keyword(word: string): TokenType {
  const name = word[0]!.toUpperCase() + word.slice(1);
  return createToken({ name, pattern: new RegExp(word), longer_alt: Identifier, categories: [Name], label: `\`${word}\`` });
}

export const Package = keyword("package");
export const Import = keyword("import");
export const As = keyword("as");
export const Default = keyword("default");
export const Else = keyword("else");
export const If = keyword("if");
export const Contains = keyword("contains");
export const Some = keyword("some");
export const In = keyword("in");
export const Every = keyword("every");
export const Not = keyword("not");
export const With = keyword("with");
export const True = keyword("true");
export const False = keyword("false");
export const Null = keyword("null");

/** The keywords of Rego v1. */
export const KEYWORD_TOKENS: readonly TokenType[] = [
  Package, Import, As, Default, Else, If, Contains, Some, In, Every, Not, With, True, False, Null,
];

/** The keyword token type of each keyword. */
export const KEYWORD_BY_WORD: ReadonlyMap<string, TokenType> = new Map(KEYWORD_TOKENS.map((t) => [(t.PATTERN as RegExp).source, t]));

// ───────────────────────────── operators and punctuation ─────────────────────────────

export const ColonEquals = createToken({ name: "ColonEquals", pattern: ":=", categories: [AssignOp], label: "`:=`" });
export const EqualsEquals = createToken({ name: "EqualsEquals", pattern: "==", categories: [BinaryOp], label: "`==`" });
export const NotEquals = createToken({ name: "NotEquals", pattern: "!=", categories: [BinaryOp], label: "`!=`" });
export const LessEquals = createToken({ name: "LessEquals", pattern: "<=", categories: [BinaryOp], label: "`<=`" });
export const GreaterEquals = createToken({ name: "GreaterEquals", pattern: ">=", categories: [BinaryOp], label: "`>=`" });
export const Less = createToken({ name: "Less", pattern: "<", categories: [BinaryOp], label: "`<`" });
export const Greater = createToken({ name: "Greater", pattern: ">", categories: [BinaryOp], label: "`>`" });
export const Equals = createToken({ name: "Equals", pattern: "=", categories: [AssignOp], label: "`=`" });
export const Plus = createToken({ name: "Plus", pattern: "+", categories: [BinaryOp], label: "`+`" });
export const Minus = createToken({ name: "Minus", pattern: "-", categories: [BinaryOp], label: "`-`" });
export const Star = createToken({ name: "Star", pattern: "*", categories: [BinaryOp], label: "`*`" });
export const Slash = createToken({ name: "Slash", pattern: "/", categories: [BinaryOp], label: "`/`" });
export const Percent = createToken({ name: "Percent", pattern: "%", categories: [BinaryOp], label: "`%`" });
export const Bar = createToken({ name: "Bar", pattern: "|", categories: [BinaryOp], label: "`|`" });
export const Ampersand = createToken({ name: "Ampersand", pattern: "&", categories: [BinaryOp], label: "`&`" });
export const Comma = createToken({ name: "Comma", pattern: ",", label: "`,`" });
export const Semicolon = createToken({ name: "Semicolon", pattern: ";", label: "`;`" });
export const Colon = createToken({ name: "Colon", pattern: ":", label: "`:`" });
export const Dot = createToken({ name: "Dot", pattern: ".", label: "`.`" });
export const LBrack = createToken({ name: "LBrack", pattern: "[", label: "`[`" });
export const RBrack = createToken({ name: "RBrack", pattern: "]", label: "`]`" });
export const LParen = createToken({ name: "LParen", pattern: "(", label: "`(`" });
export const RParen = createToken({ name: "RParen", pattern: ")", label: "`)`" });
export const LBrace = createToken({ name: "LBrace", pattern: "{", label: "`{`" });
export const RBrace = createToken({ name: "RBrace", pattern: "}", label: "`}`" });

/** True when `text[offset]` directly follows a character that is not whitespace. */
export function glued(text: string, offset: number): boolean {
  if (offset === 0) return false;
  const c = text.charCodeAt(offset - 1);
  return c !== 32 && c !== 9 && c !== 10 && c !== 13;
}

/**
 * A `[` glued to what precedes it: indexes a reference (`a[0]`). The lexer
 * reads every `[` as `LBrack`; `lex.ts` gives a glued one this type (a
 * custom pattern here would cost a call and an array for every bracket).
 */
export const IndexOpen = createToken({ name: "IndexOpen", label: "`[`", categories: [LBrack], pattern: Lexer.NA });
/** A `(` glued to what precedes it: calls a function (`f(x)`). Found by `lex.ts`, as `IndexOpen`. */
export const CallOpen = createToken({ name: "CallOpen", label: "`(`", categories: [LParen], pattern: Lexer.NA });

// ───────────────────────────── error tokens ─────────────────────────────

/** Non-ASCII characters that look like Rego punctuation (`≠`, `“`, `：`…); see `lookalikes.ts`. */
export const Lookalike = createToken({
  name: "Lookalike",
  pattern: /[≠≤≥−–—‐‑‒＝：≔×÷；，（）［］｛｝⩵\u00a0\u2000-\u200b\u2028\u2029\u3000]/,
  line_breaks: true,
});

/** Every token type the parser knows, in the order the lexer tries them (keywords are found after lexing). */
export const ALL_TOKENS: readonly TokenType[] = [
  Whitespace,
  Comment,
  Template,
  RawString,
  UnterminatedRawString,
  StringLiteral,
  UnterminatedString,
  MisquotedString,
  NumberLiteral,
  ...KEYWORD_TOKENS,
  Identifier,
  ColonEquals,
  EqualsEquals,
  NotEquals,
  LessEquals,
  GreaterEquals,
  Less,
  Greater,
  Equals,
  Plus,
  Minus,
  Star,
  Slash,
  Percent,
  Bar,
  Ampersand,
  Comma,
  Semicolon,
  Colon,
  Dot,
  IndexOpen,
  LBrack,
  RBrack,
  CallOpen,
  LParen,
  RParen,
  LBrace,
  RBrace,
  Lookalike,
  // Categories are listed so the parser knows them; their pattern is NA so the lexer never produces them.
  Name,
  BinaryOp,
  AssignOp,
];

/** The token types the lexer matches: all but the keywords (see `keyword`), `IndexOpen`, `CallOpen` and the categories. */
const LEXED_TOKENS: readonly TokenType[] = ALL_TOKENS.filter((t) => !KEYWORD_TOKENS.includes(t) && t.PATTERN !== Lexer.NA);

/** The fields `lex.ts` adds to every token, made with it so that adding them later does not reshape each token. */
interface TokenExtras {
  endOffset: number;
  tokenIndex: number;
}

/**
 * The lexer. Lines and columns come from `SourceFile`, so it tracks offsets
 * only; a token is made with its `endOffset` (which chevrotain's node
 * locations need) and a `tokenIndex` (which `lex.ts` fills in) from the start.
 */
class RegoLexer extends Lexer {
  constructor(validate: boolean) {
    super([...LEXED_TOKENS], { positionTracking: "onlyOffset", ensureOptimizations: true, skipValidations: !validate });
    // chevrotain (11) picks its token factory in the constructor; this replaces the offset-only one (a test checks it is used).
    (this as unknown as { createTokenInstance: typeof makeToken }).createTokenInstance = makeToken;
  }
}

function makeToken(image: string, startOffset: number, tokenTypeIdx: number, tokenType: TokenType): IToken & TokenExtras {
  return { image, startOffset, endOffset: startOffset + image.length - 1, tokenTypeIdx, tokenType, tokenIndex: -1 };
}

/** The one lexer instance. Its definition is checked by a test (`skipValidations` saves that work at every start). */
export const regoLexer: Lexer = new RegoLexer(false);

/** A lexer like `regoLexer` that runs chevrotain's checks of the token definitions (for the test that does). */
export function checkedLexer(): Lexer {
  return new RegoLexer(true);
}
