// Number literals and the keys of partial objects, on both back ends, with expected values from OPA's definition:
// OPA keeps a number literal's text (json.Number) and compares numbers exactly, and an object rule's key is the
// value its head names (`c[7]` is the number 7, not the string "7").
import { describe, expect, test } from "vitest";
import type { Backend } from "../../src/api/policy.js";
import { rule } from "./helpers.js";

const BACKENDS: readonly Backend[] = ["interpreter", "compiled"];

describe.each(BACKENDS)("number literals (%s)", (backend) => {
  const value = (src: string, name: string) => rule(src, name, undefined, { backend });

  test("an integral literal with an exponent is exact: 1e30 is 10^30, not the nearest double", () => {
    const src = `package test
big := 1e30
same if 1e30 == 1000000000000000000000000000000
scaled := 1.5e20
neg := -1e30 + 1
`;
    expect(value(src, "big")).toBe("1000000000000000000000000000000");
    expect(value(src, "same")).toBe("true");
    expect(value(src, "scaled")).toBe("150000000000000000000");
    expect(value(src, "neg")).toBe("-999999999999999999999999999999");
  });

  test("units.parse of a large quantity equals the same literal written with an exponent", () => {
    const src = `package test
peta if units.parse("1P") == 1e15
quetta if units.parse("1Q") == 1e30
bytes if units.parse_bytes("1QB") == 1e30
`;
    expect(value(src, "peta")).toBe("true");
    expect(value(src, "quetta")).toBe("true");
    expect(value(src, "bytes")).toBe("true");
  });
});

describe.each(BACKENDS)("partial object keys (%s)", (backend) => {
  test("constant keys keep their type, also when the body iterates (early exit)", () => {
    const src = `package test
a := [1, "hello"]
c[null] := true if a[_]
c[7] := "world" if a[_]
c["7"] := "seven" if a[_]
c[false] := "no" if a[_]
f[p] := 5 if p := a[_]
`;
    expect(rule(src, "c", undefined, { backend })).toBe('{null: true, false: "no", 7: "world", "7": "seven"}');
    expect(rule(src, "f", undefined, { backend })).toBe('{1: 5, "hello": 5}');
  });
});
