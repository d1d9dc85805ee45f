// Compile-time checks: each asserts the code, the underlined text and the message, as OPA reports these errors.
import { describe, expect, test } from "vitest";
import { checkModules } from "../../src/check/index.js";
import type { Diagnostic } from "../../src/source/diagnostic.js";
import { SourceFile } from "../../src/source/source-file.js";
import { parseModule } from "../../src/syntax/index.js";
import type { Value } from "../../src/value/index.js";

interface Shown {
  code: string;
  at: string;
  line: number;
  message: string;
}

/** Check modules; return each diagnostic with the text it underlines. */
function check(sources: string | string[], options: { regoVersion?: 0 | 1; data?: Record<string, unknown> } = {}): Shown[] {
  const files = (Array.isArray(sources) ? sources : [sources]).map((s, i) => new SourceFile(`m${i}.rego`, s));
  const modules = files.map((f) => {
    const r = parseModule(f, { regoVersion: options.regoVersion ?? 1 });
    if (!r.value) throw new Error(`parse error in test source: ${r.diagnostics.map((d) => d.message).join("; ")}`);
    return r.value;
  });
  const result = checkModules(modules, options.data ? { data: options.data as Value } : {});
  if (result.diagnostics.length === 0) expect(result.program).toBeDefined();
  return result.diagnostics.map((d: Diagnostic) => {
    const f = files.find((x) => x.name === d.span?.file)!;
    return { code: d.code, at: f.text.slice(d.span!.start, d.span!.end), line: d.span!.line, message: d.message };
  });
}

describe("safety", () => {
  test("a variable only read is unsafe, reported at the variable", () => {
    expect(check("package test\np if { x > 1 }\n")).toEqual([{ code: "unsafe_var", at: "x", line: 2, message: "var `x` is unsafe" }]);
  });

  test("head variables must be bound by the body", () => {
    expect(check("package test\np contains x if { y := 1 }\n")).toMatchObject([{ code: "unsafe_var", at: "x", message: "var `x` is unsafe" }]);
  });

  test("negation binds nothing", () => {
    expect(check("package test\np if { not input.xs[x]; x > 0 }\n")).toMatchObject([{ code: "unsafe_var", at: "x" }]);
  });

  test("binders written after their use are reordered, not reported", () => {
    expect(check("package test\np if { x > 1; x = input.n }\n")).toEqual([]);
    expect(check("package test\np if { count(xs) > 1; xs = [y | y := input.a[_]] }\n")).toEqual([]);
  });

  test("iteration, some-in, call outputs and unification bind", () => {
    expect(check("package test\np if { input.xs[i] > 0; i < 3 }\nq if { some k, v in input.o; k == v }\nr if { count([1], n); n == 1 }\ns if { [a, b] = [1, input.x]; a == b }\n")).toEqual([]);
  });

  test("a comprehension reads a function argument also used in the body (not a new variable)", () => {
    expect(check("package test\nf(x) := y if {\n  is_array(x)\n  y := {a | some a in x}\n}\n")).toEqual([]);
  });

  test("a comprehension's own variables are local; those it shares with the body must be bound", () => {
    expect(check("package test\np := [x | some x in input.xs]\n")).toEqual([]);
    expect(check("package test\np if { ys := [x | x := y]; y > 1 }\n")).toMatchObject([{ code: "unsafe_var", at: "y" }]);
  });
});

