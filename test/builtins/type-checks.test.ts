import { describe, expect, it } from "vitest";
import { lookupBuiltin } from "../../src/builtins/registry.js";
import type { Value } from "../../src/value/index.js";
import { call, expectCall, obj, set } from "./harness.js";

const ITEMS: [Value, string][] = [
  [[], "array"],
  [true, "boolean"],
  [null, "null"],
  [0, "number"],
  [10n ** 30n, "number"],
  [{}, "object"],
  [obj([1, 2]), "object"],
  [set(), "set"],
  ["abc", "string"],
];

describe("is_* and type_name", () => {
  it("name every type as OPA does", () => {
    for (const [v, t] of ITEMS) expectCall("type_name", [v], t);
  });

  it("is_<type> is true for that type and false (not an error) for the others", () => {
    for (const t of ["array", "boolean", "null", "number", "object", "set", "string"]) {
      for (const [v, vt] of ITEMS) expect(call(`is_${t}`, v), `is_${t}(${vt})`).toBe(vt === t);
    }
  });

  it("the cast_* built-ins are deprecated: v0 modules only, as in OPA v1 (see deprecated.test.ts)", () => {
    for (const name of ["cast_array", "cast_set", "cast_string", "cast_boolean", "cast_null", "cast_object"]) {
      expect(lookupBuiltin(name)?.deprecated, name).toBeDefined();
    }
  });
});
