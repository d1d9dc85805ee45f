import { describe, expect, it } from "vitest";
import { KeyedObject, ObjectBuilder, SetValue, type Value } from "../../src/value/index.js";
import { call, def, expectError } from "./call.js";

const set = (...xs: Value[]): SetValue => SetValue.from(xs);

describe("graph.reachable", () => {
  const g = { a: ["b"], b: SetValue.from(["c"]), c: [], d: ["a"], x: ["y"] };

  it("finds every node reachable from the start, the start included", () => {
    expect(call("graph.reachable", g, ["a"])).toEqual(set("a", "b", "c"));
    expect(call("graph.reachable", g, SetValue.from(["d"]))).toEqual(set("a", "b", "c", "d"));
    expect(call("graph.reachable", g, ["c"])).toEqual(set("c"));
    expect(call("graph.reachable", g, [])).toEqual(SetValue.EMPTY);
  });

  it("terminates on cycles", () => {
    expect(call("graph.reachable", { a: ["b"], b: ["c"], c: ["a"] }, ["b"])).toEqual(set("a", "b", "c"));
  });

  it("counts only nodes that are keys of the graph, as OPA does", () => {
    // `y` is a neighbour of `x` but not a key, so it is not reached; nor is an unknown start.
    expect(call("graph.reachable", g, ["x", "nowhere"])).toEqual(set("x"));
  });

  it("accepts nodes that are not strings", () => {
    const b = new ObjectBuilder();
    b.set(1, [2]);
    b.set(2, SetValue.EMPTY);
    const numeric = b.build();
    expect(numeric).toBeInstanceOf(KeyedObject);
    expect(call("graph.reachable", numeric, [1])).toEqual(set(1, 2));
  });

  it("rejects arguments of the wrong type", () => {
    expectError("graph.reachable", [[], ["a"]], { code: "type_error", argIndex: 0 });
    expectError("graph.reachable", [{}, "a"], { code: "type_error", argIndex: 1 });
  });
});

describe("graph.reachable_paths", () => {
  it("lists each path from a start until it can go no further", () => {
    const g = { a: ["b", "c"], b: ["d"], c: ["d"], d: [] };
    expect(call("graph.reachable_paths", g, ["a"])).toEqual(set(["a", "b", "d"], ["a", "c", "d"]));
    expect(call("graph.reachable_paths", g, ["d"])).toEqual(set(["d"]));
  });

  it("stops before revisiting a node on a cycle", () => {
    expect(call("graph.reachable_paths", { a: ["b"], b: ["c"], c: ["a"] }, ["a"])).toEqual(set(["a", "b", "c"]));
  });

  it("ignores starts and neighbours that are not keys of the graph", () => {
    expect(call("graph.reachable_paths", { a: ["b", "zz"], b: [] }, ["a", "nowhere"])).toEqual(set(["a", "b"]));
    expect(call("graph.reachable_paths", { a: [] }, [])).toEqual(SetValue.EMPTY);
  });
});

describe("walk", () => {
  it("is declared as a relation of one argument", () => {
    expect(def("walk").relation).toBe(true);
    expect(def("walk").args).toHaveLength(1);
  });

  it("yields [path, value] for every node in pre-order, keys in canonical order", () => {
    expect(call("walk", { b: [1], a: "x" })).toEqual([
      [[], { b: [1], a: "x" }],
      [["a"], "x"],
      [["b"], [1]],
      [["b", 0], 1],
    ]);
  });

  it("uses set elements as path keys", () => {
    expect(call("walk", SetValue.from(["y", "x"]))).toEqual([
      [[], SetValue.from(["x", "y"])],
      [["x"], "x"],
      [["y"], "y"],
    ]);
  });

  it("yields the scalar itself for a scalar", () => {
    expect(call("walk", 5)).toEqual([[[], 5]]);
    expect(call("walk", [])).toEqual([[[], []]]);
  });

  it("covers the conformance document (binding/walk.yaml)", () => {
    const doc = { team: { ops: { members: ["alice"] }, dev: { members: ["bob"] } } };
    const twoDeep = (call("walk", doc) as Value[][]).filter(([p]) => (p as Value[]).length === 2);
    expect(twoDeep).toEqual([
      [["team", "dev"], { members: ["bob"] }],
      [["team", "ops"], { members: ["alice"] }],
    ]);
  });
});
