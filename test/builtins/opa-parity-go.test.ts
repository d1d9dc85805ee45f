/**
 * More places where a built-in differed from OPA, each with the behaviour of
 * OPA's topdown code or the Go library it calls (named in each test), which
 * gives the expected value.
 */
import { describe, expect, it } from "vitest";
import { formatPrintArg } from "../../src/builtins/debugging.js";
import { call, expectError } from "./call.js";
import { set } from "./harness.js";

describe("Rego text of composite values (ast.String.String is strconv.Quote)", () => {
  it("sprintf %v of an array escapes non-printable characters as Go does", () => {
    // OPA passes a non-string, non-number argument to fmt.Sprintf as its String(); strings inside are strconv.Quote'd.
    expect(call("sprintf", "%v", [["\u0001", "\u007f", "\u000b", "\u0007", "\t"]])).toBe('["\\x01", "\\x7f", "\\v", "\\a", "\\t"]');
    // unicode.IsPrint is false for spaces other than U+0020 and for format characters: \u escapes.
    expect(call("sprintf", "%v", [["\u00a0", "\u200b", "\ufeff", "\u2028"]])).toBe('["\\u00a0", "\\u200b", "\\ufeff", "\\u2028"]');
    // Printable non-ASCII stays as is; quotes and backslashes are escaped.
    expect(call("sprintf", "%v", [["é", "😀", 'a"b', "\\"]])).toBe('["é", "😀", "a\\"b", "\\\\"]');
  });

  it("sprintf %v quotes object keys and set elements the same way", () => {
    expect(call("sprintf", "%v", [{ "\u0001": set("\u00a0") }])).toBe('{"\\x01": {"\\u00a0"}}');
  });

  it("print writes composite arguments with Go quoting, top-level strings raw", () => {
    expect(formatPrintArg("a\u0001")).toBe("a\u0001");
    expect(formatPrintArg(["a\u0001", "\u00a0"])).toBe('["a\\x01", "\\u00a0"]');
  });

  it("%q of a lone surrogate prints U+FFFD unescaped: Go strings hold the replacement character, which is printable", () => {
    expect(call("sprintf", "%q", ["a\ud800"])).toBe('"a\ufffd"');
  });
});

describe("time zones (time.LoadLocation opens the zone by its exact name)", () => {
  it("rejects a zone name in the wrong case, which ICU alone would accept", () => {
    expectError("time.date", [[0, "utc"]], { code: "builtin_error", argIndex: 0, message: "unknown time zone utc" });
    expectError("time.clock", [[0, "america/new_york"]], { code: "builtin_error", argIndex: 0, message: "unknown time zone america/new_york" });
    expect(call("time.date", [0, "America/New_York"])).toEqual([1969, 12, 31]);
    expect(call("time.date", [0, "Etc/GMT+5"])).toEqual([1969, 12, 31]);
  });
});

describe("yaml.unmarshal of big floats (sigs.k8s.io/yaml: go-yaml float64 → encoding/json text → OPA's exact number)", () => {
  it("reads an integral float beyond 2^53 as the shortest decimal Go's encoding/json writes for it", () => {
    // 1e30 is a float64; json.Marshal writes 1e+30, which OPA reads exactly as 10^30 (not 1000000000000000019884624838656).
    expect(call("yaml.unmarshal", "a: 1e30")).toEqual({ a: 10n ** 30n });
    // Beyond uint64, go-yaml falls back to float64 2^64, written by strconv with its shortest digits.
    expect(call("yaml.unmarshal", "- 18446744073709551616")).toEqual([18446744073709552000n]);
    // Below int64, likewise: -9.223372036854776e18.
    expect(call("yaml.unmarshal", "- -9223372036854775809")).toEqual([-9223372036854776000n]);
    expect(call("yaml.unmarshal", "- 1.5e20")).toEqual([150000000000000000000n]);
  });

  it("keeps integers exact and small floats as doubles", () => {
    expect(call("yaml.unmarshal", "- 12345678901234567890\n- 0.1\n- 9007199254740993.0")).toEqual([12345678901234567890n, 0.1, 9007199254740992n]);
  });
});

