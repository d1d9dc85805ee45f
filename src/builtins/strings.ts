/**
 * The `strings` family (all but `sprintf`, which has its own file). Strings
 * count and index in runes (code points), as Go does; the Go-specific
 * semantics live in `go-strings.ts`. `strings.render_template` (Go's
 * `text/template`) is in `template.ts`.
 */
import { compareStrings } from "../value/strings.js";
import { KeyedObject } from "../value/keyed-object.js";
import { objectEntries } from "../value/object.js";
import { SetValue } from "../value/set.js";
import type { ArrayValue, NumberValue, ObjectValue, PlainObject, TypeName, Value } from "../value/types.js";
import { goCount, goReplaceAll, goReplacer, goSplit, goToLower, goToUpper, goTrim, goTrimSpace } from "./go-strings.js";
import { builtinError, intOperand, stringElements } from "./operands.js";
import { isAscii, isBmpOnly, runeIndexOf } from "./runes.js";
import { decimalToNumber, parseDecimalParts, truncatedAt64Bits } from "./decimal.js";
import { BuiltinError, defineBuiltin, type BuiltinDef } from "./types.js";

const F = "strings";

// A built-in whose arguments (up to three) are all strings.
function stringFn(name: string, description: string, argNames: readonly string[], result: TypeName, f: (a: string, b: string, c: string) => Value): BuiltinDef {
  return defineBuiltin({
    name,
    family: F,
    description,
    args: argNames.map((n) => ({ name: n, type: "string" as const })),
    result,
    deterministic: true,
    impl: (args) => f(args[0] as string, args[1] as string, args[2] as string),
  });
}

/** `concat(delimiter, collection)`: the strings of an array or set joined by delimiter. */
export const concat = defineBuiltin({
  name: "concat",
  family: F,
  description: "the strings of an array or set (in sorted order) joined with delimiter",
  args: [
    { name: "delimiter", type: "string" },
    { name: "collection", type: ["array", "set"] },
  ],
  result: "string",
  deterministic: true,
  impl: (args) => stringElements("concat", args[1] as ArrayValue | SetValue, 1).join(args[0] as string),
});

/** `contains(haystack, needle)` */
export const contains = stringFn("contains", "whether haystack contains needle", ["haystack", "needle"], "boolean", (h, n) => h.includes(n));
/** `startswith(search, base)`: whether search starts with base. */
export const startswith = stringFn("startswith", "whether search starts with base", ["search", "base"], "boolean", (s, b) => s.startsWith(b));
/** `endswith(search, base)`: whether search ends with base. */
export const endswith = stringFn("endswith", "whether search ends with base", ["search", "base"], "boolean", (s, b) => s.endsWith(b));
/** `lower(x)` */
export const lower = stringFn("lower", "x in lower case", ["x"], "string", (x) => goToLower(x));
/** `upper(x)` */
export const upper = stringFn("upper", "x in upper case", ["x"], "string", (x) => goToUpper(x));
/** `split(x, delimiter)`: an empty delimiter splits into characters. */
export const split = stringFn("split", "x split at each delimiter (into characters when delimiter is empty)", ["x", "delimiter"], "array", (x, d) => goSplit(x, d));
/** `replace(x, old, new)`: every occurrence of old replaced. */
export const replace = stringFn("replace", "x with every occurrence of old replaced by new", ["x", "old", "new"], "string", (x, o, n) => goReplaceAll(x, o, n));
/** `trim(x, cutset)`: characters in cutset removed from both ends. */
export const trim = stringFn("trim", "x without the leading and trailing characters found in cutset", ["x", "cutset"], "string", (x, c) => goTrim(x, c, true, true));
/** `trim_left(x, cutset)` */
export const trimLeft = stringFn("trim_left", "x without the leading characters found in cutset", ["x", "cutset"], "string", (x, c) => goTrim(x, c, true, false));
/** `trim_right(x, cutset)` */
export const trimRight = stringFn("trim_right", "x without the trailing characters found in cutset", ["x", "cutset"], "string", (x, c) => goTrim(x, c, false, true));
/** `trim_prefix(x, prefix)` */
export const trimPrefix = stringFn("trim_prefix", "x without prefix, if it starts with it", ["x", "prefix"], "string", (x, p) => (x.startsWith(p) ? x.slice(p.length) : x));
/** `trim_suffix(x, suffix)` */
export const trimSuffix = stringFn("trim_suffix", "x without suffix, if it ends with it", ["x", "suffix"], "string", (x, s) =>
  s !== "" && x.endsWith(s) ? x.slice(0, x.length - s.length) : x,
);
/** `trim_space(x)`: leading and trailing white space removed. */
export const trimSpace = stringFn("trim_space", "x without leading and trailing white space", ["x"], "string", (x) => goTrimSpace(x));
/** `strings.reverse(x)`: the characters of x in reverse order. */
export const stringsReverse = stringFn("strings.reverse", "the characters of x in reverse order", ["x"], "string", (x) =>
  isBmpOnly(x) ? x.split("").reverse().join("") : Array.from(x).reverse().join(""),
);
/** `strings.count(search, substring)`: non-overlapping occurrences. */
export const stringsCount = stringFn("strings.count", "the number of non-overlapping occurrences of substring in search", ["search", "substring"], "number", (s, sub) =>
  goCount(s, sub!),
);

