import { describe, expect, it } from "vitest";
import { formatPrintArg } from "../../src/builtins/debugging.js";
import { lookupBuiltin } from "../../src/builtins/registry.js";
import { call, obj, printed, set } from "./harness.js";

describe("formatPrintArg", () => {
  it("prints strings raw and other values as Rego text (print.yaml)", () => {
    const cases: [Parameters<typeof formatPrintArg>[0], string][] = [
      [null, "null"],
      [true, "true"],
      [false, "false"],
      [1, "1"],
      [-0, "0"],
      [-1.1, "-1.1"],
      [0.1, "0.1"],
      ["Hello", "Hello"],
      ["hello\nworld", "hello\nworld"],
      [[1, 2, 3], "[1, 2, 3]"],
      [set(1, 2, 3), "{1, 2, 3}"],
      [{ hello: "world", "வணக்கம்": "ശുഭദിനം" }, '{"hello": "world", "வணக்கம்": "ശുഭദിനം"}'],
      [{}, "{}"],
      [["Hello"], '["Hello"]'],
      [[obj([1, 2]), set(1, 2)], "[{1: 2}, {1, 2}]"],
      [10n ** 20n, "100000000000000000000"],
      [undefined, "<undefined>"],
    ];
    for (const [v, want] of cases) expect(formatPrintArg(v)).toBe(want);
  });

  it("prints the empty set as OPA does: set()", () => {
    expect(formatPrintArg(set())).toBe("set()");
  });
});

describe("print / trace", () => {
  it("print joins its arguments with spaces through the context, and is true", () => {
    printed.length = 0;
    expect(call("print", "Hello", ["Hello"], [obj([1, 2]), set(1, 2)])).toBe(true);
    expect(call("print")).toBe(true);
    expect(printed).toEqual(['Hello ["Hello"] [{1: 2}, {1, 2}]', ""]);
  });

  it("print is declared variadic", () => {
    expect(lookupBuiltin("print")?.variadic).toBe(true);
  });

  it("trace is always true", () => {
    expect(call("trace", "note")).toBe(true);
  });
});
