/**
 * Token-level look-ahead the grammar cannot express in LL(k): whether `[x | …`
 * or `{x | …` is a comprehension (Rego prefers a comprehension when the part
 * before `|` is a single term, as OPA does), and how deeply the input nests,
 * checked before parsing so that a pathological input is an error, never a
 * stack overflow. Brackets are matched once, so every question is answered by
 * jumping over bracketed groups instead of re-scanning them.
 */
import type { TokenType } from "chevrotain";
import type { Token } from "./lex.js";
import * as T from "./tokens.js";

const OPENERS = new Map<TokenType, TokenType>([
  [T.LBrack, T.RBrack],
  [T.IndexOpen, T.RBrack],
  [T.LParen, T.RParen],
  [T.CallOpen, T.RParen],
  [T.LBrace, T.RBrace],
]);
const CLOSERS = new Set<TokenType>([T.RBrack, T.RParen, T.RBrace]);
const SCALARS = new Set<TokenType>([T.NumberLiteral, T.StringLiteral, T.RawString, T.Template, T.True, T.False, T.Null]);

/** What the bracket matcher sees in a token, by `tokenTypeIdx` (one array read a token instead of two set lookups). */
const OPENER = 1;
const CLOSER = 2;
const MINUS = 3;
const ROLE = (() => {
  const roles = new Uint8Array(Math.max(...T.ALL_TOKENS.map((t) => t.tokenTypeIdx!)) + 1);
  for (const t of OPENERS.keys()) roles[t.tokenTypeIdx!] = OPENER;
  for (const t of CLOSERS) roles[t.tokenTypeIdx!] = CLOSER;
  roles[T.Minus.tokenTypeIdx!] = MINUS;
  return roles;
})();

/** Brackets matched over one token vector, plus the deepest nesting found. */
export class TokenIndex {
  /** For an opening bracket, the index of its closer (or -1 when unclosed); -1 elsewhere. */
  private readonly closer: Int32Array;
  /** The token at which nesting first exceeded the limit, if it did. */
  readonly tooDeepAt: Token | undefined;

  constructor(
    private readonly tokens: readonly Token[],
    maxNesting: number,
  ) {
    this.closer = new Int32Array(tokens.length).fill(-1);
    const stack: number[] = [];
    let minusRun = 0;
    let tooDeepAt: Token | undefined;
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      const role = ROLE[token.tokenTypeIdx]!;
      // A chain of prefix minus signs nests like brackets do (`- - - x`).
      minusRun = role === MINUS ? minusRun + 1 : 0;
      if (role === OPENER) stack.push(i);
      else if (role === CLOSER) this.close(stack, i, token.tokenType);
      if (!tooDeepAt && stack.length + minusRun > maxNesting) tooDeepAt = token;
    }
    this.tooDeepAt = tooDeepAt;
  }

  private close(stack: number[], i: number, type: TokenType): void {
    // Pop to the nearest opener of the same kind; a stray closer matches nothing.
    for (let k = stack.length - 1; k >= 0; k--) {
      if (OPENERS.get(this.tokens[stack[k]!]!.tokenType) === type) {
        this.closer[stack[k]!] = i;
        stack.length = k;
        return;
      }
    }
  }

  private type(i: number): TokenType | undefined {
    return this.tokens[i]?.tokenType;
  }

  /** The index just past the term starting at `i` (a primary followed by `.name`, `[…]`, `(…)`), or -1. */
  skipTerm(i: number): number {
    while (this.type(i) === T.Minus) i++;
    const type = this.type(i);
    if (type === undefined) return -1;
    if (type === T.Identifier || type === T.Contains || SCALARS.has(type)) i++;
    else if (OPENERS.has(type)) {
      const close = this.closer[i]!;
      if (close < 0) return -1;
      i = close + 1;
    } else return -1;
    for (;;) {
      const next = this.type(i);
      if (next === T.Dot && this.tokens[i + 1] && this.isName(i + 1)) i += 2;
      else if (next === T.IndexOpen || next === T.CallOpen) {
        const close = this.closer[i]!;
        if (close < 0) return -1;
        i = close + 1;
      } else return i;
    }
  }

  private isName(i: number): boolean {
    const t = this.tokens[i]!;
    return t.tokenType === T.Identifier || T.KEYWORD_TOKENS.includes(t.tokenType);
  }

  /** True when the tokens from `i` are `term |` (an array or set comprehension, once inside its bracket). */
  isComprehension(i: number): boolean {
    const end = this.skipTerm(i);
    return end >= 0 && this.type(end) === T.Bar;
  }

  /** The index of the first `:` from `i` outside brackets, before any `,` `|` `;` or closer; -1 if none. */
  private firstColon(i: number): number {
    let k = i;
    for (;;) {
      const type = this.type(k);
      if (type === undefined || type === T.Comma || type === T.Bar || type === T.Semicolon || CLOSERS.has(type)) return -1;
      if (type === T.Colon) return k === i ? -1 : k;
      if (OPENERS.has(type)) {
        const close = this.closer[k]!;
        if (close < 0) return -1;
        k = close + 1;
      } else k++;
    }
  }

  /** True when the tokens from `i` start with `key :` (an object literal or comprehension, once inside its brace). */
  startsObject(i: number): boolean {
    return this.firstColon(i) >= 0;
  }

  /** True when the tokens from `i` are `key : term |` (an object comprehension, once inside its brace). */
  isObjectComprehension(i: number): boolean {
    // The key may be any expression: skip to the first `:` outside brackets.
    const colon = this.firstColon(i);
    if (colon < 0) return false;
    const end = this.skipTerm(colon + 1);
    return end >= 0 && this.type(end) === T.Bar;
  }

  /**
   * True when the innermost `[` or `{` still open at `i` holds a `|` at its own
   * level before `i`: the sign of a comprehension whose head is not a single
   * term (`[x * 2 | …]`), which Rego reads as a union.
   */
  openBracketHasBar(i: number): boolean {
    for (let k = Math.min(i, this.tokens.length) - 1; k >= 0; k--) {
      const type = this.type(k)!;
      const close = this.closer[k]!;
      if ((type === T.LBrack || type === T.LBrace) && (close < 0 || close >= i)) {
        for (let j = k + 1; j < i; j++) {
          const t = this.type(j)!;
          if (t === T.Bar) return true;
          if (OPENERS.has(t) && this.closer[j]! >= 0) j = this.closer[j]!;
        }
        return false;
      }
    }
    return false;
  }

  /** The nearest opener before `i` of the kind `closer` closes that is still open at `i`, if any. */
  openerBefore(i: number, closer: TokenType): Token | undefined {
    for (let k = Math.min(i, this.tokens.length) - 1; k >= 0; k--) {
      const t = this.tokens[k]!;
      if (OPENERS.get(t.tokenType) === closer && (this.closer[k]! < 0 || this.closer[k]! >= i)) return t;
    }
    return undefined;
  }
}
