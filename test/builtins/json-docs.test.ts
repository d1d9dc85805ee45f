import { describe, expect, it } from "vitest";
import { ObjectBuilder, SetValue, type Value } from "../../src/value/index.js";
import { call, expectError } from "./call.js";

const set = (...xs: Value[]): SetValue => SetValue.from(xs);

describe("json.filter (conformance: objects/json.filter.yaml)", () => {
  const obj = { a: 5, b: { c: { d: 6 }, d: 7 }, c: 8 };
  const s = { a: [[1, [7, 8, 9], 2], { a: 1, b: 2, c: 3 }] };
  const t = { a: set(1, 2, set("x"), set(8, 9, 10)) };

  it("keeps the values at string and array paths", () => {
    expect(call("json.filter", obj, ["a", "b/c"])).toEqual({ a: 5, b: { c: { d: 6 } } });
    expect(call("json.filter", obj, set("c", ["b", "d"]))).toEqual({ b: { d: 7 }, c: 8 });
  });

  it("names array elements by their index as text, so a numeric key matches nothing", () => {
    expect(call("json.filter", s, [["a", 1]])).toEqual({ a: [] });
    expect(call("json.filter", s, ["a/0/1/2", ["a", "0", "2"], "a/0/1/1"])).toEqual({ a: [[[8, 9], 2]] });
  });

  it("names set members by value", () => {
    expect(call("json.filter", t, [["a", 1]])).toEqual({ a: set(1) });
    expect(call("json.filter", t, [["a", set("x")]])).toEqual({ a: set(set("x")) });
    expect(call("json.filter", t, [["a", set(8, 9, 10), 9]])).toEqual({ a: set(set(9)) });
  });

  it("lets a shorter path cover a longer one, in either order", () => {
    expect(call("json.filter", obj, ["b/c/d", "b"])).toEqual({ b: { c: { d: 6 }, d: 7 } });
    expect(call("json.filter", obj, ["b", "b/c/d"])).toEqual({ b: { c: { d: 6 }, d: 7 } });
  });

  it("reads leading slashes and JSON Pointer escapes", () => {
    expect(call("json.filter", { "a/b": 1, "c~d": 2, e: 3 }, ["/a~1b", "//c~0d"])).toEqual({ "a/b": 1, "c~d": 2 });
  });

  it("keeps nothing for no paths or the empty path", () => {
    expect(call("json.filter", obj, [])).toEqual({});
    expect(call("json.filter", obj, [""])).toEqual({});
    expect(call("json.filter", obj, ["missing/x"])).toEqual({});
  });

  it("rejects paths of the wrong type", () => {
    expectError("json.filter", [obj, [1]], { code: "type_error", argIndex: 1, message: "containing string paths" });
    expectError("json.filter", [obj, "a"], { code: "type_error", argIndex: 1 });
    expectError("json.filter", [[], ["a"]], { code: "type_error", argIndex: 0 });
  });
});

describe("json.remove", () => {
  const obj = { a: { b: 1, c: [1, 2, 3] }, d: set("x", "y"), e: 2 };

  it("removes values at string and array paths", () => {
    expect(call("json.remove", obj, ["a/b", ["e"]])).toEqual({ a: { c: [1, 2, 3] }, d: set("x", "y") });
    expect(call("json.remove", obj, set("a"))).toEqual({ d: set("x", "y"), e: 2 });
  });

  it("closes up arrays and removes set members by value", () => {
    expect(call("json.remove", obj, ["a/c/0", "a/c/2", ["d", "x"]])).toEqual({ a: { b: 1, c: [2] }, d: set("y"), e: 2 });
  });

  it("leaves the object alone for paths that lead nowhere", () => {
    expect(call("json.remove", obj, ["zz", "a/zz", "a/b/zz", ""])).toEqual(obj);
  });

  it("works on objects with non-string keys", () => {
    const b = new ObjectBuilder();
    b.set(1, "one");
    b.set("k", "v");
    expect(call("json.remove", b.build(), [[1]])).toEqual({ k: "v" });
  });

  it("rejects paths of the wrong type", () => {
    expectError("json.remove", [obj, [{}]], { code: "type_error", argIndex: 1 });
  });
});