/** `indexof(haystack, needle)`: the character index of the first occurrence, or -1. */
export const indexof = defineBuiltin({
  name: "indexof",
  family: F,
  description: "the index (in characters) of the first occurrence of needle in haystack, or -1",
  args: [
    { name: "haystack", type: "string" },
    { name: "needle", type: "string" },
  ],
  result: "number",
  deterministic: true,
  impl: (args) => {
    const [h, n] = args as [string, string];
    if (n === "") throw builtinError("indexof", "empty search character", 1);
    const i = h.indexOf(n);
    return i <= 0 ? i : runeIndexOf(h, i);
  },
});

/** `indexof_n(haystack, needle)`: the character indices of every (possibly overlapping) occurrence. */
export const indexofN = defineBuiltin({
  name: "indexof_n",
  family: F,
  description: "the indices (in characters) of every occurrence of needle in haystack, overlapping ones included",
  args: [
    { name: "haystack", type: "string" },
    { name: "needle", type: "string" },
  ],
  result: "array",
  deterministic: true,
  impl: (args) => {
    const [h, n] = args as [string, string];
    if (n === "") throw builtinError("indexof_n", "empty search character", 1);
    const units: number[] = [];
    for (let i = h.indexOf(n); i >= 0; i = h.indexOf(n, i + 1)) units.push(i);
    if (isBmpOnly(h)) return units;
    return units.map((u) => runeIndexOf(h, u));
  },
});

/**
 * `substring(x, offset, length)`: length characters from offset (to the end
 * when length is negative); an offset past the end gives `""`; a negative
 * offset is an error.
 */
export const substring = defineBuiltin({
  name: "substring",
  family: F,
  description: "length characters of x from offset (all remaining ones when length is negative)",
  args: [
    { name: "x", type: "string" },
    { name: "offset", type: "number" },
    { name: "length", type: "number" },
  ],
  result: "string",
  deterministic: true,
  impl: (args) => {
    const x = args[0] as string;
    const offset = intOperand("substring", args[1] as NumberValue, 1);
    const length = intOperand("substring", args[2] as NumberValue, 2);
    if (offset < 0) throw builtinError("substring", "negative offset", 1);
    const ascii = isAscii(x);
    const runes = ascii ? undefined : Array.from(x);
    const total = runes ? runes.length : x.length;
    if (offset >= total) return "";
    const end = length < 0 || offset + length >= total ? total : offset + length;
    return runes ? runes.slice(offset, end).join("") : x.slice(offset, end);
  },
});

/** `format_int(number, base)`: the integer part of number in base 2, 8, 10 or 16. */
export const formatInt = defineBuiltin({
  name: "format_int",
  family: F,
  description: "the integer part of number as text in base 2, 8, 10 or 16",
  args: [
    { name: "number", type: "number" },
    { name: "base", type: "number" },
  ],
  result: "string",
  deterministic: true,
  impl: (args) => {
    const n = args[0] as NumberValue;
    const base = args[1] as NumberValue;
    if (base !== 2 && base !== 8 && base !== 10 && base !== 16) {
      throw new BuiltinError("format_int: operand 2 must be one of {2, 8, 10, 16}", 1, "type_error");
    }
    if (typeof n === "number" && Number.isSafeInteger(n)) return n.toString(base);
    // OPA reads the number's text into a 64-bit-mantissa big.Float and truncates it.
    const d = typeof n === "bigint" ? { negative: n < 0n, digits: n < 0n ? -n : n, exp10: 0 } : parseDecimalParts(String(n), true)!;
    return truncatedAt64Bits(d).toString(base);
  },
});

/** Strings of a string, array or set argument (OPA's any-match built-ins accept all three). */
function stringsOf(name: string, v: Value, argIndex: number): string[] {
  return typeof v === "string" ? [v] : stringElements(name, v as ArrayValue | SetValue, argIndex);
}

