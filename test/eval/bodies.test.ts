// Body constructs: unification, assignment, iteration, some/in/every, negation, comprehensions, templates.
// Expected values follow the Rego language definition (OPA docs, "Policy Language").
import { describe, expect, test } from "vitest";
import { errorCode, policy, rule, valueOf } from "./helpers.js";

describe("unification and assignment", () => {
  test("composite patterns on either side bind their variables", () => {
    const src = `package test
r1 := [a, b] if [a, {"k": b}] = input.x
r2 := [a, b] if input.x = [a, {"k": b}]
r3 := [x, y] if [x, 1] = [2, y]
`;
    const input = { x: [1, { k: "v" }] };
    expect(rule(src, "r1", input)).toBe('[1, "v"]');
    expect(rule(src, "r2", input)).toBe('[1, "v"]');
    expect(rule(src, "r3")).toBe("[2, 1]");
  });

  test("unification fails on a different shape (undefined, not an error)", () => {
    const src = "package test\nr if [a, b] = input.x\n";
    expect(rule(src, "r", { x: [1, 2, 3] })).toBeUndefined();
    expect(rule(src, "r", { x: { a: 1 } })).toBeUndefined();
  });

  test("a variable bound twice must get equal values", () => {
    expect(rule("package test\nr if [x, x] = input.p\n", "r", { p: [1, 1] })).toBe("true");
    expect(rule("package test\nr if [x, x] = input.p\n", "r", { p: [1, 2] })).toBeUndefined();
  });

  test("`:=` destructures and numbers compare by value", () => {
    expect(rule("package test\nr := a + b if [a, b] := [1, 2.0]\n", "r")).toBe("3");
    expect(rule("package test\nr if 1 == 1.0\n", "r")).toBe("true");
  });

  test("statements run in safe order whatever order they are written in", () => {
    expect(rule("package test\nr := y if {\n  y = x + 1\n  x = input.n\n}\n", "r", { n: 1 })).toBe("2");
  });
});

describe("iteration", () => {
  test("refs with variables iterate arrays, objects and sets", () => {
    const src = `package test
a contains [i, x] if x := input.arr[i]
o contains [k, v] if v := input.obj[k]
s contains x if input.set_like[x]
`;
    const input = { arr: ["p", "q"], obj: { b: 2, a: 1 }, set_like: { y: true } };
    expect(rule(src, "a", input)).toBe('{[0, "p"], [1, "q"]}');
    expect(rule(src, "o", input)).toBe('{["a", 1], ["b", 2]}');
    expect(rule(src, "s", input)).toBe('{"y"}');
  });

  test("a bound variable in a ref looks up instead of iterating", () => {
    expect(rule("package test\nr := v if { k := \"b\"; v := input.obj[k] }\n", "r", { obj: { a: 1, b: 2 } })).toBe("2");
  });

  test("iterating a partial set (a virtual document) and a set literal", () => {
    const src = "package test\nxs contains x if some x in [3, 1, 2]\nr := [x | xs[x]]\nt := [x | x := {3, 1}[_]]\n";
    expect(rule(src, "r")).toBe("[1, 2, 3]");
    expect(rule(src, "t")).toBe("[1, 3]");
  });

  test("some k, v in, and `in` as membership", () => {
    const src = `package test
pairs contains [k, v] if some k, v in {"a": 1, "b": 2}
has if 2 in [1, 2]
has_kv if "a", 1 in {"a": 1}
missing := 5 in [1, 2]
`;
    expect(rule(src, "pairs")).toBe('{["a", 1], ["b", 2]}');
    expect(rule(src, "has")).toBe("true");
    expect(rule(src, "has_kv")).toBe("true");
    expect(rule(src, "missing")).toBe("false");
  });

  test("every holds for all elements, and for an empty domain", () => {
    const src = "package test\nall_pos if every x in input.xs { x > 0 }\n";
    expect(rule(src, "all_pos", { xs: [1, 2] })).toBe("true");
    expect(rule(src, "all_pos", { xs: [1, -2] })).toBeUndefined();
    expect(rule(src, "all_pos", { xs: [] })).toBe("true");
    expect(rule(src, "all_pos", {})).toBeUndefined();
  });

  test("every binds nothing outside and sees the enclosing variables", () => {
    const src = "package test\nr if { limit := 3; every k, v in input.o { v < limit; k != \"bad\" } }\n";
    expect(rule(src, "r", { o: { a: 1, b: 2 } })).toBe("true");
    expect(rule(src, "r", { o: { bad: 1 } })).toBeUndefined();
  });
});

describe("negation", () => {
  test("not holds when the expression is undefined or false", () => {
    const src = "package test\nr1 if not input.missing\nr2 if not false\nr3 if not input.x\n";
    expect(rule(src, "r1", {})).toBe("true");
    expect(rule(src, "r2", {})).toBe("true");
    expect(rule(src, "r3", { x: 1 })).toBeUndefined();
  });

  test("negation of an iterating expression means none matches", () => {
    const src = "package test\nno_admin if not input.users[_] == \"admin\"\n";
    expect(rule(src, "no_admin", { users: ["a", "b"] })).toBe("true");
    expect(rule(src, "no_admin", { users: ["a", "admin"] })).toBeUndefined();
  });
});

describe("comprehensions", () => {
  test("array, set and object comprehensions", () => {
    const src = `package test
arr := [y | some x in input.xs; y := x * 2]
st := {x | some x in input.xs}
obj := {k: count(v) | some k, v in input.groups}
`;
    const input = { xs: [1, 2, 1], groups: { a: [1], b: [1, 2] } };
    expect(rule(src, "arr", input)).toBe("[2, 4, 2]");
    expect(rule(src, "st", input)).toBe("{1, 2}");
    expect(rule(src, "obj", input)).toBe('{"a": 1, "b": 2}');
  });

  test("comprehensions read enclosing variables (bound first, whatever the written order)", () => {
    const src = "package test\nr := ys if {\n  ys := [y | some y in input.xs; y > min]\n  min = 1\n}\n";
    expect(rule(src, "r", { xs: [0, 1, 2, 3] })).toBe("[2, 3]");
  });

  test("an empty comprehension is an empty collection, not undefined", () => {
    expect(rule("package test\nr := [x | some x in input.xs; x > 10]\n", "r", { xs: [1] })).toBe("[]");
  });

  test("an object comprehension with one key and two values is a conflict", () => {
    expect(errorCode(() => rule("package test\nr := {\"k\": x | some x in [1, 2]}\n", "r"))).toBe("eval_conflict");
  });
});

describe("templates and print", () => {
  test("string templates interpolate values (strings unquoted)", () => {
    const p = policy('package test\nmsg := $"user {input.user} asked for {input.n} items: {input.tags}"\n');
    expect(valueOf(p, "data.test.msg", { input: { user: "ana", n: 3, tags: ["a"] } })).toBe('"user ana asked for 3 items: [\\"a\\"]"');
  });

  test("print output is collected with its location, undefined arguments as <undefined>", () => {
    const p = policy('package test\nr if {\n  print("n is", input.n, input.missing)\n}\n');
    const prints: { location: string; message: string }[] = [];
    p.evaluate("data.test.r", { input: { n: 2 }, prints });
    expect(prints).toEqual([{ location: "test.rego:3", message: "n is 2 <undefined>" }]);
  });

  test("without a collector, print does nothing and holds", () => {
    expect(rule('package test\nr if print("x")\n', "r")).toBe("true");
  });
});