describe("yaml.unmarshal mapping keys (sigs.k8s.io/yaml convertToJSONableObject over go-yaml v2's key types)", () => {
  it("rejects a null key: go-yaml decodes it as nil, which has no JSON key", () => {
    expectError("yaml.unmarshal", ["~: a"], { code: "builtin_error", argIndex: 0, message: "unsupported map key" });
    expectError("yaml.unmarshal", ["b: 1\nnull: a"], { code: "builtin_error", argIndex: 0, message: "unsupported map key" });
    expectError("yaml.unmarshal", ["{x: {Null: 1}}"], { code: "builtin_error", argIndex: 0, message: "unsupported map key" });
    expect(call("yaml.is_valid", "~: a")).toBe(false);
  });

  it("rejects a key beyond int64, which go-yaml decodes as uint64", () => {
    expectError("yaml.unmarshal", ["9223372036854775808: a"], { code: "builtin_error", argIndex: 0, message: "unsupported map key" });
    expect(call("yaml.unmarshal", "9223372036854775807: a")).toEqual({ "9223372036854775807": "a" });
  });

  it("writes a float key with strconv.FormatFloat(k, 'g', -1, 32)", () => {
    expect(call("yaml.unmarshal", "1e3: a\n1e6: b\n3.14159265: c\n1.0: d\n0.00001: e\n-2.5: f\n123456.7: g")).toEqual({
      "1000": "a",
      "1e+06": "b",
      "3.1415927": "c",
      "1": "d",
      "1e-05": "e",
      "-2.5": "f",
      "123456.7": "g",
    });
    // Infinities and NaN get YAML's names; a float64 beyond float32's range is an infinity there.
    expect(call("yaml.unmarshal", ".inf: a\n-.Inf: b\n.NaN: c")).toEqual({ ".inf": "a", "-.inf": "b", ".nan": "c" });
    expect(call("yaml.unmarshal", "1e40: d")).toEqual({ ".inf": "d" });
  });

  it("leaves null and float values, aliases and merges as they were", () => {
    expect(call("yaml.unmarshal", "a: &x ~\nb: *x\nc: [~, 1.5, *x]\n<<: {d: ~}")).toEqual({ a: null, b: null, c: [null, 1.5, null], d: null });
    expect(call("yaml.unmarshal", "~")).toBe(null);
    expect(call("yaml.unmarshal", "2.5")).toBe(2.5);
    expect(call("yaml.unmarshal", "true: a\n0x10: b\n2001-01-01: c")).toEqual({ true: "a", "16": "b", "2001-01-01": "c" });
  });
});

describe("decoded bytes that are not UTF-8 (Go reads them with utf8.DecodeRune: one U+FFFD per bad byte)", () => {
  it("base64.decode, hex.decode and urlquery.decode replace each byte of a truncated sequence", () => {
    // e6 97 is the start of a three-byte sequence cut short: DecodeRune gives RuneError of size 1 twice,
    // so OPA counts two runes and encoding/json writes "\ufffd\ufffd" (WHATWG decoding would give one).
    expect(call("base64.decode", "5pc=")).toBe("\ufffd\ufffd");
    expect(call("hex.decode", "e69741")).toBe("\ufffd\ufffdA");
    expect(call("urlquery.decode", "%E6%97")).toBe("\ufffd\ufffd");
    expect(call("count", call("hex.decode", "41e697e697a5ff42")!)).toBe(6);
  });

  it("rejects what DecodeRune rejects: surrogates, overlong forms and code points above U+10FFFF", () => {
    expect(call("hex.decode", "eda080")).toBe("\ufffd\ufffd\ufffd");
    expect(call("hex.decode", "c0af")).toBe("\ufffd\ufffd");
    expect(call("hex.decode", "e08080")).toBe("\ufffd\ufffd\ufffd");
    expect(call("hex.decode", "f4908080")).toBe("\ufffd\ufffd\ufffd\ufffd");
    // The limits themselves are valid.
    expect(call("hex.decode", "e0a080f48fbfbf")).toBe("\u0800\u{10ffff}");
    expect(call("base64.decode", "5pel5pys")).toBe("日本");
  });
});
