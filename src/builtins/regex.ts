/**
 * The `regex` family, with RE2 semantics (Go's `regexp`, which OPA uses) via
 * `re2js`: linear-time matching, Go's syntax and inline flags (`(?i)`).
 * Compiled patterns are cached (`pattern-cache.ts`), so a policy's constant
 * patterns compile once.
 *
 * `re_match`, the deprecated alias of `regex.match`, is in `deprecated.ts`
 * (v0 modules only, as OPA v1 rejects deprecated built-ins in v1 modules).
 */
import type { RE2JS } from "re2js";
import type { NumberValue } from "../value/types.js";
import { globsMatch } from "./globs-intersect.js";
import { builtinError, intOperand } from "./operands.js";
import { goQuote } from "./go-strconv.js";
import { compileRegex, compileRegexTester } from "./pattern-cache.js";
import { defineBuiltin, type BuiltinDef } from "./types.js";

const F = "regex";

// The underlying RE2 engine of a compiled pattern (Go-style find/submatch methods).
type Re2 = ReturnType<RE2JS["re2"]>;

function compiled(name: string, pattern: string, argIndex: number): RE2JS {
  const re = compileRegex(pattern);
  if (re instanceof Error) throw builtinError(name, re.message, argIndex);
  return re;
}

/** `regex.match(pattern, value)`: whether pattern matches somewhere in value. */
export const regexMatch = defineBuiltin({
  name: "regex.match",
  family: F,
  description: "whether the RE2 pattern matches value (anywhere, unless anchored)",
  args: [
    { name: "pattern", type: "string" },
    { name: "value", type: "string" },
  ],
  result: "boolean",
  deterministic: true,
  impl: (args) => {
    const tester = compileRegexTester(args[0] as string);
    if (tester instanceof Error) throw builtinError("regex.match", tester.message, 0);
    return tester.test(args[1] as string);
  },
});

/** `regex.is_valid(pattern)`: whether pattern is a valid RE2 pattern (false for non-strings). */
export const regexIsValid = defineBuiltin({
  name: "regex.is_valid",
  family: F,
  description: "whether pattern is a string holding a valid RE2 pattern",
  // OPA declares a string (a literal of another type is a compile error) but answers false for any other value.
  args: [{ name: "pattern", type: "string" }],
  checkTypesStaticallyOnly: true,
  result: "boolean",
  deterministic: true,
  impl: (args) => typeof args[0] === "string" && !(compileRegex(args[0]) instanceof Error),
});

/** Go `Regexp.Split(s, -1)`: the text between matches (empty matches split between characters). */
export function regexSplitString(re: Re2, s: string): string[] {
  if (s === "") return [""];
  const matches: number[][] = re.findAllIndex(s, -1) ?? [];
  const out: string[] = [];
  let beg = 0;
  let end = 0;
  for (const [from, to] of matches) {
    end = from!;
    if (to !== 0) out.push(s.slice(beg, end));
    beg = to!;
  }
  if (end !== s.length) out.push(s.slice(beg));
  return out;
}

/** `regex.split(pattern, value)`: value split at every match of pattern. */
export const regexSplit = defineBuiltin({
  name: "regex.split",
  family: F,
  description: "value split at every match of the RE2 pattern",
  args: [
    { name: "pattern", type: "string" },
    { name: "value", type: "string" },
  ],
  result: "array",
  deterministic: true,
  impl: (args) => {
    const re = compiled("regex.split", args[0] as string, 0);
    // Go returns [""] for an empty string only when the pattern is not empty.
    if (args[1] === "" && args[0] === "") return [];
    return regexSplitString(re.re2(), args[1] as string);
  },
});

/** `regex.find_n(pattern, value, number)`: up to number matches (all when negative). */
export const regexFindN = defineBuiltin({
  name: "regex.find_n",
  family: F,
  description: "up to number successive matches of the RE2 pattern in value (all of them when number is -1)",
  args: [
    { name: "pattern", type: "string" },
    { name: "value", type: "string" },
    { name: "number", type: "number" },
  ],
  result: "array",
  deterministic: true,
  impl: (args) => {
    const re = compiled("regex.find_n", args[0] as string, 0);
    const n = intOperand("regex.find_n", args[2] as NumberValue, 2);
    if (n === 0) return [];
    return (re.re2().findAll(args[1] as string, n) as string[] | null) ?? [];
  },
});

/** `regex.find_all_string_submatch_n(pattern, value, number)`: up to number matches, each with its groups. */
export const regexFindAllStringSubmatchN = defineBuiltin({
  name: "regex.find_all_string_submatch_n",
  family: F,
  description: "up to number matches of the RE2 pattern in value (all when -1), each as [match, group 1, …]",
  args: [
    { name: "pattern", type: "string" },
    { name: "value", type: "string" },
    { name: "number", type: "number" },
  ],
  result: "array",
  deterministic: true,
  impl: (args) => {
    const re = compiled("regex.find_all_string_submatch_n", args[0] as string, 0);
    const n = intOperand("regex.find_all_string_submatch_n", args[2] as NumberValue, 2);
    if (n === 0) return [];
    const found = (re.re2().findAllSubmatch(args[1] as string, n) as (string | null)[][] | null) ?? [];
    // Go gives "" for a group that did not take part in the match.
    return found.map((groups) => groups.map((g) => g ?? ""));
  },
});

/**
 * Go `Regexp.ReplaceAllString`: every match replaced by `template`, where
 * `$1`/`${1}` and `$name`/`${name}` insert a group (the longest run of
 * letters, digits and `_` is the name; an unknown group inserts nothing) and
 * `$$` a `$`.
 */
