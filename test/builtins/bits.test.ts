import { describe, it } from "vitest";
import { expectCall, expectError } from "./harness.js";

describe("bits.and / or / xor", () => {
  it("match the truth tables (regorus cases)", () => {
    for (const [x, y] of [
      [1, 0],
      [1, 1],
      [0, 0],
      [0, 1],
    ] as const) {
      expectCall("bits.and", [x, y], x & y);
      expectCall("bits.or", [x, y], x | y);
      expectCall("bits.xor", [x, y], x ^ y);
    }
  });

  it("work on negatives (two's complement) and beyond 32 and 64 bits", () => {
    expectCall("bits.and", [-1, 255], 255);
    expectCall("bits.or", [-8, 3], -5);
    expectCall("bits.and", [2 ** 40 + 5, 2 ** 40 + 3], 2 ** 40 + 1);
    expectCall("bits.xor", [2n ** 70n + 1n, 1], 2n ** 70n);
    expectCall("bits.or", [2n ** 70n, 2n ** 70n], 2n ** 70n);
    expectCall("bits.and", [-(2n ** 70n), 2n ** 71n - 1n], 2n ** 71n - 2n ** 70n);
  });

  it("reject fractions and non-numbers", () => {
    expectError("bits.and", [1, "str"], { code: "type_error", argIndex: 1 });
    expectError("bits.and", ["str", 1], { code: "type_error", argIndex: 0 });
    expectError("bits.or", [1.5, 1], { code: "type_error", argIndex: 0, message: "bits.or: operand 1 must be integer number but got floating-point number" });
    expectError("bits.xor", [1, 2 ** 40 + 0.5], { code: "type_error", argIndex: 1 });
  });
});

describe("bits.negate", () => {
  it("is -x - 1 (regorus cases)", () => {
    expectCall("bits.negate", [1], -2);
    expectCall("bits.negate", [0], -1);
    expectCall("bits.negate", [9], -10);
    expectCall("bits.negate", [-50], 49);
    expectCall("bits.negate", [2n ** 64n], -(2n ** 64n) - 1n);
  });

  it("rejects fractions and strings", () => {
    expectError("bits.negate", ["str"], { code: "type_error", argIndex: 0 });
    expectError("bits.negate", [0.5], { code: "type_error", argIndex: 0 });
  });
});

describe("bits.lsh / bits.rsh", () => {
  it("shift (regorus cases and big values)", () => {
    expectCall("bits.lsh", [9, 2], 36);
    expectCall("bits.rsh", [9, 2], 2);
    expectCall("bits.lsh", [1, 64], 2n ** 64n);
    expectCall("bits.lsh", [1, 52], 2 ** 52);
    expectCall("bits.rsh", [2n ** 64n, 60], 16);
    expectCall("bits.rsh", [-9, 2], -3); // arithmetic shift: floor(-9 / 4)
    expectCall("bits.rsh", [-1, 100], -1);
    expectCall("bits.rsh", [5, 10n ** 20n], 0);
  });

  it("reject negative shifts, huge left shifts and non-integers", () => {
    expectError("bits.lsh", [1, -1], { code: "builtin_error", argIndex: 1, message: "unsigned" });
    expectError("bits.rsh", [1, -1], { code: "builtin_error", argIndex: 1 });
    expectError("bits.lsh", [1, 10n ** 20n], { code: "builtin_error", argIndex: 1, message: "limit" });
    expectError("bits.lsh", [1, "str"], { code: "type_error", argIndex: 1 });
    expectError("bits.rsh", ["str", 1], { code: "type_error", argIndex: 0 });
  });
});
