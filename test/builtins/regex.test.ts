import { describe, expect, it } from "vitest";
import { lookupBuiltin } from "../../src/builtins/registry.js";
import { BoundedCache } from "../../src/builtins/pattern-cache.js";
import { call, expectCall, expectError } from "./harness.js";

describe("regex.match", () => {
  it("matches anywhere unless anchored, with RE2 syntax", () => {
    expectCall("regex.match", ["^[a-z]+$", "abc"], true);
    expectCall("regex.match", ["b", "abc"], true);
    expectCall("regex.match", ["^b", "abc"], false);
    expectCall("regex.match", ["(?i)ABC", "xabcx"], true);
    expectCall("regex.match", ["a.c", "a\nc"], false);
    expectCall("regex.match", ["(?s)a.c", "a\nc"], true);
    expectCall("regex.match", ["a$", "a\n"], false); // Go's $ is the end of the text
    expectCall("regex.match", ["^.$", "😀"], true);
    expectCall("regex.match", ["^\\pL+$", "héllo"], true);
    expectCall("regex.match", ["(a+)+$", "a".repeat(5000) + "!"], false); // linear time, no catastrophic backtracking
  });

  it("rejects a bad pattern as a builtin_error on the pattern", () => {
    expectError("regex.match", ["a(", "x"], { code: "builtin_error", argIndex: 0, message: "regex.match: error parsing regexp: missing closing ): `a(`" });
    expectError("regex.match", ["(?<=a)b", "ab"], { code: "builtin_error", argIndex: 0 }); // RE2 has no lookbehind
    expectError("regex.match", ["a", 1], { code: "type_error", argIndex: 1 });
  });

  it("re_match is deprecated: v0 modules only, as in OPA v1 (see deprecated.test.ts)", () => {
    expect(lookupBuiltin("re_match")?.deprecated).toBeDefined();
  });
});

describe("regex.is_valid", () => {
  it("says whether a value is a valid pattern, never failing", () => {
    expectCall("regex.is_valid", ["[a-z]+"], true);
    expectCall("regex.is_valid", ["a("], false);
    expectCall("regex.is_valid", ["\\8"], false);
    expectCall("regex.is_valid", [1], false);
    expectCall("regex.is_valid", [null], false);
  });
});

describe("regex.split", () => {
  it("splits like Go's Regexp.Split (Go documentation examples)", () => {
    expectCall("regex.split", ["a", "banana"], ["b", "n", "n", ""]);
    expectCall("regex.split", ["a", "grape"], ["gr", "pe"]);
    expectCall("regex.split", ["z+", "pizza"], ["pi", "a"]);
    expectCall("regex.split", ["a*", "abaabaccadaaae"], ["", "b", "b", "c", "c", "d", "e"]);
    expectCall("regex.split", ["x", ""], [""]);
    expectCall("regex.split", ["", ""], []);
    expectCall("regex.split", ["", "ab"], ["a", "b"]);
  });

  it("rejects a bad pattern", () => {
    expectError("regex.split", ["[", "x"], { code: "builtin_error", argIndex: 0 });
  });
});

describe("regex.find_n / regex.find_all_string_submatch_n", () => {
  it("find successive matches (Go documentation examples)", () => {
    expectCall("regex.find_n", ["a.", "paranormal", -1], ["ar", "an", "al"]);
    expectCall("regex.find_n", ["a.", "paranormal", 2], ["ar", "an"]);
    expectCall("regex.find_n", ["a.", "graal", -1], ["aa"]);
    expectCall("regex.find_n", ["a.", "none", -1], []);
    expectCall("regex.find_n", ["a.", "paranormal", 0], []);
    expectCall("regex.find_n", ["x*", "axb", -1], ["", "x", ""]);
  });

  it("find matches with their groups, unmatched groups as \"\"", () => {
    expectCall("regex.find_all_string_submatch_n", ["a(x*)b", "-ab-", -1], [["ab", ""]]);
    expectCall("regex.find_all_string_submatch_n", ["a(x*)b", "-ab-axb-", -1], [["ab", ""], ["axb", "x"]]);
    expectCall("regex.find_all_string_submatch_n", ["a(x*)b", "-axxb-ab-", 1], [["axxb", "xx"]]);
    expectCall("regex.find_all_string_submatch_n", ["(a)|(b)", "ab", -1], [["a", "a", ""], ["b", "", "b"]]);
    expectCall("regex.find_all_string_submatch_n", ["z", "ab", -1], []);
  });

  it("reject fractional counts and bad patterns", () => {
    expectError("regex.find_n", ["a", "a", 1.5], { code: "type_error", argIndex: 2 });
    expectError("regex.find_all_string_submatch_n", ["(", "a", 1], { code: "builtin_error", argIndex: 0 });
  });
});

