import { describe, expect, it } from "vitest";
import { add, div, mul, negate, rem, sub } from "../../src/builtins/arith.js";
import { MAX_RANGE_LENGTH } from "../../src/builtins/numbers.js";
import { BuiltinError } from "../../src/builtins/types.js";
import { expectCall, expectError, call, set } from "./harness.js";

describe("plus / minus / mul / div (arithmetic operators)", () => {
  it("computes small integer and float results (regorus add/sub/mul/div cases)", () => {
    expectCall("plus", [3, -1], 2);
    expectCall("plus", [2, 4.5], 6.5); // 3 + -1 + 4.5
    expectCall("minus", [4, 4.5], -0.5); // 3 - -1 - 4.5
    expectCall("mul", [-3, 4.5], -13.5); // 3 * -1 * 4.5
    expectCall("div", [15.3, 3], 5.1000000000000005);
    expectCall("div", [13, 4], 3.25);
    expectCall("div", [1, 2], 0.5);
    expectCall("div", [5, 2], 2.5);
    expectCall("div", [10, 2], 5);
  });

  it("follows IEEE doubles on fractions, as OPA does", () => {
    expectCall("plus", [0.1, 0.2], 0.30000000000000004);
    expectCall("minus", [0.3, 0.2], 0.09999999999999998);
    expectCall("mul", [0.1, 0.2], 0.020000000000000004);
    expectCall("div", [0.3, 0.1], 2.9999999999999996);
  });

  it("keeps integers exact beyond 2^53", () => {
    expectCall("plus", [1000000000000000000000n, 1], 1000000000000000000001n);
    expectCall("mul", [2, 1000000000000000000000n], 2000000000000000000000n);
    expectCall("div", [2, 1000000000000000000n], 2e-18);
    // Safe operands whose exact result leaves the safe range become bigint exactly.
    expectCall("plus", [9007199254740991, 2], 9007199254740993n);
    expectCall("mul", [9007199254740991, 9007199254740991], 81129638414606663681390495662081n);
    expectCall("minus", [-9007199254740991, 10], -9007199254741001n);
    // … and come back to number when they shrink.
    expectCall("minus", [9007199254740993n, 2], 9007199254740991);
    expectCall("div", [10n ** 30n, 10n ** 20n], 10000000000);
  });

  it("mixes big integers and fractions in floating point", () => {
    expectCall("plus", [10n ** 20n, 0.5], 100000000000000000000n); // the fraction is lost, as in a double
    expectCall("div", [10n ** 21n, 4n ** 30n], Number(10n ** 21n) / Number(4n ** 30n));
  });

  it("has no negative zero", () => {
    expect(Object.is(call("mul", -5, 0), 0)).toBe(true);
    expect(Object.is(call("mul", -0.5, 0), 0)).toBe(true);
  });

  it("minus is set difference on sets", () => {
    expectCall("minus", [set(1, 2, 3), set(2, "x")], set(1, 3));
    expectCall("minus", [set(), set(1)], set());
  });

  it("rejects other types and mixed operands", () => {
    expectError("plus", ["1", 9], { code: "type_error", argIndex: 0, message: "plus: operand 1 must be number but got string" });
    expectError("mul", [1, null], { code: "type_error", argIndex: 1 });
    expectError("div", ["1", 9], { code: "type_error", argIndex: 0 });
    expectError("minus", [set(1), 1], { code: "type_error", argIndex: 1, message: "operand 2 must be set but got number" });
    expectError("minus", [1, set(1)], { code: "type_error", argIndex: 1, message: "operand 2 must be number but got set" });
    expectError("minus", ["a", 1], { code: "type_error", argIndex: 0, message: "one of {number, set}" });
  });

  it("div by zero is an error on the divisor", () => {
    expectError("div", [1, 0], { code: "builtin_error", argIndex: 1, message: "div: divide by zero" });
    expectError("div", [10n ** 20n, 0], { code: "builtin_error", argIndex: 1, message: "divide by zero" });
  });
});

describe("rem (%)", () => {
  it("works on integers, truncating toward zero like Go", () => {
    expectCall("rem", [10, 3], 1);
    expectCall("rem", [-7, 3], -1);
    expectCall("rem", [7, -3], 1);
    expectCall("rem", [8, 5], 3); // 16 / 2 % 5 / 2 = 1.5 in the conformance suite
    expectCall("rem", [10n ** 20n + 7n, 10], 7);
    expectCall("rem", [10n ** 20n, 10n ** 19n + 1n], 10n ** 19n - 9n); // 10^20 - 9 × (10^19 + 1)
  });

  it("rejects zero and floats", () => {
    expectError("rem", [1, 0], { code: "builtin_error", argIndex: 1, message: "rem: modulo by zero" });
    expectError("rem", [1.1, 1], { code: "builtin_error", argIndex: 0, message: "modulo on floating-point number" });
    expectError("rem", [1, 1.1], { code: "builtin_error", argIndex: 1, message: "modulo on floating-point number" });
    expectError("rem", ["1", 9], { code: "type_error", argIndex: 0 });
  });
});