/** `strings.any_prefix_match(search, base)`: whether any of search starts with any of base. */
export const anyPrefixMatch = defineBuiltin({
  name: "strings.any_prefix_match",
  family: F,
  description: "whether any string in search (a string, array or set) starts with any string in base",
  args: [
    { name: "search", type: ["array", "set", "string"] },
    { name: "base", type: ["array", "set", "string"] },
  ],
  result: "boolean",
  deterministic: true,
  impl: (args) => {
    const search = stringsOf("strings.any_prefix_match", args[0] as Value, 0);
    const base = stringsOf("strings.any_prefix_match", args[1] as Value, 1);
    return search.some((s) => base.some((b) => s.startsWith(b)));
  },
});

/** `strings.any_suffix_match(search, base)`: whether any of search ends with any of base. */
export const anySuffixMatch = defineBuiltin({
  name: "strings.any_suffix_match",
  family: F,
  description: "whether any string in search (a string, array or set) ends with any string in base",
  args: [
    { name: "search", type: ["array", "set", "string"] },
    { name: "base", type: ["array", "set", "string"] },
  ],
  result: "boolean",
  deterministic: true,
  impl: (args) => {
    const search = stringsOf("strings.any_suffix_match", args[0] as Value, 0);
    const base = stringsOf("strings.any_suffix_match", args[1] as Value, 1);
    return search.some((s) => base.some((b) => s.endsWith(b)));
  },
});

/**
 * `strings.replace_n(patterns, value)`: replace each key of patterns by its
 * value, as Go's `strings.NewReplacer` does with the keys in sorted order:
 * scanning left to right, the first key (in that order) matching at a
 * position wins, and replaced text is not scanned again.
 */
export const replaceN = defineBuiltin({
  name: "strings.replace_n",
  family: F,
  description: "value with each key of patterns replaced by its value (leftmost first; among keys matching at one place, the least in sorted order)",
  args: [
    { name: "patterns", type: "object" },
    { name: "value", type: "string" },
  ],
  result: "string",
  deterministic: true,
  impl: (args) => {
    const patterns = args[0] as ObjectValue;
    const pairs: [string, string][] = [];
    if (patterns instanceof KeyedObject) {
      for (const [k, v] of objectEntries(patterns)) pairs.push(replacePair(k, v));
    } else {
      for (const k of Object.keys(patterns).sort(compareStrings)) pairs.push(replacePair(k, (patterns as PlainObject)[k]!));
    }
    return goReplacer(pairs, args[1] as string);
  },
});

// OPA reports these as operand errors, which it classes as type errors.
function replacePair(k: Value, v: Value): [string, string] {
  if (typeof k !== "string") throw new BuiltinError("strings.replace_n: operand 1 non-string key found in pattern object", 0, "type_error");
  if (typeof v !== "string") throw new BuiltinError("strings.replace_n: operand 1 non-string value found in pattern object", 0, "type_error");
  return [k, v];
}

/**
 * `to_number(x)`: a number from a number, a string holding a decimal number
 * (`"10"`, `"-1.5e3"`, `".5"`), a boolean (1 or 0) or null (0). Other strings
 * are an error.
 */
export const toNumber = defineBuiltin({
  name: "to_number",
  family: "strings",
  description: "x as a number: numbers as they are, decimal strings parsed, true → 1, false and null → 0",
  args: [{ name: "x", type: ["boolean", "null", "number", "string"] }],
  result: "number",
  deterministic: true,
  impl: (args) => {
    const x = args[0] as Value;
    if (x === null || x === false) return 0;
    if (x === true) return 1;
    if (typeof x !== "string") return x as NumberValue;
    const d = parseDecimalParts(x, true);
    const n = d && decimalToNumber(d);
    if (n === undefined) {
      throw builtinError("to_number", `strconv.ParseFloat: parsing ${JSON.stringify(x)}: ${d ? "value out of range" : "invalid syntax"}`, 0);
    }
    return n;
  },
});

/** The `strings` family. */
export const STRINGS: readonly BuiltinDef[] = [
  concat,
  contains,
  startswith,
  endswith,
  formatInt,
  indexof,
  indexofN,
  lower,
  upper,
  replace,
  split,
  substring,
  trim,
  trimLeft,
  trimPrefix,
  trimRight,
  trimSuffix,
  trimSpace,
  anyPrefixMatch,
  anySuffixMatch,
  stringsCount,
  replaceN,
  stringsReverse,
  toNumber,
];
