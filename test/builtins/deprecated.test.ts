/**
 * The built-ins OPA deprecated before 1.0. OPA keeps them for v0 modules
 * (Gatekeeper's older library calls `all`, `any` and `re_match`) and rejects
 * them in v1 modules with a compile error.
 */
import { describe, expect, it } from "vitest";
import { compile } from "../../src/api/compile.js";
import { isSnapError } from "../../src/source/diagnostic.js";
import { expectCall, expectError, set } from "./harness.js";

describe("any / all", () => {
  it("any: true exactly when the boolean `true` is an element", () => {
    expectCall("any", [[false, true]], true);
    expectCall("any", [[false, 1, "true"]], false);
    expectCall("any", [[]], false);
    expectCall("any", [set(true)], true);
    expectCall("any", [set()], false);
  });

  it("all: true when every element is the boolean `true`, and for an empty collection", () => {
    expectCall("all", [[true, true]], true);
    expectCall("all", [[true, false]], false);
    expectCall("all", [[true, 1]], false);
    expectCall("all", [[]], true);
    expectCall("all", [set(true)], true);
    expectCall("all", [set(true, "x")], false);
    expectCall("all", [set()], true);
  });

  it("reject what is not an array or a set", () => {
    expectError("any", ["x"], { code: "type_error", argIndex: 0 });
    expectError("all", [{}], { code: "type_error", argIndex: 0 });
  });
});

describe("re_match / net.cidr_overlap / set_diff", () => {
  it("behave as regex.match, net.cidr_contains and set difference", () => {
    expectCall("re_match", ["^gcr\\.io/", "gcr.io/x"], true);
    expectCall("re_match", ["^gcr\\.io/", "docker.io/x"], false);
    expectCall("net.cidr_overlap", ["10.0.0.0/8", "10.1.2.3"], true);
    expectCall("net.cidr_overlap", ["10.0.0.0/8", "11.1.2.3"], false);
    expectCall("set_diff", [set(1, 2, 3), set(2)], set(1, 3));
  });

  it("fail as the built-ins they alias do", () => {
    expectError("re_match", ["(", "x"], { code: "builtin_error", argIndex: 0 });
    expectError("set_diff", [[1], set()], { code: "type_error", argIndex: 0 });
  });
});

describe("cast_*", () => {
  it("cast_array and cast_set convert between arrays and sets", () => {
    expectCall("cast_array", [set("b", "a")], ["a", "b"]);
    expectCall("cast_array", [[3, 1, 3]], [3, 1, 3]);
    expectCall("cast_set", [[3, 1, 3]], set(1, 3));
    expectCall("cast_set", [set(2)], set(2));
    expectError("cast_array", ["ab"], { code: "type_error", argIndex: 0 });
    expectError("cast_set", [{}], { code: "type_error", argIndex: 0 });
  });

  it("the scalar and object casts return their argument when it has the type", () => {
    expectCall("cast_string", ["x"], "x");
    expectCall("cast_boolean", [false], false);
    expectCall("cast_null", [null], null);
    expectCall("cast_object", [{ a: 1 }], { a: 1 });
    expectError("cast_string", [1], { code: "type_error", argIndex: 0, message: "cast_string: operand 1 must be string but got number" });
    expectError("cast_boolean", ["true"], { code: "type_error", argIndex: 0 });
    expectError("cast_null", [0], { code: "type_error", argIndex: 0 });
    expectError("cast_object", [[]], { code: "type_error", argIndex: 0 });
  });
});

describe("availability by Rego version", () => {
  const v0 = 'package legacy\n\nok { all([true]); not any([false]); re_match("^a", "abc") }\n';
  const v1 = 'package legacy\n\nok if all([true])\n';

  for (const backend of ["interpreter", "compiled"] as const) {
    it(`are callable from a v0 module (${backend})`, () => {
      const p = compile({ modules: [{ file: "legacy.rego", source: v0 }], regoVersion: 0, backend });
      expect(p.query("data.legacy.ok")).toEqual([{ expressions: [true], bindings: {} }]);
    });
  }

  it("are a compile error in a v1 module, naming the replacement", () => {
    let err: unknown;
    try {
      compile({ modules: [{ file: "legacy.rego", source: v1 }] });
    } catch (e) {
      err = e;
    }
    expect(isSnapError(err)).toBe(true);
    const d = (err as { diagnostics: readonly { code: string; message: string; help?: string; span?: { line: number } }[] }).diagnostics[0]!;
    expect(d.code).toBe("deprecated_builtin");
    expect(d.message).toBe("`all` is a deprecated built-in, not available in Rego v1");
    expect(d.help).toContain("every");
    expect(d.span?.line).toBe(3);
  });

  it("are a compile error in a v0-compatible module that imports rego.v1", () => {
    const src = 'package legacy\n\nimport rego.v1\n\nok if re_match("^a", "abc")\n';
    expect(() => compile({ modules: [{ file: "legacy.rego", source: src }], regoVersion: 0 })).toThrow(/re_match/);
  });
});
