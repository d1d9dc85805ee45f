// Evaluation semantics where an engine most easily drifts from OPA, on both back ends: `with`, `every` and
// membership, functions, rule conflicts, unification and comparison, errors versus undefined.
// Each expected value is what OPA gives (OPA docs, "Policy Language", and topdown's behaviour), as Rego text;
// `undefined` means no value, `error:<code>` an evaluation error.
import { describe, expect, test } from "vitest";
import type { Backend } from "../../src/api/policy.js";
import { isSnapError } from "../../src/source/diagnostic.js";
import { policy, valueOf } from "./helpers.js";

const BACKENDS: readonly Backend[] = ["interpreter", "compiled"];

/** [what it shows, module body (after `package test`), input or undefined, expected `data.test.r`]. */
type Case = readonly [string, string, unknown, string];

const WITH: readonly Case[] = [
  ["replaces input at a nested path", "r := x if x := input.a.b with input.a.b as 1", {}, "1"],
  ["a nested path merges into the rest of input", "r := x if x := input.a with input.a.b as 1", { a: { c: 2 } }, '{"b": 1, "c": 2}'],
  ["a nested path under a scalar replaces the scalar", "r := x if x := input.a with input.a.b as 1", { a: 5 }, '{"b": 1}'],
  ["a nested path keeps base-data siblings", "r := x if x := data.base with data.base.a as 9", undefined, '{"a": 9, "b": 2}'],
  ["replaces a rule, and rules that depend on it", "p := 1\nq := p * 2\nr := x if x := q with data.test.p as 10", undefined, "20"],
  ["replaces a prefix of the rules' paths", "p := 1\nr := x if x := data.test.p with data.test as {\"p\": 5}", undefined, "5"],
  ["replaces a partial set", "s contains 1\ns contains 2\nr := x if x := count(s) with data.test.s as {5}", undefined, "1"],
  ["replaces a function by a function, also in callees", "f(x) := x + 1\nh(x) := f(x) * 2\ng(_) := 100\nr := y if y := h(1) with f as g", undefined, "200"],
  ["replaces a function by a value", "f(x) := x + 1\nr := y if y := f(1) with f as 9", undefined, "9"],
  ["replaces a built-in by a value", "r := y if y := count([1, 2]) with count as 7", undefined, "7"],
  ["replaces a built-in by a function, inside called functions", "mc(_) := 5\nq := [count([1]), y] if y := count([1, 2, 3])\nr := x if x := q with count as mc", undefined, "[5, 5]"],
  ["replaces a function by a built-in", "f(_) := 0\nr := y if y := f([1, 2]) with f as count", undefined, "2"],
  ["stacked modifiers apply in order", "r := y if y := input.a with input.a as {\"b\": 1} with input.a.c as 2", undefined, '{"b": 1, "c": 2}'],
  ["the last of two modifiers on one path wins", "r := y if y := input.a with input.a as 1 with input.a as 2", undefined, "2"],
  ["rule values are not shared across different modifiers", "p := input.x\nr := [a, b, c] if { a := p with input.x as 1; b := p; c := p with input.x as 2 }", { x: 0 }, "[1, 0, 2]"],
  ["function results are not shared across different modifiers", "f(x) := input.k + x\nr := [a, b] if { a := f(1) with input.k as 10; b := f(1) with input.k as 20 }", undefined, "[11, 21]"],
  ["an inner modifier wins over an outer one on the same path", "p := input.a\nq := y if y := p with input.a as 7\nr := y if y := q with input.a as 9", undefined, "7"],
  ["inside a comprehension", "r := [y | y := input.a with input.a as 5]", undefined, "[5]"],
  ["inside an every body", "r if every x in [1, 2] { x < input.n with input.n as 5 }", undefined, "true"],
  ["on a negated expression", "r if not input.a with input.a as false", undefined, "true"],
  ["on an every expression", "f(xs) if every x in xs { x > input.min }\nr if { f([1]) with input.min as 0; not f([1]) with input.min as 5 }", undefined, "true"],
];

