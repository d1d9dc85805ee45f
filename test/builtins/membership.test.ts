import { describe, it } from "vitest";
import { expectCall, obj, set } from "./harness.js";

describe("internal.member_2 (x in c)", () => {
  it("finds array and set elements and object values", () => {
    expectCall("internal.member_2", [2, [1, 2, 3]], true);
    expectCall("internal.member_2", [2.0, [1, 2, 3]], true);
    expectCall("internal.member_2", [4, [1, 2, 3]], false);
    expectCall("internal.member_2", [[1], [[1], [2]]], true);
    expectCall("internal.member_2", ["a", set("a", "b")], true);
    expectCall("internal.member_2", [set(1), set(set(1))], true);
    expectCall("internal.member_2", ["v", { k: "v" }], true);
    expectCall("internal.member_2", ["k", { k: "v" }], false);
    expectCall("internal.member_2", [2, obj([1, 2])], true);
  });

  it("is false for a scalar collection and for inherited properties", () => {
    expectCall("internal.member_2", ["a", "abc"], false);
    expectCall("internal.member_2", [1, 1], false);
    expectCall("internal.member_2", [null, null], false);
    expectCall("internal.member_2", [1, []], false);
  });
});

describe("internal.member_3 (k, v in c)", () => {
  it("matches array indices, object keys and set elements", () => {
    expectCall("internal.member_3", [1, "b", ["a", "b"]], true);
    expectCall("internal.member_3", [0, "b", ["a", "b"]], false);
    expectCall("internal.member_3", [2, "b", ["a", "b"]], false);
    expectCall("internal.member_3", [-1, "b", ["a", "b"]], false);
    expectCall("internal.member_3", [0.5, "a", ["a", "b"]], false);
    expectCall("internal.member_3", ["k", "v", { k: "v" }], true);
    expectCall("internal.member_3", ["k", "w", { k: "v" }], false);
    expectCall("internal.member_3", ["constructor", {}, {}], false);
    expectCall("internal.member_3", [[1], true, obj([[1], true])], true);
    expectCall("internal.member_3", ["a", "a", set("a")], true);
    expectCall("internal.member_3", ["a", "b", set("a")], false);
    expectCall("internal.member_3", ["x", "x", "x"], false);
  });
});
