/**
 * The `glob` family: `glob.match` with the semantics of gobwas/glob (which
 * OPA uses) and `glob.quote_meta`.
 *
 * Syntax: `*` any run of characters that are not delimiters, `**` any run,
 * `?` one non-delimiter character, `[abc]` / `[!abc]` one character (not) in
 * the list, `[a-z]` / `[!a-z]` one character (not) in the range, `{a,b}` any
 * of the alternatives (which may nest), `\` escapes. The lexer and parser
 * below follow gobwas/glob's, quirks included (an unclosed `{` is accepted,
 * `[a-z0-9]` is not). A compiled pattern is a regular expression, cached per
 * pattern and delimiters: JS's own when backtracking cannot blow up, RE2's
 * (linear time) otherwise.
 */
import type { ArrayValue, Value } from "../value/types.js";
import { unreachable } from "../source/unreachable.js";
import { builtinError, elementTypeError, operandTypeError } from "./operands.js";
import { BoundedCache, compileRegex } from "./pattern-cache.js";
import { quoteMeta } from "./regex.js";
import { defineBuiltin, type BuiltinDef } from "./types.js";

/** One element of a parsed glob. */
export type GlobNode =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "any" | "super" | "single" }
  | { readonly kind: "list"; readonly chars: readonly number[]; readonly not: boolean }
  | { readonly kind: "range"; readonly lo: number; readonly hi: number; readonly not: boolean }
  | { readonly kind: "anyOf"; readonly alternatives: GlobNode[][] };

const ESCAPE = 0x5c; // \
const RANGE_OPEN = 0x5b; // [
const RANGE_CLOSE = 0x5d; // ]
const TERMS_OPEN = 0x7b; // {
const TERMS_CLOSE = 0x7d; // }
const COMMA = 0x2c;
const STAR = 0x2a;
const SINGLE = 0x3f; // ?
const NOT = 0x21; // !
const BETWEEN = 0x2d; // -

const TEXT_BREAKERS = [SINGLE, STAR, RANGE_OPEN, TERMS_OPEN];
const TERMS_BREAKERS = [...TEXT_BREAKERS, TERMS_CLOSE, COMMA];

/** Parse a glob into a sequence of nodes; throws `Error` with gobwas/glob's message on bad syntax. */
export function parseGlob(pattern: string): GlobNode[] {
  const runes = Array.from(pattern, (c) => c.codePointAt(0)!);
  let pos = 0;
  let termsLevel = 0;
  const root: GlobNode[] = [];
  // The alternatives being built, innermost last (each `{` opens one).
  const stack: { alternatives: GlobNode[][]; parent: GlobNode[] }[] = [];
  let current = root;

  const readText = (breakers: readonly number[]): string => {
    let text = "";
    let escaped = false;
    while (pos < runes.length) {
      const r = runes[pos]!;
      if (!escaped) {
        if (r === ESCAPE) {
          escaped = true;
          pos++;
          continue;
        }
        if (breakers.includes(r)) break;
      }
      escaped = false;
      text += String.fromCodePoint(r);
      pos++;
    }
    return text;
  };

  // gobwas/glob's fetchRange and parserRange in one: `[!` + (`lo-hi` | text) + `]`.
  const readRange = (): GlobNode => {
    let not = false;
    let lo: number | undefined;
    let hi: number | undefined;
    let chars = "";
    let wantHi = false;
    let wantClose = false;
    for (;;) {
      if (pos >= runes.length) throw new Error("unexpected end of input");
      const r = runes[pos++]!;
      if (wantClose) {
        if (r !== RANGE_CLOSE) throw new Error("expected close range character");
        break;
      }
      if (wantHi) {
        hi = r;
        if (hi < lo!) throw new Error(`hi character '${String.fromCodePoint(hi)}' should be greater than lo '${String.fromCodePoint(lo!)}'`);
        wantClose = true;
        continue;
      }
      if (!not && r === NOT) {
        not = true;
        continue;
      }
      if (runes[pos] === BETWEEN) {
        pos++;
        lo = r;
        wantHi = true;
        continue;
      }
      pos--;
      chars = readText([RANGE_CLOSE]);
      wantClose = true;
    }
    const isRange = lo !== undefined && hi !== undefined;
    if ((chars !== "") === isRange) throw new Error("could not parse range");
    if (isRange) return { kind: "range", lo: lo!, hi: hi!, not };
    return { kind: "list", chars: Array.from(chars, (c) => c.codePointAt(0)!), not };
  };

  while (pos < runes.length) {
    const r = runes[pos]!;
    if (r === TERMS_OPEN) {
      pos++;
      termsLevel++;
      const alternatives: GlobNode[][] = [[]];
      current.push({ kind: "anyOf", alternatives });
      stack.push({ alternatives, parent: current });
      current = alternatives[0]!;
    } else if (r === COMMA && termsLevel > 0) {
      pos++;
      const top = stack[stack.length - 1]!;
      current = [];
      top.alternatives.push(current);
    } else if (r === TERMS_CLOSE && termsLevel > 0) {
      pos++;
      termsLevel--;
      current = stack.pop()!.parent;
    } else if (r === RANGE_OPEN) {
      pos++;
      current.push(readRange());
    } else if (r === SINGLE) {
      pos++;
      current.push({ kind: "single" });
    } else if (r === STAR) {
      pos++;
      if (runes[pos] === STAR) {
        pos++;
        current.push({ kind: "super" });
      } else {
        current.push({ kind: "any" });
      }
    } else {
      const text = readText(termsLevel > 0 ? TERMS_BREAKERS : TEXT_BREAKERS);
      if (text !== "") current.push({ kind: "text", text });
    }
  }
  return root;
}

