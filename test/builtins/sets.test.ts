import { describe, it } from "vitest";
import { expectCall, expectError, set } from "./harness.js";

describe("and (&) / or (|)", () => {
  it("intersect and unite, by Rego equality", () => {
    expectCall("and", [set(1, 2, 3), set(2, 3, 4)], set(2, 3));
    expectCall("and", [set(1), set(1.0)], set(1));
    expectCall("and", [set([1]), set([1], [2])], set([1]));
    expectCall("and", [set(), set(1)], set());
    expectCall("or", [set(1, 2), set(2, 3)], set(1, 2, 3));
    expectCall("or", [set(), set()], set());
  });

  it("reject non-sets", () => {
    expectError("and", [set(1), [1]], { code: "type_error", argIndex: 1, message: "and: operand 2 must be set but got array" });
    expectError("or", [{}, set(1)], { code: "type_error", argIndex: 0 });
  });
});

describe("intersection / union", () => {
  it("combine a set of sets", () => {
    expectCall("intersection", [set(set(1, 2, 3), set(2, 3, 4), set(3, 2))], set(2, 3));
    expectCall("intersection", [set(set(1))], set(1));
    expectCall("intersection", [set()], set());
    expectCall("union", [set(set(1, 2), set(2, 3), set())], set(1, 2, 3));
    expectCall("union", [set()], set());
  });

  it("reject an element that is not a set", () => {
    expectError("intersection", [set(set(1), 1)], { code: "type_error", argIndex: 0, message: "intersection: operand 1 must be set of set but got set containing number" });
    expectError("union", [set([1])], { code: "type_error", argIndex: 0, message: "set containing array" });
    expectError("union", [[set(1)]], { code: "type_error", argIndex: 0 });
  });
});
