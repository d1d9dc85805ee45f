/**
 * `yaml.marshal` and `yaml.unmarshal` in the detail OPA gives them. OPA calls
 * sigs.k8s.io/yaml, which goes through go-yaml v2: its `resolve` decides
 * what a plain scalar is, and its encoder (a port of libyaml's emitter)
 * decides key order, quoting, indentation and line folding. Expected text is
 * worked out from those rules (go-yaml v2's resolve.go, encode.go,
 * sorter.go and emitterc.go), not from this engine's output.
 */
import { describe, expect, it } from "vitest";
import { ObjectBuilder, SetValue } from "../../src/value/index.js";
import { call, expectError } from "./call.js";

const marshal = (x: Parameters<typeof call>[1]) => call("yaml.marshal", x);

describe("yaml.marshal: key order (go-yaml's keyList.Less)", () => {
  it("compares runs of digits as numbers", () => {
    expect(marshal({ a10: 1, a2: 2, a1: 3 })).toBe("a1: 3\na2: 2\na10: 1\n");
    expect(marshal({ "item-10": 1, "item-9": 2 })).toBe("item-9: 2\nitem-10: 1\n");
  });

  it("puts a non-letter before a letter, and compares letters by code point", () => {
    // `_x` before `1`: neither starts with a letter, so their digit runs compare, and `_x` has none (0 < 1).
    expect(marshal({ B: 1, _x: 2, a: 3, "1": 4 })).toBe('_x: 2\n"1": 4\nB: 1\na: 3\n');
  });
});

describe("yaml.marshal: scalars", () => {
  it("double-quotes strings that would read back as another type", () => {
    expect(marshal(["yes", "off", "y", "N", "~", "null", "", "1", "-2", "0x10", "010", "1e3", ".5", "1_000", "1:30", "2001-12-14", "true"])).toBe(
      '- "yes"\n- "off"\n- "y"\n- "N"\n- "~"\n- "null"\n- ""\n- "1"\n- "-2"\n- "0x10"\n- "010"\n- "1e3"\n- ".5"\n- "1_000"\n- "1:30"\n- "2001-12-14"\n- "true"\n',
    );
  });

  it("leaves strings plain when they read back as strings and nothing in them is an indicator", () => {
    expect(marshal(["hello world", "it's", 'say "hi"', "a-b", "<>&", "x: y:z", "a#b", "1e400", "2001-13-01", "Yes!", "é"])).toBe(
      "- hello world\n- it's\n- say \"hi\"\n- a-b\n- <>&\n- 'x: y:z'\n- a#b\n- 1e400\n- 2001-13-01\n- Yes!\n- é\n",
    );
  });

  it("single-quotes strings the emitter cannot write plain: indicators, `: `, ` #`, edge spaces", () => {
    expect(marshal(["a: b", "#c", "- x", "key:", " lead", "trail ", "a #b", "*ref", "[x]", "{x}", "!tag", "%p", "@at", "`q", "|x", ">x", "?x", "? x", "---", "it's: x"])).toBe(
      "- 'a: b'\n- '#c'\n- '- x'\n- 'key:'\n- ' lead'\n- 'trail '\n- 'a #b'\n- '*ref'\n- '[x]'\n- '{x}'\n- '!tag'\n- '%p'\n- '@at'\n- '`q'\n- '|x'\n- '>x'\n- ?x\n- '? x'\n- '---'\n- 'it''s: x'\n",
    );
  });

  it("double-quotes strings with characters YAML cannot print, escaping them as libyaml does", () => {
    expect(marshal(["tab\there", "cr\rx", "nul\u0000", "esc\u001b", "del\u007f", "nel\u0085", "bom\ufeff", "😀"])).toBe(
      '- "tab\\there"\n- "cr\\rx"\n- "nul\\0"\n- "esc\\e"\n- "del\\x7F"\n- "nel\\N"\n- "bom\\uFEFF"\n- "\\U0001F600"\n',
    );
  });

  it("writes strings with a line feed as literal blocks, with chomping and indentation hints", () => {
    expect(marshal("a\nb")).toBe("|-\n  a\n  b\n");
    expect(marshal({ k: "a\nb\n" })).toBe("k: |\n  a\n  b\n");
    expect(marshal({ k: "a\n\nb" })).toBe("k: |-\n  a\n\n  b\n");
    expect(marshal({ k: " a\nb" })).toBe("k: |2-\n   a\n  b\n");
    expect(marshal([["x\ny"]])).toBe("- - |-\n    x\n    y\n");
    // A trailing space rules out a block: double quotes instead.
    expect(marshal({ k: "a \nb" })).toBe('k: "a \\nb"\n');
  });

  it("folds long plain and quoted strings at a space once past column 80", () => {
    const words = Array.from({ length: 30 }, () => "word").join(" ");
    // "long: " is 6 columns; the break comes at the first space after column 80.
    const first = Array.from({ length: 16 }, () => "word").join(" ");
    const rest = Array.from({ length: 14 }, () => "word").join(" ");
    expect(marshal({ long: words })).toBe(`long: ${first}\n  ${rest}\n`);
    expect(marshal({ long: words + ":" })).toBe(`long: '${Array.from({ length: 15 }, () => "word").join(" ")}\n  ${Array.from({ length: 15 }, () => "word").join(" ")}:'\n`);
    // No space, no fold.
    expect(marshal({ long: "x".repeat(100) })).toBe(`long: ${"x".repeat(100)}\n`);
  });

  it("writes integers of up to 64 bits as they are and other numbers as Go's 'g' format", () => {
    expect(marshal([0, -3, 9007199254740993n, 18446744073709551615n, 18446744073709551616n, 0.5, 1234567.5, 1e-7, 123456.5, -2.5e-5])).toBe(
      "- 0\n- -3\n- 9007199254740993\n- 18446744073709551615\n- 1.8446744073709552e+19\n- 0.5\n- 1.2345675e+06\n- 1e-07\n- 123456.5\n- -2.5e-05\n",
    );
  });

  it("writes null and booleans plain", () => {
    expect(marshal(null)).toBe("null\n");
    expect(marshal({ t: true, f: false, n: null })).toBe('f: false\n"n": null\nt: true\n');
  });
});

