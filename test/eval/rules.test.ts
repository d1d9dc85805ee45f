// Rule kinds and the data tree, with expected values from Rego's definition (OPA docs: "Rules", "Virtual documents").
import { describe, expect, test } from "vitest";
import { compile } from "../../src/api/compile.js";
import { errorCode, policy, rule, valueOf } from "./helpers.js";

describe("complete rules", () => {
  test("a rule without a value is true when its body holds, undefined otherwise", () => {
    const src = "package test\nallow if input.ok\n";
    expect(rule(src, "allow", { ok: true })).toBe("true");
    expect(rule(src, "allow", { ok: false })).toBeUndefined();
    expect(rule(src, "allow", {})).toBeUndefined();
  });

  test("default applies only when no definition produces a value", () => {
    const src = "package test\ndefault level := \"low\"\nlevel := \"high\" if input.n > 10\n";
    expect(rule(src, "level", { n: 11 })).toBe('"high"');
    expect(rule(src, "level", { n: 1 })).toBe('"low"');
  });

  test("several definitions may agree; different values are a conflict", () => {
    const agree = "package test\np := 1 if input.a\np := 1 if input.b\n";
    expect(rule(agree, "p", { a: true, b: true })).toBe("1");
    const disagree = "package test\np := 1 if input.a\np := 2 if input.b\n";
    expect(rule(disagree, "p", { a: true })).toBe("1");
    expect(errorCode(() => rule(disagree, "p", { a: true, b: true }))).toBe("eval_conflict");
  });

  test("one definition with several solutions giving different values is a conflict", () => {
    expect(errorCode(() => rule("package test\np := x if some x in [1, 2]\n", "p"))).toBe("eval_conflict");
    expect(rule("package test\np := x if some x in [1, 1]\n", "p")).toBe("1");
  });

  test("else chains: the first clause that produces a value wins", () => {
    const src = `package test
grade := "a" if input.score >= 90
else := "b" if input.score >= 80
else := "c"
`;
    expect(rule(src, "grade", { score: 95 })).toBe('"a"');
    expect(rule(src, "grade", { score: 85 })).toBe('"b"');
    expect(rule(src, "grade", { score: 10 })).toBe('"c"');
  });

  test("false is a value, not undefined", () => {
    const src = "package test\np := false\nq if not p\nr if p == false\n";
    expect(rule(src, "p")).toBe("false");
    expect(rule(src, "q")).toBe("true"); // `not` holds for an expression that is undefined or false
    expect(rule(src, "r")).toBe("true");
  });
});

describe("multi-value (set) and object rules", () => {
  test("contains collects every element, deduplicated, in canonical order", () => {
    const src = `package test
deny contains msg if {
  some x in input.xs
  x > 2
  msg := sprintf("too big: %d", [x])
}
deny contains "always"
`;
    expect(rule(src, "deny", { xs: [5, 1, 3, 5] })).toBe('{"always", "too big: 3", "too big: 5"}');
    expect(rule(src, "deny", { xs: [] })).toBe('{"always"}');
  });

  test("a set rule with no element is the empty set, not undefined", () => {
    expect(rule("package test\ns contains x if { some x in input.xs }\n", "s", { xs: [] })).toBe("set()");
  });

  test("object rules build an object; the same key with different values is a conflict", () => {
    const src = "package test\nby_name[n] := v if { some v in input.items; n := v.name }\n";
    expect(rule(src, "by_name", { items: [{ name: "a", n: 1 }, { name: "b", n: 2 }] })).toBe('{"a": {"n": 1, "name": "a"}, "b": {"n": 2, "name": "b"}}');
    expect(errorCode(() => rule(src, "by_name", { items: [{ name: "a", n: 1 }, { name: "a", n: 2 }] }))).toBe("eval_conflict");
  });

  test("ref heads nest values below the rule's path", () => {
    const src = `package test
a.b.c := 1
a.b.d := 2
a.e[k] := 3 if some k in ["x", "y"]
`;
    expect(rule(src, "a")).toBe('{"b": {"c": 1, "d": 2}, "e": {"x": 3, "y": 3}}');
    expect(valueOf(policy(src), "data.test.a.b.d")).toBe("2");
    expect(valueOf(policy(src), "data.test.a.e.y")).toBe("3");
  });

  test("v0 rules: `p[x] { … }` is a set, `p[k] = v { … }` an object, `p.q { … }` a set of \"q\"", () => {
    const src = `package test
s[x] { x := input.xs[_] }
o[k] = v { v := input.xs[k] }
old.style { true }
a.b[x] { x := input.xs[_] }
`;
    const p = policy(src, { regoVersion: 0 });
    expect(valueOf(p, "data.test.s", { input: { xs: ["a", "b"] } })).toBe('{"a", "b"}');
    expect(valueOf(p, "data.test.o", { input: { xs: ["a", "b"] } })).toBe('{0: "a", 1: "b"}');
    expect(valueOf(p, "data.test.old", { input: {} })).toBe('{"style"}');
    // A head longer than `p[x]` keeps no set meaning in v0 (OPA's parser: only a two-term ref does): `true` at each key.
    expect(valueOf(p, "data.test.a", { input: { xs: ["a", "b"] } })).toBe('{"b": {"a": true, "b": true}}');
  });
});