describe("json.patch (conformance: objects/json.patch.yaml)", () => {
  const patch = (obj: Value, ...ops: Value[]) => call("json.patch", obj, ops);

  it("applies each operation", () => {
    expect(patch({ a: { foo: 1 } }, { op: "add", path: "/a/bar", value: 2 })).toEqual({ a: { foo: 1, bar: 2 } });
    expect(patch({ a: { foo: 1, bar: 2 } }, { op: "remove", path: "/a/bar" })).toEqual({ a: { foo: 1 } });
    expect(patch({ a: { foo: 1 } }, { op: "replace", path: "/a/foo", value: 42 })).toEqual({ a: { foo: 42 } });
    expect(patch({ a: { foo: 1 }, b: {} }, { op: "move", from: "/a/foo", path: "/b/foo" })).toEqual({ a: {}, b: { foo: 1 } });
    expect(patch({ a: { foo: 1 }, b: {} }, { op: "copy", from: "/a/foo", path: "/b/foo" })).toEqual({ a: { foo: 1 }, b: { foo: 1 } });
    expect(patch({ a: { foo: 1 } }, { op: "test", path: "/a/foo", value: 1 })).toEqual({ a: { foo: 1 } });
  });

  it("applies operations in order", () => {
    expect(patch({ a: { foo: 1 } }, { op: "add", path: "/a/bar", value: 2 }, { op: "replace", path: "/a/foo", value: 42 })).toEqual({
      a: { foo: 42, bar: 2 },
    });
  });

  it("inserts into, appends to and removes from arrays", () => {
    expect(patch({ arr: [1, 2, 3] }, { op: "add", path: "/arr/1", value: "inserted" })).toEqual({ arr: [1, "inserted", 2, 3] });
    expect(patch({ arr: [1, 2, 3] }, { op: "add", path: "/arr/-", value: 4 })).toEqual({ arr: [1, 2, 3, 4] });
    expect(patch({ arr: [1, 2, 3] }, { op: "add", path: "/arr/3", value: 4 })).toEqual({ arr: [1, 2, 3, 4] });
    expect(patch({ arr: [1, 2, 3] }, { op: "remove", path: "/arr/1" })).toEqual({ arr: [1, 3] });
  });

  it("handles nesting, escaped keys, empty containers and composite values", () => {
    expect(patch({ a: { b: { c: { d: 1 } } } }, { op: "add", path: "/a/b/c/e", value: 2 })).toEqual({ a: { b: { c: { d: 1, e: 2 } } } });
    expect(patch({ "foo/bar": { "baz~": 1 } }, { op: "add", path: "/foo~1bar/baz~0test", value: 2 })).toEqual({ "foo/bar": { "baz~": 1, "baz~test": 2 } });
    expect(patch({}, { op: "add", path: "/newkey", value: { nested: [] } })).toEqual({ newkey: { nested: [] } });
    expect(patch({ data: null }, { op: "replace", path: "/data", value: { bool: true, num: 3.14, str: "hello" } })).toEqual({
      data: { bool: true, num: 3.14, str: "hello" },
    });
  });

  it("addresses set members by value with array paths", () => {
    expect(patch(set("a", "b", "c"), { op: "add", path: ["d"], value: "d" })).toEqual(set("a", "b", "c", "d"));
    expect(patch(set("a", "b", "c"), { op: "remove", path: ["b"] })).toEqual(set("a", "c"));
    expect(patch(set("a", "b", "c"), { op: "move", from: ["a"], path: ["a"] })).toEqual(set("a", "b", "c"));
    expect(patch(set("a", "b"), { op: "replace", path: ["a"], value: "c" })).toBeUndefined();
    expect(patch(set("a"), { op: "add", path: ["b"], value: "c" })).toBeUndefined();
  });

  it("reaches inside set members", () => {
    const member = { a: [1, 2] };
    expect(patch(set(member), { op: "replace", path: [member, "a", 1], value: 9 })).toBeUndefined();
    expect(patch(set({ a: [1] }), { op: "copy", from: [{ a: [1] }, "a", 0], path: [{ a: [1] }, "a", "-"] })).toEqual(set({ a: [1, 1] }));
    expect(patch(set(member), { op: "test", path: [member, "a", 1], value: 2 })).toEqual(set(member));
  });

  it("treats the root specially: removing it leaves no document, adding one restores it", () => {
    expect(patch({ a: 1 }, { op: "remove", path: "" })).toBeUndefined();
    expect(patch({ a: 1 }, { op: "remove", path: "" }, { op: "add", path: "", value: { b: 2 } })).toEqual({ b: 2 });
    expect(patch({ a: 1 }, { op: "replace", path: "", value: 7 })).toBe(7);
    expect(patch({ a: 1 }, { op: "test", path: "", value: { a: 1 } })).toEqual({ a: 1 });
  });

  it("is undefined for bad array indexes", () => {
    expect(patch([1, 2], { op: "remove", path: [-1] })).toBeUndefined();
    expect(patch([1, 2], { op: "remove", path: [999999999999999999999999999999999999n] })).toBeUndefined();
    expect(patch([1, 2], { op: "remove", path: [0.5] })).toBeUndefined();
    expect(patch([1, 2], { op: "remove", path: "/01" })).toBeUndefined();
    expect(patch([1, 2], { op: "remove", path: "/-" })).toBeUndefined();
    expect(patch([1, 2], { op: "remove", path: "/2" })).toBeUndefined();
    expect(patch([1, 2], { op: "add", path: "/3", value: 0 })).toBeUndefined();
    expect(patch([1, 2], { op: "remove", path: [1] })).toEqual([1]);
  });

  it("is undefined for malformed patches (as OPA in its default, non-strict mode)", () => {
    expect(patch({}, { path: "/a", value: 1 })).toBeUndefined();
    expect(patch({}, { op: "add", value: 1 })).toBeUndefined();
    expect(patch({}, { op: "add", path: "/a" })).toBeUndefined();
    expect(patch({}, { op: "move", path: "/a" })).toBeUndefined();
    expect(patch({}, { op: 1, path: {}, value: 1 })).toBeUndefined();
    expect(patch({}, { op: "frobnicate", path: "/a" })).toBeUndefined();
    expect(patch({}, "add")).toBeUndefined();
  });

  it("is undefined when an operation fails", () => {
    expect(patch({ a: { b: 1 } }, { op: "move", from: "/a", path: "/a/c" })).toBeUndefined();
    expect(patch({ a: 1 }, { op: "remove", path: "/missing" })).toBeUndefined();
    expect(patch({ a: 1 }, { op: "replace", path: "/missing", value: 1 })).toBeUndefined();
    expect(patch({ a: 1 }, { op: "test", path: "/a", value: 2 })).toBeUndefined();
    expect(patch({ a: 1 }, { op: "add", path: "/x/y", value: 2 })).toBeUndefined();
    expect(patch({ a: "s" }, { op: "add", path: "/a/b", value: 2 })).toBeUndefined();
  });

  it("does not change its input when a later operation fails", () => {
    const original = { a: [1, 2, 3] };
    expect(patch(original, { op: "remove", path: "/a/0" }, { op: "remove", path: "/missing" })).toBeUndefined();
    expect(original).toEqual({ a: [1, 2, 3] });
  });

  it("rejects patches that are not an array", () => {
    expectError("json.patch", [{}, { op: "add" }], { code: "type_error", argIndex: 1 });
  });
});
