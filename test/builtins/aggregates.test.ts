import { describe, expect, it } from "vitest";
import { lookupBuiltin } from "../../src/builtins/registry.js";
import { expectCall, expectError, obj, set } from "./harness.js";

describe("count", () => {
  it("counts arrays, objects, sets and strings (regorus count case)", () => {
    const cases: [Parameters<typeof expectCall>[1][0], number][] = [
      [[], 0],
      [[1], 1],
      [[1, 2, 3], 3],
      [{}, 0],
      [{ a: 1 }, 1],
      [{ a: 1, b: 2 }, 2],
      [obj([1, "x"], ["a", "y"]), 2],
      [set(), 0],
      [set(1), 1],
      [set(1, 1), 1],
      [set(1, 2), 2],
      ["", 0],
      ["abc", 3],
    ];
    for (const [c, n] of cases) expectCall("count", [c], n);
  });

  it("counts strings in characters, not UTF-16 units", () => {
    expectCall("count", ["héllo"], 5);
    expectCall("count", ["😀x"], 2);
    expectCall("count", ["👍🏽"], 2); // two code points, as Go counts them
  });

  it("rejects null, booleans and numbers", () => {
    for (const bad of [null, true, 5]) {
      expectError("count", [bad], { code: "type_error", argIndex: 0, message: "count: operand 1 must be one of {array, object, set, string}" });
    }
  });
});

describe("sum / product", () => {
  it("add and multiply arrays and sets (regorus cases)", () => {
    expectCall("sum", [[-1, 3, 2]], 4);
    expectCall("sum", [[1, -1, 2, -1]], 1);
    expectCall("sum", [[]], 0);
    expectCall("sum", [set(3, 2, 1)], 6);
    expectCall("sum", [set()], 0);
    expectCall("product", [[-1, 3, 2]], -6);
    expectCall("product", [[1, -1, 2, -1]], 2);
    expectCall("product", [[]], 1);
    expectCall("product", [[0]], 0);
    expectCall("product", [set(3, 2, 1)], 6);
    expectCall("product", [set()], 1);
  });

  it("are exact on big integers and IEEE on fractions", () => {
    expectCall("sum", [[9007199254740991, 9007199254740991]], 18014398509481982n);
    expectCall("sum", [[0.1, 0.2]], 0.30000000000000004);
    expectCall("product", [[10n ** 10n, 10n ** 10n]], 10n ** 20n);
  });

  it("reject other collections and non-number elements", () => {
    for (const bad of [null, true, 5, "abc", {}]) {
      expectError("sum", [bad], { code: "type_error", argIndex: 0, message: "one of {array, set}" });
      expectError("product", [bad], { code: "type_error", argIndex: 0 });
    }
    expectError("sum", [[1, "2"]], { code: "type_error", argIndex: 0, message: "sum: operand 1 must be array of number but got array containing string" });
    expectError("product", [set(1, null)], { code: "type_error", argIndex: 0, message: "must be set of number but got set containing null" });
  });
});

describe("max / min", () => {
  it("pick the extremes of the total order; undefined when empty", () => {
    expectCall("max", [[-1, 3, 2]], 3);
    expectCall("max", [set(1, 2, -1)], 2);
    expectCall("min", [[-1, 3, 2]], -1);
    expectCall("min", [set(1, 2, -1)], -1);
    expectCall("max", [[]], undefined);
    expectCall("min", [set()], undefined);
    expectCall("max", [[1, "a", null, [0]]], [0]);
    expectCall("min", [[1, "a", null, [0]]], null);
    expectCall("max", [[1, 10n ** 20n, 2.5]], 10n ** 20n);
  });

  it("reject non-collections", () => {
    for (const bad of [null, true, 5, "abc", {}]) {
      expectError("max", [bad], { code: "type_error", argIndex: 0 });
      expectError("min", [bad], { code: "type_error", argIndex: 0 });
    }
  });
});

describe("sort", () => {
  it("sorts arrays and sets into arrays (regorus cases)", () => {
    expectCall("sort", [[-1, 3, 2]], [-1, 2, 3]);
    expectCall("sort", [[1, -1, 2, -1]], [-1, -1, 1, 2]);
    expectCall("sort", [[]], []);
    expectCall("sort", [set(3, 2, 1)], [1, 2, 3]);
    expectCall("sort", [set()], []);
    expectCall("sort", [["b", 1, null, set(), {}, [], "a", false]], [null, false, 1, "a", "b", [], {}, set()]);
  });

  it("does not modify its argument", () => {
    const a = [3, 1, 2];
    expectCall("sort", [a], [1, 2, 3]);
    expect(a).toEqual([3, 1, 2]);
  });

  it("rejects non-collections", () => {
    for (const bad of [null, true, 5, "abc", {}]) expectError("sort", [bad], { code: "type_error", argIndex: 0 });
  });
});

describe("deprecated built-ins", () => {
  it("all/any are deprecated: v0 modules only, as in OPA v1 (see deprecated.test.ts)", () => {
    expect(lookupBuiltin("all")?.deprecated).toBeDefined();
    expect(lookupBuiltin("any")?.deprecated).toBeDefined();
  });
});