const EVERY_AND_IN: readonly Case[] = [
  ["every over an empty collection is true", "r if every _ in [] { false }", undefined, "true"],
  ["every over an object binds key and value", "r if every k, v in {\"a\": 1, \"b\": 1} { v == 1; k != \"c\" }", undefined, "true"],
  ["every over a set", "r if every x in {1, 2, 3} { x > 1 }", undefined, "undefined"],
  ["nested every sees the outer variable", "r if every x in [1, 4] { every y in [3] { x < y } }", undefined, "undefined"],
  ["every whose body errors (non-strict) is false", "r if every x in [1] { x / 0 }", undefined, "undefined"],
  ["every over an undefined domain is undefined", "r if every _ in input.nope { false }", {}, "undefined"],
  ["every whose body calls a function returning false", "f(_) := false\nr if every x in [1] { f(x) }", undefined, "undefined"],
  ["some x in an object iterates its values", "r contains x if some x in {\"a\": 1, \"b\": 2}", undefined, "{1, 2}"],
  ["some k, v in a set binds the element twice", "r contains [k, v] if some k, v in {1, 2}", undefined, "{[1, 1], [2, 2]}"],
  ["some k, v in an array binds the index", "r contains [k, v] if some k, v in [\"a\"]", undefined, '{[0, "a"]}'],
  ["x in obj tests values, not keys", "r := [1 in {\"a\": 1}, \"a\" in {\"a\": 1}]", undefined, "[true, false]"],
  ["k, v in obj tests the pair", "a if \"a\", 1 in {\"a\": 1}\nb if \"a\", 2 in {\"a\": 1}\nr if { a; not b }", undefined, "true"],
  ["k, v in array tests index and element", "a if 0, \"x\" in [\"x\"]\nb if 1, \"x\" in [\"x\"]\nr if { a; not b }", undefined, "true"],
  ["membership is a value (false), not undefined", "r := x if x := 3 in [1, 2]", undefined, "false"],
  ["not with in", "r if not 3 in [1, 2]", undefined, "true"],
  ["membership in a scalar is false", "r if not 1 in input.n", { n: 5 }, "true"],
  ["membership in an undefined collection is undefined", "r if not 1 in input.nope", {}, "true"],
  ["a string is not iterable", "r := [c | some c in input.s]", { s: "ab" }, "[]"],
];

const FUNCTIONS: readonly Case[] = [
  ["definitions with disjoint constant arguments", "f(1) := \"a\"\nf(2) := \"b\"\nr := [f(1), f(2)]", undefined, '["a", "b"]'],
  ["overlapping definitions giving different values conflict", "f(x) := 1 if x > 0\nf(x) := 2 if x > 1\nr := f(5)", undefined, "error:eval_conflict"],
  ["overlapping definitions giving the same value agree", "f(x) := 1 if x > 0\nf(x) := 1 if x > 1\nr := f(5)", undefined, "1"],
  ["one definition giving two values conflicts", "f(x) := y if some y in x\nr := f([1, 2])", undefined, "error:eval_conflict"],
  ["a conflict is an error even under not", "f(_) := 1\nf(_) := 2\nr if not f(1)", undefined, "error:eval_conflict"],
  ["default applies when no definition holds", "default f(_) := 0\nf(x) := 1 if x > 5\nr := [f(1), f(6)]", undefined, "[0, 1]"],
  ["default does not conflict with a definition that holds", "default f(_) := 0\nf(1) := 1\nr := [f(1), f(2)]", undefined, "[1, 0]"],
  ["else chains by argument", "f(x) := \"big\" if x > 10\nelse := \"mid\" if x > 5\nelse := \"small\"\nr := [f(1), f(7), f(11)]", undefined, '["small", "mid", "big"]'],
  ["else applies when the condition errors (non-strict)", "f(x) := 1 if 1 / x > 0\nelse := 2\nr := f(0)", undefined, "2"],
  ["a function with no value is undefined", "f(x) := 1 if x > 5\nr if not f(1)", undefined, "true"],
  ["a function returning false makes the expression fail", "f(_) := false\nr if not f(1)", undefined, "true"],
  ["composite argument patterns destructure", "f([a, b]) := a + b\ng({\"a\": x}) := x\nr := [f([1, 2]), g({\"a\": 7})]", undefined, "[3, 7]"],
  ["a composite pattern that does not match is undefined", "f([a, b]) := a + b\nr if not f(input.x)", { x: [1, 2, 3] }, "true"],
  ["an extra argument is the output", "f(x) := x + 1\nr := y if f(1, y)", undefined, "2"],
];

