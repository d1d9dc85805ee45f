/**
 * `regex.match` answers on V8's RegExp when `re2-on-v8.ts` finds a
 * translation with the same meaning and bounded backtracking. re2js, the
 * RE2 engine the `regex` family is built on, is the reference here: on
 * generated patterns and strings full of the characters where Go's and V8's
 * rules differ (`\v`, NBSP, `\r`, U+2028, `ſ`, `K`, astral and lone
 * surrogates), the tester must answer exactly as re2js does.
 */
import fc from "fast-check";
import { RE2JS } from "re2js";
import { describe, expect, it } from "vitest";
import { compileRegexTester } from "../../src/builtins/pattern-cache.js";
import { BACKTRACK_BUDGET, planForV8 } from "../../src/builtins/re2-on-v8.js";
import { propertySettings } from "../properties/settings.js";
import { call } from "./harness.js";

/** Characters where the two engines' rules differ, plus plain ones. */
const TRICKY = ["a", "b", "k", "K", "s", "S", "_", "0", "9", " ", "\t", "\n", "\r", "\v", "\f", "\u00a0", "\u2028", "\u017f", "\u212a", "\u00df", "\u1e9e", "é", "-", "]", ".", "{", "}", "😀", "\ud800", "\udc00"];

const text = fc.array(fc.constantFrom(...TRICKY), { maxLength: 12 }).map((cs) => cs.join(""));

/** Pieces of RE2 syntax: literals, escapes, classes (Go's `]`-first and `-` rules), groups, assertions. */
const atom: fc.Arbitrary<string> = fc.letrec<{ atom: string; seq: string; alt: string }>((tie) => ({
  atom: fc.oneof(
    { depthSize: "small" },
    {
      weight: 8,
      arbitrary: fc.constantFrom("a", "b", "k", "s", "é", "😀", ".", "\\.", "\\-", "\\s", "\\S", "\\d", "\\D", "\\w", "\\W", "\\b", "\\B", "^", "$", "\\A", "\\z", "\\x41", "\\x{17F}", "\\t", "\\n", "\\v", "\\Qa.b\\E", "{", "a{,2}"),
    },
    { weight: 3, arbitrary: fc.constantFrom("[a-c]", "[^a]", "[]a]", "[^]a]", "[a-]", "[-a]", "[\\s]", "[^\\s]", "[\\w-]", "[\\d.]", "[k-s]", "[^\\n]", "[\\x{2028}]", "[[:alpha:]]", "\\pL", "\\p{Greek}") },
    { weight: 1, arbitrary: tie("alt").map((a) => `(${a})`) },
    { weight: 1, arbitrary: tie("alt").map((a) => `(?:${a})`) },
    { weight: 1, arbitrary: tie("alt").map((a) => `(?P<n>${a})`) },
  ),
  seq: fc
    .array(fc.tuple(tie("atom"), fc.constantFrom("", "", "", "", "*", "+", "?", "{2}", "{1,3}", "{2,}", "*?", "+?")), { minLength: 1, maxLength: 4 })
    .map((xs) => xs.map(([a, q]) => a + q).join("")),
  alt: fc.array(tie("seq"), { minLength: 1, maxLength: 3 }).map((xs) => xs.join("|")),
})).alt;

const pattern = fc.tuple(fc.constantFrom("", "", "", "(?i)", "(?s)", "(?is)", "(?m)", "(?U)"), atom).map(([flags, body]) => flags + body);

function re2(p: string): RE2JS | undefined {
  try {
    return RE2JS.compile(p);
  } catch {
    return undefined;
  }
}

describe("regex.match on V8 (re2-on-v8.ts)", () => {
  it("answers as re2js does on generated patterns and strings", () => {
    let translated = 0;
    let compared = 0;
    fc.assert(
      fc.property(pattern, fc.array(text, { minLength: 1, maxLength: 6 }), (p, strings) => {
        const reference = re2(p);
        if (reference === undefined) return;
        const tester = compileRegexTester(p);
        if (tester instanceof Error) throw tester;
        if (planForV8(p) !== undefined) translated++;
        for (const s of strings) {
          compared++;
          expect(tester.test(s), `${JSON.stringify(p)} on ${JSON.stringify(s)}`).toBe(reference.test(s));
        }
      }),
      propertySettings(4000),
    );
    // The comparison means something only if many patterns did run on V8.
    expect(translated).toBeGreaterThan(500);
    expect(compared).toBeGreaterThan(5000);
  });

  it("keeps Go's meaning where V8 spells things differently", () => {
    // Go's \s is [\t\n\f\r ]: not \v, not NBSP.
    expect(call("regex.match", "^\\s$", "\u000b")).toBe(false);
    expect(call("regex.match", "^\\s$", "\u00a0")).toBe(false);
    expect(call("regex.match", "^\\S$", "\u00a0")).toBe(true);
    // Go's . excludes only \n.
    expect(call("regex.match", "^.$", "\r")).toBe(true);
    expect(call("regex.match", "^.$", "\u2028")).toBe(true);
    expect(call("regex.match", "^.$", "\n")).toBe(false);
    expect(call("regex.match", "(?s)^.$", "\n")).toBe(true);
    // A code point, not a UTF-16 unit.
    expect(call("regex.match", "^.$", "😀")).toBe(true);
    // Go's \b is ASCII even under (?i); V8's is not.
    expect(call("regex.match", "(?i)\\bk", "\u212a")).toBe(false);
    expect(call("regex.match", "(?i)^k$", "\u212a")).toBe(true);
    // Go's class and repeat syntax.
    expect(call("regex.match", "^[]a]+$", "]a]")).toBe(true);
    expect(call("regex.match", "^a{,2}$", "a{,2}")).toBe(true);
    expect(call("regex.match", "^\\Qa.b\\E$", "a.b")).toBe(true);
    expect(call("regex.match", "^\\Qa.b\\E$", "axb")).toBe(false);
    // $ without (?m) is the end of the text only.
    expect(call("regex.match", "a$", "a\n")).toBe(false);
  });

  it("leaves to re2js what it does not translate", () => {
    for (const p of ["(a+)+b", "(a|b)*", "(?m)^a", "[[:alpha:]]", "\\pL", "a(?i)b", "\\1", "(?U)a+"]) {
      expect(planForV8(p), p).toBeUndefined();
    }
    for (const p of ["(?i)^drop\\s+(table|view)\\b", "^[a-z0-9-]+$", "\\.(exe|sh)$", "(?i)\\bwhere\\b", "^https?://[^/]+"]) {
      expect(planForV8(p), p).toBeDefined();
    }
  });

  it("bounds backtracking by the string's length", () => {
    // One quantifier, anchored: linear, long strings stay on V8.
    expect(planForV8("^[a-z]+$")!.maxLength).toBeGreaterThan(50_000);
    // Two overlapping unbounded quantifiers, unanchored: cubic at worst, so only short strings.
    const cubic = planForV8("a.*b.*c")!.maxLength;
    expect(cubic).toBeLessThan(200);
    expect((cubic + 1) ** 3).toBeGreaterThan(BACKTRACK_BUDGET / 16);
    // On a string past the bound the answer is still right (from re2js).
    const long = "a" + "x".repeat(5000) + "b" + "y".repeat(5000);
    expect(call("regex.match", "a.*b.*c", long)).toBe(false);
    expect(call("regex.match", "a.*b.*c", long + "c")).toBe(true);
  });
});