export function regexReplaceAll(re: RE2JS, s: string, template: string): string {
  const matches: number[][] | null = re.re2().findAllSubmatchIndex(s, -1);
  if (!matches) return s;
  const names = re.namedGroups();
  let out = "";
  let last = 0;
  for (const m of matches) {
    out += s.slice(last, m[0]) + (template.includes("$") ? expand(template, s, m, names) : template);
    last = m[1]!;
  }
  return out + s.slice(last);
}

function expand(template: string, s: string, m: readonly number[], names: Record<string, number>): string {
  let out = "";
  let i = 0;
  while (i < template.length) {
    const dollar = template.indexOf("$", i);
    if (dollar < 0) break;
    out += template.slice(i, dollar);
    i = dollar + 1;
    if (template[i] === "$") {
      out += "$";
      i++;
      continue;
    }
    const ref = /^(?:\{([\p{L}\p{Nd}_]+)\}|([\p{L}\p{Nd}_]+))/u.exec(template.slice(i));
    if (!ref) {
      out += "$";
      continue;
    }
    i += ref[0].length;
    const name = ref[1] ?? ref[2]!;
    const group = /^\d+$/.test(name) && !(name.length > 1 && name[0] === "0") ? Number(name) : Object.hasOwn(names, name) ? names[name]! : -1;
    if (group >= 0 && 2 * group + 1 < m.length && m[2 * group]! >= 0) out += s.slice(m[2 * group], m[2 * group + 1]);
  }
  return out + template.slice(i);
}

/** `regex.replace(s, pattern, value)`: every match of pattern in s replaced by value (`$1`, `${name}` expanded). */
export const regexReplace = defineBuiltin({
  name: "regex.replace",
  family: F,
  description: "s with every match of the RE2 pattern replaced by value, where $1 or ${name} insert a group",
  args: [
    { name: "s", type: "string" },
    { name: "pattern", type: "string" },
    { name: "value", type: "string" },
  ],
  result: "string",
  deterministic: true,
  impl: (args) => regexReplaceAll(compiled("regex.replace", args[1] as string, 1), args[0] as string, args[2] as string),
});

/**
 * `regex.template_match(template, value, delimiter_start, delimiter_end)`:
 * whether value matches template, whose text is literal except for the
 * regular expressions between the delimiters (`"urn:foo:{.*}"` with `{`, `}`).
 */
export const regexTemplateMatch = defineBuiltin({
  name: "regex.template_match",
  family: F,
  description: "whether value matches template: literal text with RE2 patterns between the start and end delimiters",
  args: [
    { name: "template", type: "string" },
    { name: "value", type: "string" },
    { name: "delimiter_start", type: "string" },
    { name: "delimiter_end", type: "string" },
  ],
  result: "boolean",
  deterministic: true,
  impl: (args) => {
    const [template, value, start, end] = args as [string, string, string, string];
    const name = "regex.template_match";
    // Go measures the delimiters in bytes: each must be one ASCII character. OPA's
    // message for a bad end delimiter reports the start delimiter's length.
    if (utf8Length(start) !== 1) throw builtinError(name, `start delimiter has to be exactly one character long but is ${utf8Length(start)} long`, 2);
    if (utf8Length(end) !== 1) throw builtinError(name, `end delimiter has to be exactly one character long but is ${utf8Length(start)} long`, 3);
    const pattern = templatePattern(template, start, end);
    if (pattern instanceof Error) throw builtinError(name, pattern.message, 0);
    return compiled(name, pattern, 0).test(value);
  },
});

/**
 * OPA's `compileRegexTemplate` (from ory/ladon): literal text quoted and each
 * delimited part as a group, `{re}` → `(re)` (`{}` → `()`, no default
 * pattern). Each part must compile on its own first, as `^re$`, so its error
 * is the one reported.
 */
function templatePattern(template: string, start: string, end: string): string | Error {
  const unbalanced = () => new Error(`unbalanced braces in ${goQuote(template, "\"", false)}`);
  let pattern = "^";
  let level = 0;
  let open = 0;
  let textFrom = 0;
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (c === start) {
      if (++level === 1) open = i;
    } else if (c === end) {
      if (--level === 0) {
        const inner = template.slice(open + 1, i);
        const alone = compileRegex(`^${inner}$`);
        if (alone instanceof Error) return alone;
        pattern += quoteMeta(template.slice(textFrom, open)) + "(" + inner + ")";
        textFrom = i + 1;
      } else if (level < 0) {
        return unbalanced();
      }
    }
  }
  if (level !== 0) return unbalanced();
  return pattern + quoteMeta(template.slice(textFrom)) + "$";
}

function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

/** Go `regexp.QuoteMeta`. */
export function quoteMeta(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, "\\$&");
}

/**
 * `regex.globs_match(glob1, glob2)`: whether some string matches both
 * patterns (each a regular expression of literals, `.`, character classes
 * and `*`/`+`/`?`).
 */
export const regexGlobsMatch = defineBuiltin({
  name: "regex.globs_match",
  family: F,
  description: "whether the two patterns (literals, ., [classes], *, +, ?) have a string in common",
  args: [
    { name: "glob1", type: "string" },
    { name: "glob2", type: "string" },
  ],
  result: "boolean",
  deterministic: true,
  impl: (args) => {
    const r = globsMatch(args[0] as string, args[1] as string);
    if (r instanceof Error) throw builtinError("regex.globs_match", r.message, r.argIndex);
    return r;
  },
});

/** The `regex` family. */
export const REGEX: readonly BuiltinDef[] = [
  regexMatch,
  regexIsValid,
  regexSplit,
  regexFindN,
  regexFindAllStringSubmatchN,
  regexReplace,
  regexTemplateMatch,
  regexGlobsMatch,
];