describe("the data tree", () => {
  test("a package is an object of its rules merged with base data at the same path", () => {
    const p = policy("package test\np := 1\n", { data: { test: { base: true }, other: 2 } });
    expect(valueOf(p, "data.test")).toBe('{"base": true, "p": 1}');
    expect(valueOf(p, "data.other")).toBe("2");
    expect(valueOf(p, "data")).toBe('{"other": 2, "test": {"base": true, "p": 1}}');
  });

  test("undefined rules are absent from their package's object", () => {
    expect(valueOf(policy("package test\np if false\nq := 1\n"), "data.test")).toBe('{"q": 1}');
  });

  test("iterating a package iterates its rules (virtual documents too)", () => {
    const p = policy("package test\na := 1\nb := 2\n");
    const keys = p.evaluate("data.test[k] > 0").map((s) => s.bindings["k"]);
    expect(keys).toEqual(["a", "b"]);
  });

  test("a rule and base data at the same path conflict at compile time", () => {
    expect(errorCode(() => policy("package test\np := 1\n", { data: { test: { p: 2 } } }))).toBe("data_conflict");
  });

  test("rules across packages and modules see each other through data and imports", () => {
    const p = compile({
      modules: [
        { file: "lib.rego", source: "package lib\nlimit := 500\ndouble(x) := 2 * x\n" },
        { file: "main.rego", source: "package main\nimport data.lib\nover if input.amount > lib.limit\nd := lib.double(input.amount)\n" },
      ],
    });
    expect(valueOf(p, "data.main.over", { input: { amount: 600 } })).toBe("true");
    expect(valueOf(p, "data.main.d", { input: { amount: 600 } })).toBe("1200");
  });
});

describe("functions", () => {
  test("several definitions select by their arguments; default functions apply when none does", () => {
    const src = `package test
kind(x) := "number" if is_number(x)
kind(x) := "string" if is_string(x)
default kind(_) := "other"
r := [kind(1), kind("a"), kind(null)]
`;
    expect(rule(src, "r")).toBe('["number", "string", "other"]');
  });

  test("constant arguments act as patterns", () => {
    const src = "package test\nf(0) := \"zero\"\nf([a, b]) := a + b\nr := [f(0), f([1, 2])]\ns := f(7)\n";
    expect(rule(src, "r")).toBe('["zero", 3]');
    expect(rule(src, "s")).toBeUndefined();
  });

  test("comprehensions in a function body read its arguments", () => {
    expect(rule("package test\nf(x) := y if {\n  is_array(x)\n  y := {a | some a in x; a > 1}\n}\nr := f([1, 2, 3])\n", "r")).toBe("{2, 3}");
  });

  test("definitions that disagree for the same arguments are a conflict", () => {
    expect(errorCode(() => rule("package test\nf(x) := 1 if x > 0\nf(x) := 2 if x > 1\nr := f(5)\n", "r"))).toBe("eval_conflict");
  });

  test("an extra argument binds the result", () => {
    expect(rule("package test\nf(x) := x + 1\nr if { f(1, y); y == 2 }\n", "r")).toBe("true");
    expect(rule("package test\nr := n if count([1, 2, 3], n)\n", "r")).toBe("3");
  });
});