describe("regex.replace", () => {
  it("expands templates like Go's ReplaceAllString (Go documentation examples)", () => {
    expectCall("regex.replace", ["-ab-axxb-", "a(x*)b", "T"], "-T-T-");
    expectCall("regex.replace", ["-ab-axxb-", "a(x*)b", "$1"], "--xx-");
    expectCall("regex.replace", ["-ab-axxb-", "a(x*)b", "$1W"], "---"); // $1W names group "1W"
    expectCall("regex.replace", ["-ab-axxb-", "a(x*)b", "${1}W"], "-W-xxW-");
    expectCall("regex.replace", ["-ab-axxb-", "a(?P<1W>x*)b", "$1W"], "--xx-"); // now group "1W" exists
    expectCall("regex.replace", ["-ab-axxb-", "a(?P<n>x*)b", "<${n}>"], "-<>-<xx>-");
    expectCall("regex.replace", ["ab", "a", "$$"], "$b");
    expectCall("regex.replace", ["ab", "a", "$"], "$b");
    expectCall("regex.replace", ["ab", "a", "$&"], "$&b");
    expectCall("regex.replace", ["baaac", "a*", "X"], "XbXcX");
    expectCall("regex.replace", ["abc", "z", "X"], "abc");
  });

  it("blames the pattern (argument 2) for a bad pattern", () => {
    expectError("regex.replace", ["x", "(", "y"], { code: "builtin_error", argIndex: 1 });
  });
});

describe("regex.template_match", () => {
  it("matches literal text around the delimited patterns (OPA documentation)", () => {
    expectCall("regex.template_match", ["urn:foo:{.*}", "urn:foo:bar:baz", "{", "}"], true);
    expectCall("regex.template_match", ["urn:foo.bar.com:{.*}", "urn:foo.com:bar:baz", "{", "}"], false);
    expectCall("regex.template_match", ["urn:foo.bar.com:{.*}", "urn:foo.bar.com:x", "{", "}"], true);
    // OPA's template compiler (forked from ory/ladon) has no default pattern: `<>` is the empty group `()`.
    expectCall("regex.template_match", ["a/<>", "a/", "<", ">"], true);
    expectCall("regex.template_match", ["a/<>", "a/b", "<", ">"], false);
    expectCall("regex.template_match", ["a/<[^/]+>", "a/b", "<", ">"], true);
    expectCall("regex.template_match", ["a/<[^/]+>", "a/b/c", "<", ">"], false);
    expectCall("regex.template_match", ["{[0-9]+}-{x{2}}", "12-xx", "{", "}"], true);
  });

  it("rejects unbalanced delimiters and long delimiters", () => {
    expectError("regex.template_match", ["a{", "a", "{", "}"], { code: "builtin_error", argIndex: 0, message: "unbalanced braces" });
    expectError("regex.template_match", ["a}", "a", "{", "}"], { code: "builtin_error", argIndex: 0 });
    expectError("regex.template_match", ["a", "a", "{{", "}"], { code: "builtin_error", argIndex: 2, message: "exactly one character" });
    expectError("regex.template_match", ["a", "a", "{", "é"], { code: "builtin_error", argIndex: 3 });
    // Each delimited part compiles alone first, as `^part$`, so its error names that text.
    expectError("regex.template_match", ["x{(}", "a", "{", "}"], { code: "builtin_error", argIndex: 0, message: "error parsing regexp: missing closing ): `^($`" });
    expectError("regex.template_match", ["a{", "a", "{", "}"], { code: "builtin_error", argIndex: 0, message: 'unbalanced braces in "a{"' });
    // OPA's message for a bad end delimiter reports the start delimiter's length.
    expectError("regex.template_match", ["a", "a", "{", "}}"], { code: "builtin_error", argIndex: 3, message: "end delimiter has to be exactly one character long but is 1 long" });
  });
});

describe("regex.globs_match", () => {
  it("tells whether two patterns share a non-empty string", () => {
    expectCall("regex.globs_match", ["a.a.[0-9]+z", ".b.b2359825792*z"], true); // "abab2359825792z"
    expectCall("regex.globs_match", ["a.a.[0-9]+z", ".b.b2359825792*"], false); // the first ends in z, the second in a digit
    expectCall("regex.globs_match", ["[a-c]+", "[d-f]+"], false);
    expectCall("regex.globs_match", ["a+", "a"], true);
    expectCall("regex.globs_match", ["a.", ".b"], true);
    expectCall("regex.globs_match", ["ab", "a"], false);
    expectCall("regex.globs_match", ["a*", "b*"], false); // only the empty string is common
    expectCall("regex.globs_match", ["x*y", "xxxxy"], true);
    expectCall("regex.globs_match", ["\\.", "[.]"], true);
    expectCall("regex.globs_match", ["\\.", "a"], false);
  });

  it("blames the malformed pattern", () => {
    expectError("regex.globs_match", ["[a-", "x"], { code: "builtin_error", argIndex: 0 });
    expectError("regex.globs_match", ["x", "*"], { code: "builtin_error", argIndex: 1 });
    expectError("regex.globs_match", ["[z-a]", "x"], { code: "builtin_error", argIndex: 0 });
  });
});

describe("pattern cache", () => {
  it("keeps at most its limit, dropping the oldest", () => {
    const c = new BoundedCache<number>(2);
    c.set("a", 1);
    c.set("b", 2);
    c.set("c", 3);
    expect(c.size).toBe(2);
    expect(c.get("a")).toBeUndefined();
    expect(c.get("c")).toBe(3);
  });

  it("gives the same answers for a pattern seen before", () => {
    for (let i = 0; i < 3; i++) expect(call("regex.match", "^x[0-9]$", `x${i}`)).toBe(true);
  });
});