const RULES: readonly Case[] = [
  ["complete rules giving different values conflict", "p := 1 if true\np := 2 if true\nr := p", undefined, "error:eval_conflict"],
  ["one complete rule giving two values conflicts", "p := y if some y in [1, 2]\nr := p", undefined, "error:eval_conflict"],
  ["one complete rule giving one value twice is fine", "p := y if some y in [1, 1]\nr := p", undefined, "1"],
  ["else is skipped when a body errors (non-strict)", "r := 1 if 1 / 0\nelse := 2", undefined, "2"],
  ["an else chain and another definition conflict", "r := 1 if false\nelse := 2\nr := 3", undefined, "error:eval_conflict"],
  ["default applies when no else branch holds", "default r := 9\nr := 1 if false\nelse := 2 if false", undefined, "9"],
  ["partial object rules conflicting on a key", "o[k] := v if { some v in [1, 2]; k := \"a\" }\nr := o", undefined, "error:eval_conflict"],
  ["partial object rules agreeing on a key", "o[\"a\"] := 1\no[\"a\"] := 1\nr := o", undefined, '{"a": 1}'],
  ["ref-head rules conflicting on a leaf", "a.b := 1\na.b := 2\nr := a", undefined, "error:eval_conflict"],
  ["contains rules with equal elements make one element", "s contains {\"a\": x} if some x in [1, 1.0]\nr := count(s)", undefined, "1"],
  ["object comprehension key collision with different values", "r := {k: v | some v in [1, 2]; k := \"a\"}", undefined, "error:eval_conflict"],
  ["object comprehension key collision with equal values", "r := {k: 1 | some _ in [1, 2]; k := \"a\"}", undefined, '{"a": 1}'],
  ["a conflict inside a comprehension is an error", "c := 1 if true\nc := 2 if true\nr := [x | x := c]", undefined, "error:eval_conflict"],
  ["a partial set holding false: lookup gives false", "s contains false\nr if s[false] == false", undefined, "true"],
  ["a partial set holding false: lookup as a condition fails", "s contains false\nr if s[false]", undefined, "undefined"],
];

const UNIFY_AND_COMPARE: readonly Case[] = [
  ["array patterns on both sides", "r := [a, b] if [a, 2] = [1, b]", undefined, "[1, 2]"],
  ["object patterns need the same keys", "r := x if {\"a\": x} = input.o", { o: { a: 1, b: 2 } }, "undefined"],
  ["ints and floats are equal by value", "r := [1 == 1.0, [1] == [1.0], {\"a\": 1} == {\"a\": 1.0}]", undefined, "[true, true, true]"],
  ["1 and 1.0 are one set element and one object key", "r := [count({1, 1.0}), count({1: \"a\", 1.0: \"a\"})]", undefined, "[1, 1]"],
  ["numbers compare exactly beyond 2^53", "r := [9007199254740993 > 9007199254740992, 9007199254740993 == 9007199254740992.0]", undefined, "[true, false]"],
  ["composite values compare by OPA's total order", "r := [[1, 2] < [1, 3], [1] < [1, 0], {1} < {2}, {\"a\": 1} < {\"b\": 0}, null < false, false < 0, 0 < \"\", \"\" < [], [] < {}, {} < set()]", undefined, "[true, true, true, true, true, true, true, true, true, true]"],
  ["strings compare by code point, not UTF-16 unit", "r := [\"😀\" > \"\\uffff\", \"B\" < \"a\"]", undefined, "[true, true]"],
  ["sets order strings by code point", "r := {\"😀\", \"\\uffff\"}", undefined, '{"\uffff", "😀"}'],
];