describe("yaml.marshal: collections", () => {
  it("indents mappings by two, and leaves sequences under a key unindented", () => {
    expect(marshal({ a: { b: { c: [1, { d: [2] }] } } })).toBe("a:\n  b:\n    c:\n    - 1\n    - d:\n      - 2\n");
    expect(marshal([[1, 2], { a: 1, b: 2 }])).toBe("- - 1\n  - 2\n- a: 1\n  b: 2\n");
  });

  it("writes empty collections in flow style", () => {
    expect(marshal({})).toBe("{}\n");
    expect(marshal([])).toBe("[]\n");
    expect(marshal({ a: [], b: {}, c: [{}] })).toBe("a: []\nb: {}\nc:\n- {}\n");
  });

  it("writes sets as sorted sequences and non-string keys as their JSON text", () => {
    expect(marshal({ s: SetValue.from([3, 1, 2]) })).toBe("s:\n- 1\n- 2\n- 3\n");
    const b = new ObjectBuilder();
    b.set(2, "v2");
    b.set([1, "a"], "v1");
    // `[1,"a"]` starts with an indicator, so it is single-quoted; `2` would read back as a number.
    expect(marshal(b.build())).toBe(`'[1,"a"]': v1\n"2": v2\n`);
  });

  it("writes a key longer than 128 bytes, or spanning lines, as a complex key", () => {
    const key = "k".repeat(129);
    expect(marshal({ [key]: 1 })).toBe(`? ${key}\n: 1\n`);
    expect(marshal({ ["k".repeat(128)]: 1 })).toBe(`${"k".repeat(128)}: 1\n`);
    expect(marshal({ "a\nb": 1 })).toBe("? |-\n  a\n  b\n: 1\n");
  });
});

describe("yaml.unmarshal: plain scalars as go-yaml v2 resolves them", () => {
  it("reads integers as strconv.ParseInt(s, 0, 64) does, after dropping underscores", () => {
    expect(call("yaml.unmarshal", "a: 010\nb: 0x1F\nc: 0b101\nd: 0o17\ne: 1_000\nf: +12\ng: -0x10\nh: 08")).toEqual({
      a: 8,
      b: 31,
      c: 5,
      d: 15,
      e: 1000,
      f: 12,
      g: -16,
      h: 8, // not octal: read as the float 8
    });
    expect(call("yaml.unmarshal", "u: 18446744073709551615")).toEqual({ u: 18446744073709551615n });
  });

  it("reads floats of YAML's form, and keeps out-of-range ones as strings", () => {
    expect(call("yaml.unmarshal", "a: 1.5\nb: -.5\nc: 1e3\nd: 2.\ne: .25\nf: 1e400")).toEqual({ a: 1.5, b: -0.5, c: 1000, d: 2, e: 0.25, f: "1e400" });
  });

  it("reads YAML 1.1 booleans, also as keys, and keeps timestamps and quoted scalars as strings", () => {
    expect(call("yaml.unmarshal", "a: On\nb: NO\nc: 2001-12-14t21:59:43.10-05:00\nd: '010'\ne: \"yes\"")).toEqual({
      a: true,
      b: false,
      c: "2001-12-14t21:59:43.10-05:00",
      d: "010",
      e: "yes",
    });
    expect(call("yaml.unmarshal", "on: 1\n1: 2")).toEqual({ true: 1, "1": 2 });
  });

  it("lets a later duplicate key override an earlier one", () => {
    expect(call("yaml.unmarshal", "a: 1\nb: 2\na: 3")).toEqual({ a: 3, b: 2 });
  });

  it("reads back what it writes", () => {
    const doc = {
      list: ["yes", "010", "1:30", "a: b", " x", "tab\t", "😀", "line\nbreak\n", "2001-12-14", ""],
      nums: [0, -7, 0.125, 18446744073709551615n],
      nested: { "": null, deep: [[{ k: true }]] },
    };
    expect(call("yaml.unmarshal", marshal(doc) as string)).toEqual(doc);
  });

  it("rejects what JSON cannot hold", () => {
    expectError("yaml.unmarshal", ["x: .nan"], { code: "builtin_error", argIndex: 0 });
    expectError("yaml.unmarshal", ["x: -.Inf"], { code: "builtin_error", argIndex: 0 });
  });
});