/** RE2's syntax, or JS's (`u` and `s` flags): they differ only in how a code point is escaped. */
type Flavor = "re2" | "js";

/** The regular expression (anchored) that matches exactly what the glob matches with these delimiters. */
export function globToRegex(nodes: readonly GlobNode[], delimiters: readonly number[], flavor: Flavor = "re2"): string {
  const hex = (cp: number): string => (flavor === "re2" ? `\\x{${cp.toString(16)}}` : `\\u{${cp.toString(16)}}`);
  const charClass = (cps: readonly number[], not: boolean): string => "[" + (not ? "^" : "") + cps.map(hex).join("") + "]";
  const notDelim = delimiters.length === 0 ? "." : charClass(delimiters, true);
  const emit = (seq: readonly GlobNode[]): string =>
    seq
      .map((n) => {
        switch (n.kind) {
          case "text":
            return quoteMeta(n.text);
          case "any":
            return notDelim + "*";
          case "super":
            return ".*";
          case "single":
            return notDelim;
          case "list":
            return charClass(n.chars, n.not);
          case "range":
            return "[" + (n.not ? "^" : "") + hex(n.lo) + "-" + hex(n.hi) + "]";
          case "anyOf":
            return "(?:" + n.alternatives.map(emit).join("|") + ")";
          default:
            return unreachable(n, "glob node");
        }
      })
      .join("");
  return (flavor === "re2" ? "(?s)^" : "^") + emit(nodes) + "$";
}

/**
 * Whether JS's backtracking engine matches this glob in linear time: at most
 * one `*`/`**` and few combinations of alternatives. Others go to RE2, which
 * is linear always but some twenty times slower on short strings.
 */
function backtrackingIsSafe(nodes: readonly GlobNode[]): boolean {
  let stars = 0;
  let combinations = 1;
  const visit = (seq: readonly GlobNode[]): void => {
    for (const n of seq) {
      if (n.kind === "any" || n.kind === "super") stars++;
      else if (n.kind === "anyOf") {
        combinations *= n.alternatives.length;
        n.alternatives.forEach(visit);
      }
    }
  };
  visit(nodes);
  return stars <= 1 && combinations <= 16;
}

/** A compiled glob: whether a whole string matches. */
export type GlobMatcher = (s: string) => boolean;

/** How many compiled globs are kept for one set of delimiters. */
export const GLOB_CACHE_LIMIT = 1000;

