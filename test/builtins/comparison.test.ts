import { describe, expect, it } from "vitest";
import type { Value } from "../../src/value/index.js";
import { call, expectCall, obj, set } from "./harness.js";

// OPA's order of types: null < boolean < number < string < array < object < set.
const ORDERED: Value[] = [null, false, true, -1, 0, 1.5, 10n ** 20n, "", "a", "b", [], [0, 1, 2], [1, 2], [1, 2, 3], {}, { a: 1 }, { a: 1, b: 0 }, { a: 2 }, { b: 0 }, set(), set(0, 1, 2), set(1, 2), set(1, 2, 3)];

describe("lt / lte / gt / gte", () => {
  it("follow OPA's total order across and within types", () => {
    for (let i = 0; i < ORDERED.length; i++) {
      for (let j = 0; j < ORDERED.length; j++) {
        const [x, y] = [ORDERED[i]!, ORDERED[j]!];
        expect(call("lt", x, y), `${i} < ${j}`).toBe(i < j);
        expect(call("lte", x, y), `${i} <= ${j}`).toBe(i <= j);
        expect(call("gt", x, y), `${i} > ${j}`).toBe(i > j);
        expect(call("gte", x, y), `${i} >= ${j}`).toBe(i >= j);
      }
    }
  });

  it("compare integers and floats numerically (regorus arithmetic cases)", () => {
    expectCall("lt", [1, 1.0001], true);
    expectCall("lte", [1, 1.0], true);
    expectCall("gt", [1.0001, 1], true);
    expectCall("gte", [1.0, 1], true);
    expectCall("lt", [-1, 0], true);
    expectCall("lte", [-1, -1], true);
    expectCall("lt", [2n ** 64n, 2n ** 64n + 1n], true);
    expectCall("lt", [1, "a"], true);
  });
});

describe("equal / neq", () => {
  it("is Rego equality", () => {
    expectCall("equal", [1, 1.0], true);
    expectCall("equal", [set(1, 2), set(2, 1)], true);
    expectCall("equal", [{ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }], true);
    expectCall("equal", [obj([1, "x"]), obj([1.0, "x"])], true);
    expectCall("equal", ["hello", "hello"], true);
    expectCall("equal", [[], set()], false);
    expectCall("equal", [{}, set()], false);
    expectCall("equal", [null, false], false);
    expectCall("neq", [1, 1.0001], true);
    expectCall("neq", [[4, "abc", null], [4, "abc", null]], false);
  });
});
