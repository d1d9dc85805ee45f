import { describe, expect, it } from "vitest";
import { lookupBuiltin } from "../../src/builtins/registry.js";
import { call, expectCall, expectError, obj, set } from "./harness.js";

describe("concat", () => {
  it("joins arrays in order and sets in sorted order", () => {
    expectCall("concat", [",", ["b", "a"]], "b,a");
    expectCall("concat", [", ", set("b", "a", "c")], "a, b, c");
    expectCall("concat", ["-", []], "");
    expectCall("concat", ["", ["1", "x"]], "1x");
  });

  it("rejects non-string elements and other collections", () => {
    expectError("concat", [",", ["a", 1]], { code: "type_error", argIndex: 1, message: "concat: operand 2 must be array of string but got array containing number" });
    expectError("concat", [",", "ab"], { code: "type_error", argIndex: 1, message: "one of {array, set}" });
    expectError("concat", [1, ["a"]], { code: "type_error", argIndex: 0 });
  });
});

describe("contains / startswith / endswith", () => {
  it("match substrings, the empty string included (regorus cases)", () => {
    expectCall("contains", ["Hello, world", ", "], true);
    expectCall("contains", ["Hello world", ""], true);
    expectCall("contains", ["", ","], false);
    expectCall("contains", ["", ""], true);
    expectCall("startswith", ["abc", "ab"], true);
    expectCall("startswith", ["abc", "bc"], false);
    expectCall("endswith", ["abc", "bc"], true);
    expectCall("endswith", ["abc", ""], true);
  });

  it("reject non-strings in either place", () => {
    for (const bad of [null, true, 1, [], set(), {}]) {
      expectError("contains", [bad, ""], { code: "type_error", argIndex: 0, message: "contains: operand 1 must be string" });
      expectError("contains", ["", bad], { code: "type_error", argIndex: 1 });
    }
  });
});

describe("format_int", () => {
  it("formats in bases 2, 8, 10, 16, truncating fractions (regorus cases)", () => {
    const bases: [number, string, string][] = [
      [2, "1010", "-1010"],
      [8, "12", "-12"],
      [10, "10", "-10"],
      [16, "a", "-a"],
    ];
    for (const [base, pos, neg] of bases) {
      expectCall("format_int", [10, base], pos);
      expectCall("format_int", [-10, base], neg);
    }
    expectCall("format_int", [10.2, 2], "1010");
    expectCall("format_int", [10.7, 8], "12");
    expectCall("format_int", [10.325436, 10], "10");
    expectCall("format_int", [-10.765, 2], "-1010");
    expectCall("format_int", [-10.999999999, 10], "-10");
    expectCall("format_int", [-0.5, 10], "0");
    expectCall("format_int", [2n ** 64n, 16], "10000000000000000");
  });

  it("rejects other bases and non-numbers", () => {
    // OPA's NewOperandEnumErr is an operand error, which OPA reports as a type error.
    expectError("format_int", [10, 4], { code: "type_error", argIndex: 1, message: "one of {2, 8, 10, 16}" });
    expectError("format_int", ["10", 2], { code: "type_error", argIndex: 0 });
    expectError("format_int", [10, "2"], { code: "type_error", argIndex: 1 });
  });
});

describe("indexof / indexof_n", () => {
  it("index in characters", () => {
    expectCall("indexof", ["abcdefgh", "cde"], 2);
    expectCall("indexof", ["abc", "x"], -1);
    expectCall("indexof", ["héllo wörld", "wö"], 6);
    expectCall("indexof", ["😀😀a", "a"], 2);
    expectCall("indexof_n", ["sad sad sad", "sad"], [0, 4, 8]);
    expectCall("indexof_n", ["aaa", "aa"], [0, 1]);
    expectCall("indexof_n", ["é-é-é", "é"], [0, 2, 4]);
    expectCall("indexof_n", ["😀x😀", "😀"], [0, 2]);
    expectCall("indexof_n", ["abc", "z"], []);
  });

  it("reject an empty needle", () => {
    expectError("indexof", ["abc", ""], { code: "builtin_error", argIndex: 1, message: "empty search character" });
    expectError("indexof_n", ["abc", ""], { code: "builtin_error", argIndex: 1 });
    expectError("indexof", [1, "a"], { code: "type_error", argIndex: 0 });
  });
});