describe("v1 declarations", () => {
  test("`:=` twice in one body", () => {
    expect(check("package test\np if { x := 1; x := 2 }\n")).toMatchObject([{ code: "var_redeclared", at: "x", message: "var `x` assigned above" }]);
  });

  test("`:=` on input, data or an import alias", () => {
    expect(check("package test\np if { input := 1 }\n")).toMatchObject([{ code: "var_shadows", at: "input" }]);
    expect(check("package test\nimport data.lib\np if { lib := 1 }\n")).toMatchObject([{ code: "var_shadows", at: "lib" }]);
  });

  test("`:=` after a use in the same body", () => {
    expect(check("package test\np if { x == 1; x := 2 }\n")).toMatchObject([{ code: "var_redeclared", at: "x", message: "var `x` referenced above" }]);
  });

  test("`:=` on a function argument", () => {
    expect(check("package test\nf(x) := y if { x := 1; y := x }\n")).toMatchObject([{ code: "var_redeclared", at: "x", message: "var `x` assigned above" }]);
  });

  test("rules named input or data in v1", () => {
    expect(check("package test\ninput := 1\n")).toMatchObject([{ code: "var_shadows", at: "input" }]);
    expect(check("package test\ninput = 1\n", { regoVersion: 0 })).toEqual([]);
  });

  test("`:=` needs a variable on its left", () => {
    expect(check("package test\np if { 1 := input.x }\n")).toMatchObject([{ code: "invalid_assign", at: "1" }]);
  });

  test("shadowing in a comprehension is allowed", () => {
    expect(check("package test\np if { x := 1; ys := [x | some x in [2]]; ys[0] > x }\n")).toEqual([]);
  });

  test("v0 modules may shadow input locally", () => {
    expect(check("package test\nx { input := 1; input > 0 }\n", { regoVersion: 0 })).toEqual([]);
  });
});

describe("calls", () => {
  test("unknown functions get a did-you-mean", () => {
    const [d] = check("package test\np := cont([1])\n");
    expect(d).toMatchObject({ code: "unknown_function", at: "cont", message: "unknown function `cont`" });
  });

  test("wrong arity; one extra output argument only for a call that is a whole statement", () => {
    expect(check("package test\np := count([1], 2, 3)\n")).toMatchObject([{ code: "wrong_arity", at: "count", message: "`count` takes 1 argument, got 3" }]);
    expect(check("package test\np := count([1], n)\n")[0]).toMatchObject({ code: "wrong_arity", at: "count" });
    expect(check("package test\nf(x) := x\np := f(1, 2)\n")).toMatchObject([{ code: "wrong_arity", at: "f" }]);
  });

  test("non-deterministic built-ins are rejected with a way out", () => {
    const src = "package test\np := time.now_ns()\n";
    const found = check(src);
    // The impure family may not be registered in every build; when it is, the call is rejected like this.
    if (found[0]?.code === "impure_builtin") {
      expect(found[0]).toEqual({ code: "impure_builtin", at: "time.now_ns()", line: 2, message: "`time.now_ns` is not deterministic: a policy's decision may depend only on its input and data" });
    } else {
      expect(found).toMatchObject([{ code: "unknown_function" }]);
    }
  });

  test("literal arguments of the wrong type are type errors", () => {
    expect(check("package test\np := count(1)\n")).toMatchObject([{ code: "type_error", at: "1", message: "`count`: operand 1 must be one of {array, object, set, string} but got number" }]);
  });

  test("literal patterns that can never unify are type errors", () => {
    expect(check("package test\np if { [x, y] = [1, 2, 3] }\n")).toMatchObject([{ code: "type_error", message: "mismatch in number of array elements: 2 and 3" }]);
    expect(check("package test\np if { [x] = {\"a\": 1} }\n")).toMatchObject([{ code: "type_error" }]);
    expect(check("package test\np if { some [x, y] in [[1, 2, 3]] }\n")).toMatchObject([{ code: "type_error" }]);
    expect(check("package test\np if { some [x, y] in [[1, 2, 3], [1, 2]] }\n")).toEqual([]);
    expect(check("package test\np if { some x in 5 }\n")).toMatchObject([{ code: "type_error", at: "5" }]);
  });

  test("calls through imports and packages resolve to user functions; a rule is not a function", () => {
    expect(check(["package lib\ndouble(x) := 2 * x\nlimit := 3\n", "package main\nimport data.lib\np := lib.double(2)\nq := data.lib.double(1)\n"])).toEqual([]);
    expect(check(["package lib\nlimit := 3\n", "package main\nimport data.lib\np := lib.limit(2)\n"])).toMatchObject([{ code: "not_a_function", at: "lib.limit" }]);
  });
});