const ERRORS_AND_UNDEFINED: readonly Case[] = [
  ["a built-in type error is undefined (non-strict)", "r if not count(input.x)", { x: 5 }, "true"],
  ["division by zero is undefined (non-strict)", "r if not 1 / input.z", { z: 0 }, "true"],
  ["object.get on a non-object is undefined (non-strict)", "r if not object.get(input.x, \"a\", 1)", { x: 5 }, "true"],
  ["a string is not indexable", "r if not input.s[0]", { s: "abc" }, "true"],
  ["a scalar rule value is not indexable", "p := 5\nr if not p.x", undefined, "true"],
  ["arrays: negative, string and fractional indexes are undefined", "r if { not input.a[-1]; not input.a[\"0\"]; not input.a[input.i] }", { a: [1, 2], i: 0.5 }, "true"],
  ["arrays: an integral computed index works", "r := input.a[x] if x := 2 / 2", { a: [1, 2] }, "2"],
  ["an undefined operand makes a comparison undefined", "r if input.a == input.b", {}, "undefined"],
];

// With `strictBuiltinErrors`, built-in errors fail the evaluation wherever they happen.
const STRICT: readonly Case[] = [
  ["division by zero", "r := 1 / input.z", { z: 0 }, "error:"],
  ["under not", "r if not count(input.x)", { x: 5 }, "error:"],
  ["in an every body", "r if every _ in [1] { 1 / input.z }", { z: 0 }, "error:"],
  ["in the body before an else", "r := 1 if 1 / input.z\nelse := 2", { z: 0 }, "error:"],
  ["in a comprehension", "r := [y | y := 1 / input.z]", { z: 0 }, "error:"],
  ["membership in a scalar is still false", "r := 1 in input.x", { x: 5 }, "false"],
  ["a ref into a scalar is still undefined", "r if not input.x.y", { x: 5 }, "true"],
];

/** `data.test.r` as Rego text, `undefined`, or `error:<code>`. */
function outcome(body: string, input: unknown, backend: Backend, strict = false): string {
  const p = policy(`package test\n${body}\n`, { backend, strictBuiltinErrors: strict, data: { base: { a: 1, b: 2 } } });
  try {
    return valueOf(p, "data.test.r", input === undefined ? {} : { input }) ?? "undefined";
  } catch (e) {
    if (isSnapError(e)) return `error:${e.code}`;
    throw e;
  }
}

/** `error:` alone accepts any evaluation error. */
function check(got: string, expected: string): void {
  if (expected === "error:") expect(got).toMatch(/^error:/);
  else expect(got).toBe(expected);
}

describe.each(BACKENDS)("OPA evaluation semantics (%s)", (backend) => {
  const groups: readonly [string, readonly Case[]][] = [
    ["with", WITH],
    ["every and membership", EVERY_AND_IN],
    ["functions", FUNCTIONS],
    ["rules and conflicts", RULES],
    ["unification and comparison", UNIFY_AND_COMPARE],
    ["errors versus undefined", ERRORS_AND_UNDEFINED],
  ];
  for (const [group, cases] of groups) {
    describe(group, () => {
      test.each(cases)("%s", (_what, body, input, expected) => check(outcome(body, input, backend), expected));
    });
  }
  describe("strict built-in errors", () => {
    test.each(STRICT)("%s", (_what, body, input, expected) => check(outcome(body, input, backend, true), expected));
  });
});
