import { describe, expect, it } from "vitest";
import { expectCall, expectError } from "./harness.js";

describe("array.concat", () => {
  it("joins two arrays", () => {
    expectCall("array.concat", [[1, 2], [3]], [1, 2, 3]);
    expectCall("array.concat", [[], []], []);
    expectCall("array.concat", [[], ["a"]], ["a"]);
    expectCall("array.concat", [[[1]], [[1]]], [[1], [1]]);
  });

  it("rejects non-arrays", () => {
    expectError("array.concat", [[1], "x"], { code: "type_error", argIndex: 1, message: "array.concat: operand 2 must be array but got string" });
  });
});

describe("array.slice", () => {
  it("clamps indices like OPA (regorus cases)", () => {
    const cases: [number, number, unknown[]][] = [
      [0, 1, [1]],
      [0, 2, [1, 2]],
      [2, 3, [3]],
      [0, 5, [1, 2, 3]],
      [5, 5, []],
      [-5, 5, [1, 2, 3]],
      [-5, 0, []],
      [-5, 1, [1]],
      [2, 1, []],
    ];
    for (const [start, stop, want] of cases) expectCall("array.slice", [[1, 2, 3], start, stop], want as never);
    expectCall("array.slice", [[], -5, 1], []);
    expectCall("array.slice", [[1, 2], 0, 10n ** 20n], [1, 2]);
  });

  it("is undefined for a fractional index (the conformance suite's expectation)", () => {
    expectCall("array.slice", [[5], 1.1, 2], undefined);
    expectCall("array.slice", [[5], 1, 2.1], undefined);
  });

  it("rejects non-arrays and non-numbers", () => {
    expectError("array.slice", [1, 2, 3], { code: "type_error", argIndex: 0 });
    expectError("array.slice", [[2], "1", 2], { code: "type_error", argIndex: 1 });
    expectError("array.slice", [[2], 1, "2"], { code: "type_error", argIndex: 2 });
  });
});

describe("array.reverse", () => {
  it("reverses without modifying its argument", () => {
    const a = [1, 2, 3];
    expectCall("array.reverse", [a], [3, 2, 1]);
    expect(a).toEqual([1, 2, 3]);
    expectCall("array.reverse", [[]], []);
  });

  it("rejects non-arrays", () => {
    expectError("array.reverse", [1], { code: "type_error", argIndex: 0 });
  });
});
