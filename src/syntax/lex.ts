/**
 * Lexing: chevrotain's tokens, then one pass that turns every lexical problem
 * into a diagnostic (never dropped) while keeping a token the parser can go on
 * with, decodes literals, and settles which words are keywords in this module.
 */
import type { IToken, TokenType } from "chevrotain";
import type { RegoVersion } from "../ast/nodes.js";
import { diagnostic, type Diagnostic } from "../source/diagnostic.js";
import type { SourceFile } from "../source/source-file.js";
import { checkNumber, decodeEscapes } from "./literals.js";
import { lookalike, quoteDescription, showChar } from "./lookalikes.js";
import type { TemplateScan } from "./template-scan.js";
import * as T from "./tokens.js";

/** A token with what the lexer pass learnt about it. */
export interface Token extends IToken {
  /** Position in the token vector (used by the parser's look-ahead helpers). */
  tokenIndex?: number;
  /** The decoded value of a string literal. */
  decoded?: string;
  /** The parts of a template: decoded text, or the offsets of an expression. */
  templateParts?: readonly (string | { readonly start: number; readonly end: number })[];
}

/** The result of lexing one source text. */
export interface LexResult {
  readonly tokens: Token[];
  /** The string templates among `tokens` (their expressions are parsed before the rest, see `templates.ts`). */
  readonly templates: Token[];
  readonly comments: IToken[];
  readonly diagnostics: Diagnostic[];
  /** The version the text is read as: v0 mode becomes v1 when the module imports `rego.v1`. */
  readonly regoVersion: RegoVersion;
}

/** Options of `lex`. */
export interface LexOptions {
  readonly regoVersion?: RegoVersion;
  /** Lex `text` as if it started at this offset of the file (template fragments). */
  readonly offset?: number;
  /** The text to lex, when it is only a part of `file` (template fragments). */
  readonly text?: string;
}

const FUTURE_KEYWORDS = new Map<string, TokenType>([
  ["if", T.If],
  ["contains", T.Contains],
  ["in", T.In],
  ["every", T.Every],
]);

/** Token types after which a same-line `if`/`contains` can only be the keyword (see `settleKeywords`). */
const TERM_ENDS = new Set<TokenType>([
  T.Identifier, T.RBrack, T.RParen, T.RBrace, T.NumberLiteral, T.StringLiteral, T.RawString, T.Template, T.True, T.False, T.Null,
]);

/** Lex `file` (or a fragment of it): tokens for the parser, comments, and every lexical diagnostic. */
export function lex(file: SourceFile, options: LexOptions = {}): LexResult {
  const base = options.offset ?? 0;
  const text = options.text ?? file.text;
  const raw = T.regoLexer.tokenize(text);
  const diagnostics: Diagnostic[] = [];
  // Characters no token matches: chevrotain skips them and reports each run; we say what they are.
  for (const e of raw.errors) {
    const start = base + e.offset;
    const ch = String.fromCodePoint(text.codePointAt(e.offset) ?? 0);
    const message = e.length > ch.length ? `unexpected characters \`${text.slice(e.offset, e.offset + e.length)}\`` : `unexpected character ${showChar(ch)}`;
    diagnostics.push(diagnostic("unexpected_char", message, file.span(start, start + e.length), unknownHelp(ch)));
  }
  const found = raw.tokens as Token[];
  const tokens: Token[] = [];
  const templates: Token[] = [];
  const identifier = T.Identifier.tokenTypeIdx!;
  const template = T.Template.tokenTypeIdx!;
  const lbrack = T.LBrack.tokenTypeIdx!;
  const lparen = T.LParen.tokenTypeIdx!;
  for (let i = 0; i < found.length; i++) {
    const t = found[i]!;
    if (t.tokenTypeIdx === identifier) {
      const kw = T.KEYWORD_BY_WORD.get(t.image);
      if (kw) retype(t, kw);
    } else if (t.tokenTypeIdx === lbrack) {
      if (T.glued(text, t.startOffset)) retype(t, T.IndexOpen);
    } else if (t.tokenTypeIdx === lparen) {
      if (T.glued(text, t.startOffset)) retype(t, T.CallOpen);
    }
    if (base !== 0) shift(t, base);
    if (t.tokenTypeIdx !== identifier && !checkToken(t, file, diagnostics, base)) continue;
    t.tokenIndex = tokens.length;
    tokens.push(t);
    if (t.tokenTypeIdx === template) templates.push(t);
  }
  const comments = raw.groups["comments"] ?? [];
  if (base !== 0) for (const c of comments) shift(c, base);
  const regoVersion = settleKeywords(tokens, file, options.regoVersion ?? 1);
  return { tokens, templates, comments, diagnostics, regoVersion };
}