describe("arithmetic functions for compiled code", () => {
  it("are the same operations without the registry", () => {
    expect(add(1, 2)).toBe(3);
    expect(sub(1, 2)).toBe(-1);
    expect(mul(2 ** 30, 2 ** 30)).toBe(2 ** 60 > Number.MAX_SAFE_INTEGER ? 2n ** 60n : 2 ** 60);
    expect(div(1, 4)).toBe(0.25);
    expect(rem(9, 4)).toBe(1);
    expect(() => div(1, 0)).toThrow(BuiltinError);
    expect(negate(5)).toBe(-5);
    expect(Object.is(negate(0), 0)).toBe(true);
    expect(negate(-9007199254740992n)).toBe(9007199254740992n);
    expect(negate(-9007199254740991)).toBe(9007199254740991);
  });
});

describe("abs / ceil / floor / round", () => {
  it("match the regorus cases", () => {
    expectCall("abs", [-9], 9);
    expectCall("abs", [9], 9);
    expectCall("abs", [-9.1], 9.1);
    expectCall("abs", [-(10n ** 20n)], 10n ** 20n);
    expectCall("ceil", [9.1], 10);
    expectCall("ceil", [-9.1], -9);
    expectCall("ceil", [9], 9);
    expectCall("floor", [9.9], 9);
    expectCall("floor", [-9.1], -10);
    expectCall("floor", [10n ** 20n], 10n ** 20n);
  });

  it("round halves away from zero", () => {
    const cases: [number, number][] = [
      [-9.4, -9],
      [-9.5, -10],
      [-9.6, -10],
      [9.4, 9],
      [9.5, 10],
      [9.6, 10],
      [8, 8],
      [-8, -8],
      [0.49999999999999994, 0],
      [-0.4, 0],
    ];
    for (const [x, want] of cases) expectCall("round", [x], want);
    expect(Object.is(call("round", -0.4), 0)).toBe(true);
    expect(Object.is(call("ceil", -0.5), 0)).toBe(true);
  });

  it("reject non-numbers", () => {
    expectError("abs", ["-9"], { code: "type_error", argIndex: 0, message: "abs: operand 1 must be number but got string" });
    expectError("round", ["-9"], { code: "type_error", argIndex: 0 });
    expectError("ceil", [null], { code: "type_error", argIndex: 0 });
  });
});

describe("numbers.range / numbers.range_step", () => {
  it("counts up or down, both ends included", () => {
    expectCall("numbers.range", [1, 5], [1, 2, 3, 4, 5]);
    expectCall("numbers.range", [5, 1], [5, 4, 3, 2, 1]);
    expectCall("numbers.range", [-1, -5], [-1, -2, -3, -4, -5]);
    expectCall("numbers.range", [-5, -1], [-5, -4, -3, -2, -1]);
    expectCall("numbers.range", [8, 8], [8]);
    expectCall("numbers.range", [9007199254740990, 9007199254740993n], [9007199254740990, 9007199254740991, 9007199254740992n, 9007199254740993n]);
  });

  it("steps, stopping before passing the end", () => {
    expectCall("numbers.range_step", [0, 10, 3], [0, 3, 6, 9]);
    expectCall("numbers.range_step", [10, 0, 5], [10, 5, 0]);
    expectCall("numbers.range_step", [0, 0, 7], [0]);
  });

  it("rejects fractions, bad steps and huge ranges", () => {
    expectError("numbers.range", [1.01, 5], { code: "type_error", argIndex: 0, message: "operand 1 must be integer number but got floating-point number" });
    expectError("numbers.range", [1, 5.01], { code: "type_error", argIndex: 1, message: "must be integer" });
    expectError("numbers.range", ["1", 2], { code: "type_error", argIndex: 0 });
    expectError("numbers.range_step", [0, 10, 0], { code: "builtin_error", argIndex: 2, message: "step must be a positive number above zero" });
    expectError("numbers.range_step", [0, 10, -1], { code: "builtin_error", argIndex: 2 });
    expectError("numbers.range_step", [0, 10, 0.5], { code: "type_error", argIndex: 2 });
    expectError("numbers.range", [0, MAX_RANGE_LENGTH], { code: "builtin_error", argIndex: undefined, message: "longer than the limit" });
  });
});