/** How many different sets of delimiters keep their compiled globs (each up to `GLOB_CACHE_LIMIT`). */
const DELIMITER_SETS_KEPT = 16;

// By delimiters, then by pattern: a policy calls `glob.match` with constant patterns and the same
// delimiters, so a hit is two lookups of strings that already exist (no key is built per call).
const globs = new BoundedCache<BoundedCache<GlobMatcher | Error>>(DELIMITER_SETS_KEPT);

/** Compile a glob for the given delimiters (cached), or return its syntax error. */
export function compileGlob(pattern: string, delimiters: readonly number[]): GlobMatcher | Error {
  const delimiterKey = delimiters === DEFAULT_DELIMITERS ? "." : String.fromCodePoint(...delimiters);
  let byPattern = globs.get(delimiterKey);
  if (byPattern === undefined) {
    byPattern = new BoundedCache(GLOB_CACHE_LIMIT);
    globs.set(delimiterKey, byPattern);
  }
  let matcher = byPattern.get(pattern);
  if (matcher === undefined) {
    matcher = buildMatcher(pattern, delimiters);
    byPattern.set(pattern, matcher);
  }
  return matcher;
}

function buildMatcher(pattern: string, delimiters: readonly number[]): GlobMatcher | Error {
  let nodes: GlobNode[];
  try {
    nodes = parseGlob(pattern);
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
  if (backtrackingIsSafe(nodes)) {
    const js = new RegExp(globToRegex(nodes, delimiters, "js"), "su");
    return (s) => js.test(s);
  }
  const re = compileRegex(globToRegex(nodes, delimiters, "re2"));
  if (re instanceof Error) return re;
  return (s) => re.testExact(s);
}

const DEFAULT_DELIMITERS: readonly number[] = [0x2e]; // "."

const NO_DELIMITERS: readonly number[] = [];

function delimitersOf(v: Value): readonly number[] {
  if (v === null) return NO_DELIMITERS;
  if (!Array.isArray(v)) throw operandTypeError("glob.match", 1, "one of {array, null}", v);
  const arr = v as ArrayValue;
  // `[]` and `["."]` (the usual argument) are the default delimiters, without building an array per call.
  if (arr.length === 0 || (arr.length === 1 && arr[0] === ".")) return DEFAULT_DELIMITERS;
  return arr.map((d) => {
    if (typeof d !== "string") throw elementTypeError("glob.match", 1, arr, d, "string");
    const cps = Array.from(d);
    if (cps.length !== 1) throw elementTypeError("glob.match", 1, arr, d, "rune");
    return cps[0]!.codePointAt(0)!;
  });
}

/**
 * `glob.match(pattern, delimiters, match)`: whether match matches the glob.
 * delimiters: the characters `*` and `?` do not cross (`[]` means `["."]`,
 * `null` means none).
 */
export const globMatch = defineBuiltin({
  name: "glob.match",
  family: "glob",
  description: "whether match matches the glob pattern; * and ? do not cross delimiters ([] means [\".\"], null none)",
  args: [
    { name: "pattern", type: "string" },
    { name: "delimiters", type: ["array", "null"] },
    { name: "match", type: "string" },
  ],
  result: "boolean",
  deterministic: true,
  impl: (args) => {
    const matcher = compileGlob(args[0] as string, delimitersOf(args[1] as Value));
    if (matcher instanceof Error) throw builtinError("glob.match", matcher.message, 0);
    return matcher(args[2] as string);
  },
});

/** `glob.quote_meta(pattern)`: pattern with every glob metacharacter escaped. */
export const globQuoteMeta = defineBuiltin({
  name: "glob.quote_meta",
  family: "glob",
  description: "pattern with the glob metacharacters * ? \\ [ ] { } escaped",
  args: [{ name: "pattern", type: "string" }],
  result: "string",
  deterministic: true,
  impl: (args) => (args[0] as string).replace(/[*?\\[\]{}]/g, "\\$&"),
});

/** The `glob` family. */
export const GLOB: readonly BuiltinDef[] = [globMatch, globQuoteMeta];
