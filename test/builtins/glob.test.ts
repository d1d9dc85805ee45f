import fc from "fast-check";
import { RE2JS } from "re2js";
import { describe, expect, it } from "vitest";
import { globToRegex, parseGlob, type GlobNode } from "../../src/builtins/glob.js";
import { call, expectCall, expectError } from "./harness.js";

describe("glob.match", () => {
  it("matches the OPA documentation and conformance examples", () => {
    const cases: [string, string[] | null, string, boolean][] = [
      ["api://*/appId", null, "api://foo.com/appId", true],
      ["*.github.com", [], "api.github.com", true],
      ["*.github.com", [], "api.cdn.github.com", false],
      ["*hub.com", null, "api.cdn.github.com", true],
      ["*:github:com", [":"], "api:github:com", true],
      ["api.**.com", [], "api.github.com", true],
      ["api.**.com", [], "api.cdn.github.com", true],
      ["?at", [], "cat", true],
      ["?at", [], "at", false],
      ["[abc]at", [], "bat", true],
      ["[abc]at", [], "cat", true],
      ["[abc]at", [], "lat", false],
      ["[!abc]at", [], "cat", false],
      ["[!a-c]at", [], "lat", true],
      ["{cat,bat,[fr]at}", [], "cat", true],
      ["{cat,bat,[fr]at}", [], "bat", true],
      ["{cat,bat,[fr]at}", [], "rat", true],
      ["{cat,bat,[fr]at}", [], "at", false],
    ];
    for (const [pattern, delims, s, want] of cases) expectCall("glob.match", [pattern, delims, s], want);
  });

  it("keeps * and ? within delimiters, lists and ranges not", () => {
    expectCall("glob.match", ["a*", ["."], "a.b"], false);
    expectCall("glob.match", ["a*", null, "a.b"], true);
    expectCall("glob.match", ["a?c", ["."], "a.c"], false);
    expectCall("glob.match", ["a[.]c", ["."], "a.c"], true);
    expectCall("glob.match", ["a[!x]c", ["."], "a.c"], true);
    expectCall("glob.match", ["*/*", ["/", "."], "a/b"], true);
    expectCall("glob.match", ["*/*", ["/", "."], "a.x/b"], false);
    expectCall("glob.match", ["**", ["/"], "a/b/c"], true);
  });

  it("treats escapes, nesting, unicode and regex characters literally", () => {
    expectCall("glob.match", ["\\*", [], "*"], true);
    expectCall("glob.match", ["\\*", [], "a"], false);
    expectCall("glob.match", ["a+b(c)|$^", [], "a+b(c)|$^"], true);
    expectCall("glob.match", ["{a,{b,c}d}", [], "cd"], true);
    expectCall("glob.match", ["{a,{b,c}d}", [], "c"], false);
    expectCall("glob.match", ["{,x}y", [], "y"], true);
    expectCall("glob.match", ["?", [], "😀"], true);
    expectCall("glob.match", ["[😀-😂]", [], "😁"], true);
    expectCall("glob.match", ["*", ["é"], "aéb"], false);
    expectCall("glob.match", ["", [], ""], true);
    expectCall("glob.match", ["", [], "a"], false);
    expectCall("glob.match", ["a,b}", [], "a,b}"], true); // , and } are text outside braces
    expectCall("glob.match", ["{a,b", [], "b"], true); // gobwas accepts an unclosed {
  });

  it("rejects malformed patterns as gobwas/glob does", () => {
    expectError("glob.match", ["[a", [], "a"], { code: "builtin_error", argIndex: 0, message: "unexpected end of input" });
    expectError("glob.match", ["[]", [], "a"], { code: "builtin_error", argIndex: 0, message: "could not parse range" });
    expectError("glob.match", ["[a-z0-9]", [], "a"], { code: "builtin_error", argIndex: 0, message: "expected close range character" });
    expectError("glob.match", ["[z-a]", [], "a"], { code: "builtin_error", argIndex: 0, message: "should be greater" });
  });

  it("rejects bad delimiters", () => {
    expectError("glob.match", ["a", [1], "a"], { code: "type_error", argIndex: 1, message: "glob.match: operand 2 must be array of string but got array containing number" });
    expectError("glob.match", ["a", ["ab"], "a"], { code: "type_error", argIndex: 1, message: "array of rune" });
    expectError("glob.match", ["a", ".", "a"], { code: "type_error", argIndex: 1, message: "one of {array, null}" });
  });
});