describe("lower / upper", () => {
  it("change case (regorus cases)", () => {
    const lower: [string, string][] = [
      ["", ""],
      ["A", "a"],
      ["AbCd", "abcd"],
      ["aBcD109", "abcd109"],
      ["aabAB09_", "aabab09_"],
      ["longStrinGwitHmixofsmaLLandcAps", "longstringwithmixofsmallandcaps"],
      ["Σ", "σ"],
      ["LONG\u2C6FSTRING\u2C6FWITH\u2C6FNONASCII\u2C6FCHARS", "long\u0250string\u0250with\u0250nonascii\u0250chars"],
    ];
    for (const [x, want] of lower) expectCall("lower", [x], want);
    expectCall("upper", ["aBc-é"], "ABC-É");
  });

  it("map each character on its own, as Go does (no final sigma, no expansion)", () => {
    // Go's unicode.ToLower maps every Σ to σ; JS's toLowerCase would end the word with ς.
    expectCall("lower", ["ὈΔΥΣΣΕΎΣ"], "ὀδυσσεύσ");
    expectCall("lower", ["İ"], "i");
    expectCall("upper", ["straße"], "STRAßE");
    expectCall("upper", ["ﬁx"], "ﬁX");
    expectCall("upper", ["ᾳ"], "ᾼ");
  });

  it("reject non-strings", () => {
    for (const bad of [null, true, 1, [], set(), {}]) expectError("lower", [bad], { code: "type_error", argIndex: 0 });
    expectError("upper", [1], { code: "type_error", argIndex: 0 });
  });
});

describe("replace / split", () => {
  it("replace every occurrence, literally", () => {
    expectCall("replace", ["hello", "l", "L"], "heLLo");
    expectCall("replace", ["aaa", "aa", "b"], "ba");
    expectCall("replace", ["ab", "", "-"], "-a-b-");
    expectCall("replace", ["😀", "", "-"], "-😀-");
    expectCall("replace", ["x", "x", "$&$&"], "$&$&");
  });

  it("split like Go's strings.Split (regorus cases)", () => {
    expectCall("split", ["test", ""], ["t", "e", "s", "t"]);
    expectCall("split", ["", ""], []);
    expectCall("split", ["", ","], [""]);
    expectCall("split", ["a,b,", ","], ["a", "b", ""]);
    expectCall("split", ["😀x", ""], ["😀", "x"]);
  });

  it("reject non-strings", () => {
    expectError("replace", ["a", 1, "b"], { code: "type_error", argIndex: 1 });
    expectError("split", ["a", null], { code: "type_error", argIndex: 1 });
  });
});

describe("substring", () => {
  it("slices in characters; a negative length means to the end", () => {
    expectCall("substring", ["abcdef", 1, 3], "bcd");
    expectCall("substring", ["abcdef", 1, -1], "bcdef");
    expectCall("substring", ["abcdef", 0, 100], "abcdef");
    expectCall("substring", ["abc", 3, 1], "");
    expectCall("substring", ["abc", 10, 1], "");
    expectCall("substring", ["héllo", 1, 3], "éll");
    expectCall("substring", ["😀ab", 1, 1], "a");
    expectCall("substring", ["abc", 1, 10n ** 18n], "bc");
    expectCall("substring", ["", 0, 1], "");
  });

  it("rejects a negative or fractional offset", () => {
    expectError("substring", ["abc", -1, 1], { code: "builtin_error", argIndex: 1, message: "negative offset" });
    expectError("substring", ["abc", 1.5, 1], { code: "type_error", argIndex: 1, message: "must be integer number" });
    expectError("substring", ["abc", 1, 0.5], { code: "type_error", argIndex: 2 });
  });
});

describe("trim family", () => {
  it("trim, trim_left and trim_right strip characters of the cutset", () => {
    expectCall("trim", ["  hi  ", " "], "hi");
    expectCall("trim", ["xyhiyx", "yx"], "hi");
    expectCall("trim", ["abc", ""], "abc");
    expectCall("trim", ["😀hi😀", "😀"], "hi");
    expectCall("trim_left", ["aabca", "a"], "bca");
    expectCall("trim_right", ["aabca", "a"], "aabc");
  });

  it("trim_prefix and trim_suffix strip one occurrence", () => {
    expectCall("trim_prefix", ["abab", "ab"], "ab");
    expectCall("trim_prefix", ["abc", "x"], "abc");
    expectCall("trim_suffix", ["abab", "ab"], "ab");
    expectCall("trim_suffix", ["abc", ""], "abc");
  });

  it("trim_space uses Go's white space (U+0085 yes, U+FEFF no)", () => {
    expectCall("trim_space", ["\t hi \n"], "hi");
    expectCall("trim_space", ["\u0085\u00a0\u3000hi\u2029"], "hi");
    expectCall("trim_space", ["\ufeffhi"], "\ufeffhi");
    expectCall("trim_space", [" "], "");
  });
});

