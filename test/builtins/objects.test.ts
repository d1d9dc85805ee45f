import { describe, expect, it } from "vitest";
import { KeyedObject, type Value } from "../../src/value/index.js";
import { call, expectCall, expectError, obj, set } from "./harness.js";

// The regorus fixture: an object with string and composite keys.
const MIXED = obj(["a", 5], ["b", { c: 8 }], ["c", 7], [set(1), 8], [{ a: 5 }, 9]);

describe("object.get", () => {
  it("reads a key or a path, with a default (regorus cases)", () => {
    expectCall("object.get", [MIXED, "a", "default"], 5);
    expectCall("object.get", [MIXED, ["b", "c"], "default"], 8);
    expectCall("object.get", [MIXED, ["a", "b"], "default"], "default");
    expectCall("object.get", [MIXED, { a: 5 }, "default"], 9);
    expectCall("object.get", [MIXED, set(1), "default"], 8);
  });

  it("walks arrays by index and sets by element; [] is the object itself", () => {
    const o = { a: [{ b: 1 }, { b: 2 }], s: set("x") };
    expectCall("object.get", [o, ["a", 1, "b"], 0], 2);
    expectCall("object.get", [o, ["a", 2, "b"], 0], 0);
    expectCall("object.get", [o, ["a", "1", "b"], 0], 0);
    expectCall("object.get", [o, ["a", 0.5], 0], 0);
    expectCall("object.get", [o, ["s", "x"], 0], "x");
    expectCall("object.get", [o, ["s", "y"], 0], 0);
    expectCall("object.get", [o, [], 0], o);
  });

  it("returns a stored false or null rather than the default", () => {
    expectCall("object.get", [{ a: false }, "a", true], false);
    expectCall("object.get", [{ a: null }, ["a"], 1], null);
    // The key form too (OPA: `if val := object.Get(key); val != nil` — a present key's term is never nil).
    expectCall("object.get", [{ a: null }, "a", 1], null);
    expectCall("object.get", [{ a: { b: null } }, ["a", "b"], 1], null);
  });

  it("does not see inherited properties", () => {
    expectCall("object.get", [{}, "constructor", "none"], "none");
    expectCall("object.get", [{}, ["toString"], "none"], "none");
  });

  it("rejects a non-object", () => {
    expectError("object.get", [[1], 0, 1], { code: "type_error", argIndex: 0, message: "object.get: operand 1 must be object but got array" });
  });
});

describe("object.keys", () => {
  it("is the set of keys, of any type (regorus case)", () => {
    const o = obj(["a", 5], ["b", 6], [set(1), 8], [{ a: 5 }, 9], [true, false], [5, 10], [null, 5]);
    expectCall("object.keys", [o], set("a", "b", set(1), { a: 5 }, true, 5, null));
    expectCall("object.keys", [{}], set());
    expectCall("object.keys", [{ x: 1, y: 2 }], set("x", "y"));
  });
});

describe("object.remove / object.filter", () => {
  const o = obj(["a", 5], ["b", 6], ["c", 7], [set(1), 8], [{ a: 5 }, 9], [true, false], [5, 10], [null, 5]);
  const rest = obj(["c", 7], [{ a: 5 }, 9], [true, false], [5, 10], [null, 5]);

  it("remove keys listed in an array, a set or an object (regorus case)", () => {
    expectCall("object.remove", [o, ["a", "b", set(1)]], rest);
    expectCall("object.remove", [o, set("a", "b", set(1))], rest);
    expectCall("object.remove", [o, obj(["a", 1], ["b", 1], [set(1), 1])], rest);
    expectCall("object.remove", [{ a: 1 }, ["z"]], { a: 1 });
  });

  it("gives a plain object once the non-string keys are gone", () => {
    const r = call("object.remove", obj(["a", 1], [2, 2]), [2]);
    expect(r instanceof KeyedObject).toBe(false);
    expectCall("object.remove", [obj(["a", 1], [2, 2]), [2]], { a: 1 });
  });

  it("filter keeps only the listed keys (regorus case)", () => {
    const f = obj(["a", 5], ["b", 6], ["c", 7], [set(1), 8], [{ a: 5 }, 9]);
    expectCall("object.filter", [f, ["a", set(1)]], obj(["a", 5], [set(1), 8]));
    expectCall("object.filter", [f, { a: 1, c: 0 }], { a: 5, c: 7 });
    expectCall("object.filter", [f, set("a", "c")], { a: 5, c: 7 });
    expectCall("object.filter", [{ a: 1 }, []], {});
  });

  it("keep a __proto__ key as a key", () => {
    const withProto = JSON.parse('{"__proto__": 1, "x": 2}') as Value;
    const r = call("object.filter", withProto, ["__proto__"]) as Record<string, Value>;
    expect(Object.hasOwn(r, "__proto__")).toBe(true);
    expect(Object.getPrototypeOf(r)).toBe(Object.prototype);
  });

  it("reject other key collections", () => {
    expectError("object.remove", [{ a: 1 }, "a"], { code: "type_error", argIndex: 1, message: "one of {array, object, set}" });
    expectError("object.filter", [[], ["a"]], { code: "type_error", argIndex: 0 });
  });
});