/** Move a token of a fragment lexed on its own to its place in the file. */
function shift(t: IToken, base: number): void {
  t.startOffset += base;
  t.endOffset = t.startOffset + t.image.length - 1;
}

function retype(t: IToken, type: TokenType): void {
  t.tokenType = type;
  t.tokenTypeIdx = type.tokenTypeIdx!;
}

function spanOf(file: SourceFile, t: IToken) {
  return file.span(t.startOffset, t.startOffset + t.image.length);
}

/** Report what is wrong with `t` (if anything) and fix it up for the parser; false drops the token. */
function checkToken(t: Token, file: SourceFile, out: Diagnostic[], base: number): boolean {
  switch (t.tokenType) {
    case T.StringLiteral: {
      const d = decodeEscapes(t.image.slice(1, -1), t.startOffset + 1, file);
      out.push(...d.diagnostics);
      t.decoded = d.value;
      return true;
    }
    case T.UnterminatedString: {
      out.push(
        diagnostic("unterminated_string", "unterminated string", spanOf(file, t), 'close the string with `"` on the same line; for text over several lines use a raw string in backticks'),
      );
      t.decoded = decodeEscapes(t.image.slice(1), t.startOffset + 1, file).value;
      retype(t, T.StringLiteral);
      return true;
    }
    case T.RawString:
      t.decoded = t.image.slice(1, -1);
      return true;
    case T.UnterminatedRawString:
      out.push(diagnostic("unterminated_string", "unterminated raw string", file.span(t.startOffset, t.startOffset + 1), "close the raw string with a backtick"));
      t.decoded = t.image.slice(1);
      retype(t, T.RawString);
      return true;
    case T.MisquotedString: {
      const q = t.image[0]!;
      out.push(
        diagnostic(
          "lookalike_char",
          `strings take straight double quotes, found ${showChar(q)}`,
          file.span(t.startOffset, t.startOffset + 1),
          `write the string as "${t.image.slice(1, -1)}" (the ${quoteDescription(q)} is not a Rego quote)`,
        ),
      );
      t.decoded = t.image.slice(1, -1);
      retype(t, T.StringLiteral);
      return true;
    }
    case T.NumberLiteral: {
      const d = checkNumber(t.image, t.startOffset, file);
      if (d) out.push(d);
      return true;
    }
    case T.Template:
      return checkTemplate(t, file, out, base);
    case T.Lookalike: {
      const l = lookalike(t.image);
      out.push(
        diagnostic(
          "lookalike_char",
          l.token ? `\`${t.image}\` (${l.description}) is not a Rego operator` : `${showChar(t.image)} (${l.description}) is not whitespace in Rego`,
          spanOf(file, t),
          l.token ? `type the ASCII \`${l.ascii}\` instead` : "replace it with an ordinary space",
        ),
      );
      if (!l.token) return false;
      retype(t, l.token);
      return true;
    }
    default:
      return true;
  }
}

