/**
 * Characters that look like Rego punctuation but are not ASCII — what word
 * processors, chat clients and PDF copies put into policies. Each is reported
 * once (`lookalike_char`) naming the ASCII character to type, and then read as
 * that character so the rest of the file still parses.
 */
import type { TokenType } from "chevrotain";
import * as T from "./tokens.js";

/** What a look-alike stands for: the ASCII text, and the token it is read as (none for spaces, which are skipped). */
export interface Lookalike {
  readonly ascii: string;
  readonly description: string;
  readonly token?: TokenType;
}

const TABLE: Record<string, Lookalike> = {
  "≠": { ascii: "!=", description: "not-equal sign", token: T.NotEquals },
  "≤": { ascii: "<=", description: "less-than-or-equal sign", token: T.LessEquals },
  "≥": { ascii: ">=", description: "greater-than-or-equal sign", token: T.GreaterEquals },
  "−": { ascii: "-", description: "minus sign", token: T.Minus },
  "–": { ascii: "-", description: "en dash", token: T.Minus },
  "—": { ascii: "-", description: "em dash", token: T.Minus },
  "‐": { ascii: "-", description: "hyphen", token: T.Minus },
  "‑": { ascii: "-", description: "non-breaking hyphen", token: T.Minus },
  "‒": { ascii: "-", description: "figure dash", token: T.Minus },
  "＝": { ascii: "=", description: "fullwidth equals sign", token: T.Equals },
  "⩵": { ascii: "==", description: "double equals sign", token: T.EqualsEquals },
  "：": { ascii: ":", description: "fullwidth colon", token: T.Colon },
  "≔": { ascii: ":=", description: "colon-equals sign", token: T.ColonEquals },
  "×": { ascii: "*", description: "multiplication sign", token: T.Star },
  "÷": { ascii: "/", description: "division sign", token: T.Slash },
  "；": { ascii: ";", description: "fullwidth semicolon", token: T.Semicolon },
  "，": { ascii: ",", description: "fullwidth comma", token: T.Comma },
  "（": { ascii: "(", description: "fullwidth parenthesis", token: T.LParen },
  "）": { ascii: ")", description: "fullwidth parenthesis", token: T.RParen },
  "［": { ascii: "[", description: "fullwidth bracket", token: T.LBrack },
  "］": { ascii: "]", description: "fullwidth bracket", token: T.RBrack },
  "｛": { ascii: "{", description: "fullwidth brace", token: T.LBrace },
  "｝": { ascii: "}", description: "fullwidth brace", token: T.RBrace },
};

const SPACE: Lookalike = { ascii: " ", description: "non-ASCII space" };

/** The look-alike `ch` stands for. Every character the `Lookalike` token matches has an entry (spaces share one). */
export function lookalike(ch: string): Lookalike {
  return TABLE[ch] ?? SPACE;
}

/** The quote characters of misquoted strings, for messages. */
export function quoteDescription(ch: string): string {
  if (ch === "'") return "single quote";
  if (ch === "“" || ch === "”" || ch === "„" || ch === "‟") return "curly double quote";
  return "curly single quote";
}

/** A character as shown in a message: quoted with its code point, or only the code point when it is invisible. */
export function showChar(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  const hex = `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`;
  const invisible = cp < 0x20 || (cp >= 0x7f && cp <= 0xa0) || (cp >= 0x2000 && cp <= 0x200f) || cp === 0x2028 || cp === 0x2029 || cp === 0x3000 || cp === 0xfeff;
  return invisible ? hex : `\`${ch}\` (${hex})`;
}