describe("glob.quote_meta", () => {
  it("escapes the glob metacharacters", () => {
    expectCall("glob.quote_meta", ["*.github.com"], "\\*.github.com");
    expectCall("glob.quote_meta", ["[a]{b}?\\"], "\\[a\\]\\{b\\}\\?\\\\");
    expectCall("glob.quote_meta", ["plain,-!"], "plain,-!");
  });

  it("gives a pattern that matches the text itself", () => {
    for (const s of ["*.a?[b]{c,d}\\e", "**", "[!x]"]) {
      expect(call("glob.match", call("glob.quote_meta", s)!, [], s), s).toBe(true);
    }
  });
});

describe("glob.match: the two regex engines", () => {
  it("give the same answers as a direct matcher over the parsed pattern", () => {
    type Node = GlobNode;
    // Reference semantics, straight from the definitions: does `nodes` match runes[i…] completely?
    const matches = (nodes: readonly Node[], runes: readonly string[], delims: readonly string[]): boolean => {
      const rec = (seq: readonly Node[], k: number, i: number, rest: (i: number) => boolean): boolean => {
        if (k === seq.length) return rest(i);
        const n = seq[k]!;
        const next = (j: number): boolean => rec(seq, k + 1, j, rest);
        const cp = (j: number): number => runes[j]!.codePointAt(0)!;
        switch (n.kind) {
          case "text": {
            const t = Array.from(n.text);
            return t.every((c, x) => runes[i + x] === c) && next(i + t.length);
          }
          case "single":
            return i < runes.length && !delims.includes(runes[i]!) && next(i + 1);
          case "any":
          case "super":
            for (let j = i; ; j++) {
              if (next(j)) return true;
              if (j >= runes.length || (n.kind === "any" && delims.includes(runes[j]!))) return false;
            }
          case "list":
            return i < runes.length && n.chars.includes(cp(i)) !== n.not && next(i + 1);
          case "range":
            return i < runes.length && (cp(i) >= n.lo && cp(i) <= n.hi) !== n.not && next(i + 1);
          case "anyOf":
            return n.alternatives.some((alt) => rec(alt, 0, i, next));
        }
      };
      return rec(nodes, 0, 0, (i) => i === runes.length);
    };
    const glob = fc
      .array(fc.constantFrom("a", "b", ".", "*", "**", "?", "[ab]", "[!a]", "[a-b]", "{a,b.}", "{*,b}", "\\*"), { maxLength: 7 })
      .map((parts) => parts.join(""));
    const text = fc.array(fc.constantFrom("a", "b", ".", "*"), { maxLength: 8 }).map((cs) => cs.join(""));
    fc.assert(
      fc.property(glob, text, fc.constantFrom<string[] | null>([], null, ["a"]), (pattern, s, delims) => {
        const nodes = parseGlob(pattern);
        const effective = delims === null ? [] : delims.length === 0 ? ["."] : delims;
        const want = matches(nodes, Array.from(s), effective);
        const cps = effective.map((d) => d.codePointAt(0)!);
        const js = new RegExp(globToRegex(nodes, cps, "js"), "su").test(s);
        const re2 = RE2JS.compile(globToRegex(nodes, cps, "re2")).testExact(s);
        return js === want && re2 === want && call("glob.match", pattern, delims, s) === want;
      }),
      { numRuns: 2000 },
    );
  });

  it("matches many-star patterns in linear time", () => {
    expectCall("glob.match", ["*a*a*a*a*a*a*b", null, "a".repeat(20000)], false);
    expectCall("glob.match", ["{a,b}{a,b}{a,b}{a,b}{a,b}*c", null, "ab".repeat(10000)], false);
    expectCall("glob.match", ["*.*.com", [], "api.github.com"], true);
  });
});
