// `with`, built-in errors (strict and not), limits, coverage.
import { describe, expect, test } from "vitest";
import { compile } from "../../src/api/compile.js";
import { errorCode, policy, rule, snapError, valueOf } from "./helpers.js";

describe("with", () => {
  test("replaces input, or part of it, for one statement only", () => {
    const src = `package test
allow if input.user == "admin"
r1 if allow with input as {"user": "admin"}
r2 if allow with input.user as "admin"
r3 if { allow with input.user as "admin"; not allow }
`;
    expect(rule(src, "r1", { user: "bob" })).toBe("true");
    expect(rule(src, "r2", { user: "bob", other: 1 })).toBe("true");
    expect(rule(src, "r3", { user: "bob" })).toBe("true");
  });

  test("replaces base documents and rule values under data", () => {
    const src = `package test
limit := 10
big if input.n > data.config.max
over if input.n > limit
r1 if big with data.config.max as 1
r2 if over with data.test.limit as 1
`;
    const p = policy(src, { data: { config: { max: 100, other: true } } });
    expect(valueOf(p, "data.test.r1", { input: { n: 5 } })).toBe("true");
    expect(valueOf(p, "data.test.big", { input: { n: 5 } })).toBeUndefined();
    expect(valueOf(p, "data.test.r2", { input: { n: 5 } })).toBe("true");
    expect(valueOf(p, "data.config", { input: { n: 5 } })).toBe('{"max": 100, "other": true}');
  });

  test("replaces functions and built-ins by a value or another function", () => {
    const src = `package test
f(x) := x + 1
g(x) := x * 10
r1 := x if x := f(1) with f as g
r2 := x if x := count([1, 2]) with count as 7
r3 := x if x := f(1) with f as 42
`;
    expect(rule(src, "r1")).toBe("10");
    expect(rule(src, "r2")).toBe("7");
    expect(rule(src, "r3")).toBe("42");
  });

  test("memoised rule values do not leak across with", () => {
    const src = `package test
v := input.x
r := [a, b, c] if {
  a := v
  b := v with input.x as 2
  c := v
}
`;
    expect(rule(src, "r", { x: 1 })).toBe("[1, 2, 1]");
  });

  test("memoised function results do not leak across with either", () => {
    const src = `package test
f(x) := x + input.d
r := [a, b, c] if {
  a := f(1)
  b := f(1) with input.d as 10
  c := f(1)
}
`;
    expect(rule(src, "r", { d: 2 })).toBe("[3, 11, 3]");
  });
});

describe("built-in errors", () => {
  test("non-strict (the default): a built-in error makes the call undefined", () => {
    const src = 'package test\nn := to_number(input.s)\nok if not to_number(input.s)\n';
    expect(rule(src, "n", { s: "abc" })).toBeUndefined();
    expect(rule(src, "n", { s: "12" })).toBe("12");
  });

  test("strict: a built-in error fails the evaluation, blaming the argument", () => {
    const p = policy('package test\nn := to_number(input.s)\n', { strictBuiltinErrors: true });
    const e = snapError(() => p.evaluate("data.test.n", { input: { s: "abc" } }));
    expect(e.location).toEqual({ file: "test.rego", line: 2, col: 16 });
  });

  test("a type error of an operator in strict mode points at the operand", () => {
    const p = policy('package test\nn := input.a + 1\n', { strictBuiltinErrors: true });
    expect(errorCode(() => p.evaluate("data.test.n", { input: { a: "x" } }))).toBe("type_error");
  });
});

describe("limits", () => {
  const heavy = `package test
r := count([1 |
  some a in numbers.range(1, 100)
  some b in numbers.range(1, 100)
  some c in numbers.range(1, 100)
])
`;

  test("exceeding the step budget is a typed error, and the policy stays usable", () => {
    const p = compile({ modules: [{ file: "h.rego", source: heavy + "small := 1\n" }], limits: { steps: 10_000 } });
    expect(errorCode(() => p.evaluate("data.test.r"))).toBe("step_budget_exceeded");
    expect(valueOf(p, "data.test.small")).toBe("1");
    expect(valueOf(p, "data.test.r", { limits: { steps: 10_000_000 } })).toBe("1000000");
  });

  test("exceeding the depth limit is a typed error", () => {
    const chain = ["package test", "r0 := 0", ...Array.from({ length: 40 }, (_, i) => `r${i + 1} := r${i} + 1`)].join("\n");
    const p = compile({ modules: [{ file: "d.rego", source: chain }], limits: { depth: 10 } });
    expect(errorCode(() => p.evaluate("data.test.r40"))).toBe("depth_limit_exceeded");
    expect(valueOf(p, "data.test.r40", { limits: { depth: 100 } })).toBe("40");
  });

  test("deeply nested input does not overflow the JS stack", () => {
    let deep: unknown = 1;
    for (let i = 0; i < 200_000; i++) deep = [deep];
    const p = policy("package test\nr if input.a == input.b\n");
    const code = (() => {
      try {
        p.evaluate("data.test.r", { input: { a: deep, b: deep } });
        return "ok";
      } catch (e) {
        return (e as { code?: string }).code;
      }
    })();
    expect(["ok", "depth_limit_exceeded"]).toContain(code);
  });
});

describe("coverage", () => {
  test("records the lines of evaluated statements and of rules that produced a value", () => {
    const p = policy("package test\nallow if {\n  input.a\n  input.b\n}\nother if input.c\n");
    const coverage = new Set<string>();
    p.evaluate("data.test.allow", { input: { a: true, b: false }, coverage });
    expect([...coverage].sort()).toEqual(["test.rego:3", "test.rego:4"]);
    const full = new Set<string>();
    p.evaluate("data.test.allow", { input: { a: true, b: true }, coverage: full });
    expect([...full].sort()).toEqual(["test.rego:2", "test.rego:3", "test.rego:4"]);
  });
});