describe("strings.any_prefix_match / any_suffix_match", () => {
  it("accept strings, arrays and sets on both sides", () => {
    expectCall("strings.any_prefix_match", ["abc", "ab"], true);
    expectCall("strings.any_prefix_match", [["x", "abc"], set("b", "a")], true);
    expectCall("strings.any_prefix_match", [set("x", "y"), ["a"]], false);
    expectCall("strings.any_prefix_match", [[], "a"], false);
    expectCall("strings.any_suffix_match", ["abc", ["x", "bc"]], true);
    expectCall("strings.any_suffix_match", [["abc"], "ab"], false);
  });

  it("reject non-string elements and other types", () => {
    expectError("strings.any_prefix_match", [["a", 1], "a"], { code: "type_error", argIndex: 0, message: "array of string but got array containing number" });
    expectError("strings.any_suffix_match", ["a", set(null)], { code: "type_error", argIndex: 1 });
    expectError("strings.any_prefix_match", [1, "a"], { code: "type_error", argIndex: 0 });
  });
});

describe("strings.count / strings.reverse", () => {
  it("count non-overlapping occurrences; the empty string counts character boundaries", () => {
    expectCall("strings.count", ["cheese", "e"], 3);
    expectCall("strings.count", ["aaaa", "aa"], 2);
    expectCall("strings.count", ["five", ""], 5);
    expectCall("strings.count", ["héllo", ""], 6);
    expectCall("strings.count", ["abc", "d"], 0);
  });

  it("reverse characters", () => {
    expectCall("strings.reverse", ["abc"], "cba");
    expectCall("strings.reverse", ["héllo😀"], "😀olléh");
    expectCall("strings.reverse", [""], "");
  });
});

describe("strings.replace_n", () => {
  it("replaces like Go's strings.NewReplacer with the keys sorted", () => {
    expectCall("strings.replace_n", [{ a: "b", b: "c" }, "ab"], "bc"); // replaced text is not rescanned
    expectCall("strings.replace_n", [{ "<": "&lt;", ">": "&gt;" }, "<b>"], "&lt;b&gt;");
    // At one position the least key in sorted order wins, even when a longer key matches too.
    expectCall("strings.replace_n", [{ ab: "2", a: "1" }, "abab"], "1b1b");
    expectCall("strings.replace_n", [{ abc: "X", b: "Y" }, "abc"], "X"); // the leftmost match goes first
    expectCall("strings.replace_n", [{}, "abc"], "abc");
    // An empty key matches between characters (once per place).
    expectCall("strings.replace_n", [{ "": "-" }, "ab"], "-a-b-");
    expectCall("strings.replace_n", [{ "": "X", a: "Y" }, "ab"], "XYXbX");
  });

  // OPA builds these with builtins.NewOperandErr, an operand error, which it reports as a type error.
  it("rejects non-string keys and values", () => {
    expectError("strings.replace_n", [obj([1, "a"]), "1"], { code: "type_error", argIndex: 0, message: "non-string key" });
    expectError("strings.replace_n", [{ a: 1 }, "a"], { code: "type_error", argIndex: 0, message: "non-string value" });
    expectError("strings.replace_n", [{ a: "b" }, 1], { code: "type_error", argIndex: 1 });
  });
});

describe("to_number", () => {
  it("converts numbers, decimal strings, booleans and null", () => {
    expectCall("to_number", ["10"], 10);
    expectCall("to_number", ["-1.5e3"], -1500);
    expectCall("to_number", [".5"], 0.5);
    expectCall("to_number", ["5."], 5);
    expectCall("to_number", ["+7"], 7);
    expectCall("to_number", ["0.1"], 0.1);
    expectCall("to_number", ["1e20"], 100000000000000000000n);
    expectCall("to_number", ["1000000000000000000001"], 1000000000000000000001n);
    expectCall("to_number", ["1.5e30"], 1500000000000000000000000000000n);
    expectCall("to_number", ["1e-400"], 0);
    expectCall("to_number", [3.5], 3.5);
    expectCall("to_number", [true], 1);
    expectCall("to_number", [false], 0);
    expectCall("to_number", [null], 0);
  });

  it("rejects text that is not a decimal number, and other types", () => {
    for (const bad of ["abc", "", " 1", "1_000", "0x10", "inf", "NaN", ".", "1e"]) {
      expectError("to_number", [bad], { code: "builtin_error", argIndex: 0, message: `parsing ${JSON.stringify(bad)}: invalid syntax` });
    }
    expectError("to_number", ["1e400"], { code: "builtin_error", argIndex: 0, message: "value out of range" });
    expectError("to_number", [[1]], { code: "type_error", argIndex: 0, message: "one of {boolean, null, number, string}" });
  });
});

describe("family completeness", () => {
  it("has every OPA strings built-in", () => {
    const names = [
      "concat", "contains", "endswith", "format_int", "indexof", "indexof_n", "lower", "replace", "split", "sprintf",
      "startswith", "strings.any_prefix_match", "strings.any_suffix_match", "strings.count", "strings.replace_n",
      "strings.render_template", "strings.reverse", "substring", "to_number", "trim", "trim_left", "trim_prefix", "trim_right", "trim_space",
      "trim_suffix", "upper",
    ];
    for (const n of names) expect(lookupBuiltin(n), n).toBeDefined();
    expect(call("trim_space", " x ")).toBe("x");
  });
});