describe("rules", () => {
  test("recursion is reported with its cycle", () => {
    const [d] = check("package test\np if q\nq if p\n");
    expect(d).toMatchObject({ code: "recursion" });
    expect(d!.message).toMatch(/^rule `data\.test\.[pq]` is recursive: `data\.test\.[pq]` → `data\.test\.[pq]` → `data\.test\.[pq]`$/);
  });

  test("a rule reading its own package is recursive", () => {
    expect(check("package test\np := data.test\n")).toMatchObject([{ code: "recursion" }]);
  });

  test("rule kinds may not mix at one path", () => {
    expect(check("package test\np := 1\np contains 2\n")).toMatchObject([{ code: "rule_conflict", at: "p", line: 3 }]);
    expect(check("package test\nf(x) := 1\nf(x, y) := 2\n")).toMatchObject([{ code: "rule_conflict", line: 3 }]);
    expect(check("package test\na := 1\na.b := 2\n")).toMatchObject([{ code: "rule_conflict" }]);
  });

  test("one default per rule", () => {
    expect(check("package test\ndefault p := 1\ndefault p := 2\n")).toMatchObject([{ code: "multiple_defaults", at: "p", line: 3 }]);
  });

  test("base data at a rule's path", () => {
    expect(check("package test\np := 1\n", { data: { test: { p: 2 } } })).toMatchObject([{ code: "data_conflict", at: "p" }]);
  });

  test("with targets must be input, data or functions", () => {
    expect(check("package test\nq := 1\np if { q with foo as 1 }\n")).toMatchObject([{ code: "invalid_with_target", at: "foo" }]);
    expect(check("package test\nq := 1\np if { q with input.x as 1 }\nr if { q with data.x as 1 }\ns if { count([]) with count as 3 }\n")).toEqual([]);
  });

  test("with may replace a whole rule or the documents around it, never part of a rule's value (OPA: cannot partially replace virtual documents)", () => {
    const rules = "package test\np := {\"a\": 1}\no[k] := 1 if some k in [\"x\"]\nf(x) := x\n";
    expect(check(`${rules}r := y if y := p.a with data.test.p.a as 5\n`)).toMatchObject([{ code: "with_partial_rule", at: "data.test.p.a", line: 5 }]);
    expect(check(`${rules}r := y if y := p.a with p.a as 5\n`)).toMatchObject([{ code: "with_partial_rule", at: "p.a", line: 5 }]);
    // A partial object rule is a virtual document too.
    expect(check(`${rules}r := y if y := o.x with data.test.o.x as 2\n`)).toMatchObject([{ code: "with_partial_rule", line: 5 }]);
    // The whole rule, a package holding it, base data beside it, a function: all fine.
    const fine = `${rules}r1 := y if y := p.a with data.test.p as {"a": 5}\nr2 := y if y := p.a with data.test as {"p": {"a": 5}}\nr3 := y if y := p.a with data.other.z as 1\nr4 := y if y := f(1) with f as 2\n`;
    expect(check(fine)).toEqual([]);
  });

  test("diagnostics are all reported, sorted by position", () => {
    const found = check("package test\np if { a > 1 }\nq := nope(1)\nr if { b > 1 }\n");
    expect(found.map((d) => [d.code, d.line])).toEqual([
      ["unsafe_var", 2],
      ["unknown_function", 3],
      ["unsafe_var", 4],
    ]);
  });
});