function unknownHelp(ch: string): string {
  switch (ch) {
    case "!":
      return "negate with `not`, e.g. `not allowed`; `!=` compares";
    case "$":
      return 'string templates are written `$"text {expr}"`';
    case "?":
      return "Rego has no `?` operator; use an `else` chain or a helper rule for conditional values";
    case "@":
    case "^":
    case "~":
      return "remove this character";
    case "\\":
      return "backslashes are only allowed inside strings";
    default:
      return "remove it, or put it inside a string";
  }
}

function checkTemplate(t: Token, file: SourceFile, out: Diagnostic[], base: number): boolean {
  const scan = t.payload as TemplateScan;
  if (scan.tooDeep) {
    out.push(diagnostic("too_deep", "string templates are nested too deeply", file.span(t.startOffset, t.startOffset + 2), "move the inner template into a variable"));
    return false;
  }
  if (!scan.terminated) {
    out.push(
      diagnostic(
        "unterminated_string",
        "unterminated string template",
        file.span(t.startOffset, t.startOffset + 2),
        scan.raw ? "close the template with a backtick, and every `{` with `}`" : 'close the template with `"` on the same line, and every `{` with `}`',
      ),
    );
    return false;
  }
  const parts: (string | { start: number; end: number })[] = [];
  for (const s of scan.segments) {
    // Segment offsets are relative to the lexed text, which starts at `base` in the file.
    const start = s.start + base;
    const end = s.end + base;
    if (s.kind === "expr") parts.push({ start, end });
    else if (scan.raw) parts.push(file.text.slice(start, end));
    else {
      const d = decodeEscapes(file.text.slice(start, end), start, file, "{}");
      out.push(...d.diagnostics);
      parts.push(d.value);
    }
  }
  t.templateParts = parts;
  return true;
}

/**
 * Decide which words are keywords, and the module's version. In v1 every
 * keyword is one. In v0-compatible mode a module that imports `rego.v1` is v1;
 * otherwise `if`, `contains`, `in` and `every` are names unless imported from
 * `future.keywords`. One leniency: a v0 `if` or `contains` right after a rule
 * head on the same line (`allow if {`, `deny contains msg`) is read as the
 * keyword, since a name cannot stand there; other engines accept it too.
 * Another: `import future.keywords.every` also makes `in` a keyword, which
 * every use of `every` needs.
 */
function settleKeywords(tokens: Token[], file: SourceFile, requested: RegoVersion): RegoVersion {
  if (requested === 1) return 1;
  const imported = new Set<TokenType>();
  for (let i = 0; i + 3 < tokens.length; i++) {
    if (tokens[i]!.tokenType !== T.Import) continue;
    const [root, dot, second] = [tokens[i + 1]!, tokens[i + 2]!, tokens[i + 3]!];
    if (dot.tokenType !== T.Dot) continue;
    if (root.image === "rego" && second.image === "v1") return 1;
    if (root.image !== "future" || second.image !== "keywords") continue;
    const more = tokens[i + 4];
    const word = tokens[i + 5];
    if (more?.tokenType === T.Dot && word) {
      const kw = FUTURE_KEYWORDS.get(word.image);
      if (kw) imported.add(kw);
      // `every x in xs` cannot be written without `in`: importing `every` makes `in` a keyword too.
      if (kw === T.Every) imported.add(T.In);
    } else for (const kw of FUTURE_KEYWORDS.values()) imported.add(kw);
  }
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (!FUTURE_KEYWORDS.has(t.image) || t.tokenType === T.Identifier || imported.has(t.tokenType)) continue;
    const prev = tokens[i - 1];
    // After `.` a keyword is a field name anyway; leave it to the parser.
    if (prev?.tokenType === T.Dot) continue;
    const contextual =
      (t.tokenType === T.If || t.tokenType === T.Contains) &&
      prev !== undefined &&
      (TERM_ENDS.has(prev.tokenType) || (t.tokenType === T.If && prev.tokenType === T.Else)) &&
      !file.text.slice(prev.startOffset + prev.image.length, t.startOffset).includes("\n");
    if (!contextual) retype(t, T.Identifier);
  }
  return 0;
}