describe("object.union / object.union_n", () => {
  it("merge recursively, the right-hand value winning", () => {
    expectCall("object.union", [{ a: 1, b: 2, c: { d: 3 } }, { a: 7, c: { d: 4, e: 5 } }], { a: 7, b: 2, c: { d: 4, e: 5 } });
    expectCall("object.union", [{ a: { b: 1 } }, { a: 2 }], { a: 2 });
    expectCall("object.union", [{ a: 2 }, { a: { b: 1 } }], { a: { b: 1 } });
    expectCall("object.union", [{ a: { x: [1] } }, { a: { x: [2] } }], { a: { x: [2] } });
    expectCall("object.union", [obj([1, { a: 1 }]), obj([1, { b: 2 }])], obj([1, { a: 1, b: 2 }]));
    expectCall("object.union", [{}, {}], {});
  });

  it("union_n folds left to right", () => {
    expectCall("object.union_n", [[{ a: 1 }, { b: 2 }, { a: 3 }]], { a: 3, b: 2 });
    expectCall("object.union_n", [[{ a: { b: 1 } }, { a: { c: 2 } }, { a: { b: 3 } }]], { a: { b: 3, c: 2 } });
    expectCall("object.union_n", [[]], {});
    expectError("object.union_n", [[{ a: 1 }, 1]], { code: "type_error", argIndex: 0, message: "operand 1 must be array of object but got array containing number" });
    expectError("object.union_n", [set({ a: 1 })], { code: "type_error", argIndex: 0 });
  });
});

describe("object.subset", () => {
  it("objects: every key of sub with an equal value, recursing into objects and sets (OPA docs)", () => {
    const sup = { a: "b", c: { x: set(10, 15, 20, 25), y: "z" } };
    expectCall("object.subset", [sup, { c: { x: set(10, 15, 20) } }], true);
    expectCall("object.subset", [sup, { c: { x: set(10, 11) } }], false);
    expectCall("object.subset", [sup, { a: "b" }], true);
    expectCall("object.subset", [sup, { a: "c" }], false);
    expectCall("object.subset", [sup, { d: 1 }], false);
    expectCall("object.subset", [sup, {}], true);
    expectCall("object.subset", [{ a: [1, 2, 3] }, { a: [1, 2] }], false); // arrays in objects compare by equality
  });

  it("sets, arrays, and an array with a set (OPA docs)", () => {
    expectCall("object.subset", [set(1, 2, 3), set(1, 3)], true);
    expectCall("object.subset", [set(1, 2, 3), set(1, 4)], false);
    expectCall("object.subset", [set(1, 2, 3), [3, 1]], true);
    expectCall("object.subset", [[1, 2, 3, 4], [2, 3]], true);
    expectCall("object.subset", [[1, 2, 3, 4], [2, 4]], false);
    expectCall("object.subset", [[1, 2, 3], []], true);
    expectCall("object.subset", [[1, 2, 3], [1, 2, 3, 4]], false);
    expectCall("object.subset", [[1, 2, 3, 2], set(2, 1)], true);
    expectCall("object.subset", [[1, 2], set(3)], false);
  });

  it("rejects mismatched kinds", () => {
    expectError("object.subset", [{ a: 1 }, set("a")], { code: "type_error", argIndex: 1, message: "both arguments to object.subset must be of the same type or array and set" });
    expectError("object.subset", [set(1), { a: 1 }], { code: "type_error", argIndex: 1 });
    expectError("object.subset", ["a", "a"], { code: "type_error", argIndex: 0 });
  });
});