describe("imports", () => {
  test("a duplicate import is an error in v1 modules (OPA's strict-mode check, always on for v1)", () => {
    expect(check("package test\nimport data.lib.a\nimport data.lib.a\np := 1\n")).toEqual([
      { code: "import_conflict", at: "import data.lib.a", line: 3, message: "import `a` is declared twice" },
    ]);
  });

  test("v0 modules accept a duplicate import, as OPA does outside strict mode", () => {
    expect(check("package test\nimport data.lib.a\nimport data.lib.a\np = 1\n", { regoVersion: 0 })).toEqual([]);
  });
});

describe("OPA built-ins snapspace does not provide", () => {
  test("are named as such, with what to do instead, not as unknown functions", () => {
    const found = check("package test\np if graphql.is_valid(input.query, input.schema)\n");
    expect(found).toEqual([
      { code: "unsupported_builtin", at: "graphql.is_valid", line: 2, message: "`graphql.is_valid` is an OPA built-in that snapspace does not provide" },
    ]);
  });

  test("a name that is no OPA built-in is still an unknown function", () => {
    expect(check("package test\np if json.match_schemas(input)\n")).toMatchObject([{ code: "unknown_function" }]);
  });
});

describe("errors OPA's compiler reports that are easy to miss", () => {
  test("`with` replacing a function by one of another arity (OPA's type checker: `arity mismatch`)", () => {
    const fn = check("package test\nf(x) := x\ng(x, y) := x\nr := y if y := f(1) with f as g\n");
    expect(fn).toMatchObject([{ code: "with_arity_mismatch", at: "g", line: 4 }]);
    const builtin = check("package test\ng(x, y) := x\nr := y if y := count([1]) with count as g\n");
    expect(builtin).toMatchObject([{ code: "with_arity_mismatch", at: "g", line: 3 }]);
  });

  test("`with` replacing a function by one of the same arity, or by a value, is fine", () => {
    expect(check("package test\nf(x) := x\ng(y) := 2\nr := y if y := f(1) with f as g\n")).toEqual([]);
    expect(check("package test\nmc(_) := 5\nr := y if y := count([1]) with count as mc\n")).toEqual([]);
    expect(check("package test\nr := y if y := count([1]) with count as 5\n")).toEqual([]);
  });

  test("an operator's literal operand of the wrong type (`plus(\"a\", 1)` to OPA's type checker)", () => {
    expect(check('package test\nr if "a" + 1\n')).toMatchObject([{ code: "type_error", at: '"a"', message: "`plus`: operand 1 must be number but got string" }]);
    expect(check("package test\nr := [1] * 2\n")).toMatchObject([{ code: "type_error", at: "[1]" }]);
    // `minus`, `|` and `&` take sets too; comparisons take anything.
    expect(check("package test\nr := [{1, 2} - {2}, {1} | {2}, [1] == \"a\"]\n")).toEqual([]);
  });

  test("base data where an object rule is defined (OPA places `p[k]` rules at `p`: `conflicting rule for data path`)", () => {
    expect(check("package test\np[k] := 1 if k := \"z\"\n", { data: { test: { p: { y: 2 } } } })).toMatchObject([{ code: "data_conflict", at: "p" }]);
    expect(check("package test\np[k] contains 1 if k := \"z\"\n", { data: { test: { p: 1 } } })).toMatchObject([{ code: "data_conflict", at: "p" }]);
  });
});

describe("default values and else, as OPA's parser validates them", () => {
  test("a default value may not contain a reference, variable or call (`validateDefaultRuleValue`)", () => {
    expect(check("package test\ndefault p := input.x\n")).toMatchObject([{ code: "invalid_default", at: "input.x" }]);
    expect(check("package test\ndefault p := 1 + 1\n")).toMatchObject([{ code: "invalid_default", at: "1 + 1" }]);
    expect(check("package test\ndefault p := [count([])]\n")).toMatchObject([{ code: "invalid_default", at: "count([])" }]);
    expect(check("package test\ndefault f(x) := x\n")).toMatchObject([{ code: "invalid_default", at: "x", line: 2 }]);
  });

  test("constants and comprehensions are fine as default values (OPA does not look into closures)", () => {
    expect(check('package test\ndefault p := {"a": [1, null, {2}], "b": -1}\ndefault q := [x | some x in [1]]\ndefault f(_) := 0\n')).toEqual([]);
  });

  test("`else` on a multi-value rule or a rule with variables in its head is an error", () => {
    expect(check("package test\ns contains 1 if false\nelse := 2\n")).toMatchObject([{ code: "invalid_else", line: 3 }]);
    expect(check('package test\no[k] := 1 if { k := "a"; false }\nelse := 2\n')).toMatchObject([{ code: "invalid_else", line: 3 }]);
    expect(check("package test\np.q := 1 if false\nelse := 2\nf(x) := 1 if x > 1\nelse := 2\n")).toEqual([]);
    // A ground path is fine even when a key is not a string (`p[1]`).
    expect(check('package test\np[1] := "a" if false\nelse := "b"\n')).toEqual([]);
  });
});

describe("local variables assigned a literal have its type (as OPA's type checker infers them)", () => {
  test("passing one to a built-in or operator that cannot take that type is a type error", () => {
    expect(check("package test\nr := y if { x := 1; y := upper(x) }\n")).toMatchObject([{ code: "type_error", at: "x", message: "`upper`: operand 1 must be string but got `x`, a number" }]);
    expect(check('package test\nr := y if { x := "a"; y := x + 1 }\n')).toMatchObject([{ code: "type_error", at: "x" }]);
  });

  test("destructuring one with a pattern of another shape is a type error", () => {
    expect(check("package test\nr := a if { x := [1, 2, 3]; [a, b] := x }\n")).toMatchObject([{ code: "type_error", message: "mismatch in number of array elements: 2 and 3" }]);
    expect(check('package test\nr := a if { x := {"a": 1, "c": 2}; {"a": a, "b": b} = x }\n')).toMatchObject([{ code: "type_error" }]);
  });

  test("no error where the type is not known for sure", () => {
    // Same name, different scopes; a variable from iteration; a pattern (not a value) on the right of `=`; types that fit.
    expect(check('package test\nr := [y, z] if { y := [x | x := 1]; z := [upper(x) | x := "a"] }\n')).toEqual([]);
    expect(check('package test\nr := [upper(x) | some x in ["a"]]\n')).toEqual([]);
    expect(check("package test\nr := a if { x := [1, 2]; [a, b] := x }\ns := x - {1} if x := {1, 2}\nt := x < \"a\" if x := 1\n")).toEqual([]);
  });
});

describe("`:=` assigns variables only", () => {
  test("a reference on its left is an error (OPA: `cannot assign to ref`)", () => {
    expect(check("package test\nr if { input.x := 2 }\n")).toMatchObject([{ code: "invalid_assign", at: "input.x" }]);
    expect(check("package test\np := 1\nr if { data.test.p := 2 }\n")).toMatchObject([{ code: "invalid_assign", at: "data.test.p" }]);
    expect(check("package test\nr if { [x, input.y] := [1, 2] }\n")).toMatchObject([{ code: "invalid_assign", at: "input.y" }]);
  });

  test("variables in array and object patterns are fine, object keys may be constants", () => {
    expect(check('package test\nr := [x, y] if { [[x], {"k": y}] := [[1], {"k": 2}] }\n')).toEqual([]);
  });
});

describe("`print` has no value (OPA's `checkVoidCalls`)", () => {
  test("using its result is an error", () => {
    expect(check("package test\nr if { x := print(1) }\n")).toMatchObject([{ code: "void_call", at: "print(1)" }]);
    expect(check("package test\nr := [print(1)]\n")).toMatchObject([{ code: "void_call" }]);
  });

  test("as a statement it is fine, negated or with a modifier too", () => {
    expect(check("package test\nr if { print(1); not print(2); print(input) with input as 3 }\n")).toEqual([]);
  });
});
