// Looking up one key of a document built by several rules, on both back ends. OPA's topdown evaluates a
// lookup with a ground key against only the rules whose head ref matches that key (`evalTree.next` walks the
// rule tree by key; `evalVirtualPartial.evalEachRule` pre-unifies each rule's head with the key; the rule
// index of a node with a general ref also holds the rules at its children). So conflicting values under
// another key are no error for that lookup, while the whole document, or iterating its keys
// (`hint.full`: every rule evaluated), is an `eval_conflict`.
import { describe, expect, test } from "vitest";
import type { Backend } from "../../src/api/policy.js";
import { isSnapError } from "../../src/source/diagnostic.js";
import { policy, valueOf } from "./helpers.js";

const BACKENDS: readonly Backend[] = ["interpreter", "compiled"];

/** `o.a` is 1 everywhere; `o.b` is both 2 and 3. */
const CONFLICT_ON_B = 'o[k] := v if some k, v in {"a": 1, "b": 2}\no[k] := 3 if k := "b"\n';

/** [what it shows, module body (after `package test`), query, input or undefined, expected]. */
type Case = readonly [string, string, string, unknown, string];

const CASES: readonly Case[] = [
  ["a constant key away from the conflict", CONFLICT_ON_B, "data.test.o.a", undefined, "1"],
  ["a key bound to a variable", CONFLICT_ON_B + "r := o[k] if k := \"a\"", "data.test.r", undefined, "1"],
  ["a key read from input", CONFLICT_ON_B + "r := o[input.k]", "data.test.r", { k: "a" }, "1"],
  ["the conflicting key", CONFLICT_ON_B + "r := o[input.k]", "data.test.r", { k: "b" }, "error:eval_conflict"],
  ["a key no rule gives", CONFLICT_ON_B, "data.test.o.z", undefined, "undefined"],
  ["the whole document", CONFLICT_ON_B, "data.test.o", undefined, "error:eval_conflict"],
  ["iterating the keys", CONFLICT_ON_B + "r := [k | o[k]]", "data.test.r", undefined, "error:eval_conflict"],
  ["iterating the values", CONFLICT_ON_B + "r := [v | some v in o]", "data.test.r", undefined, "error:eval_conflict"],
  ["the enclosing package", CONFLICT_ON_B, "data.test", undefined, "error:eval_conflict"],
  [
    "deeper: a sibling of the conflicting path",
    'o[k].x := v if some k, v in {"a": 1, "b": 2}\no[k].x := 3 if k := "b"\n',
    "data.test.o.a.x",
    undefined,
    "1",
  ],
  [
    "deeper: a prefix of the conflicting path",
    'o[k].x := v if some k, v in {"a": 1, "b": 2}\no[k].x := 3 if k := "b"\n',
    "data.test.o.b",
    undefined,
    "error:eval_conflict",
  ],
  ["several variable keys, conflict under another first key", 'o[k][j] := 1 if { k := "a"; j := "x" }\no[k][j] := 2 if { k := "b"; j := "y" }\no[k][j] := 3 if { k := "b"; j := "y" }\n', "data.test.o.a.x", undefined, "1"],
  ["a complete rule beside object rules conflicts only for its key", 'o[k] := 1 if k := "a"\no.b := 1\no.b := 2\n', "data.test.o.a", undefined, "1"],
  ["… and its key is a conflict", 'o[k] := 1 if k := "a"\no.b := 1\no.b := 2\n', "data.test.o.b", undefined, "error:eval_conflict"],
  ["constant ref heads: a key bound to a variable evaluates that rule only", 'o.a := 1\no.b := 1\no.b := 2\nr := o[k] if k := "a"', "data.test.r", undefined, "1"],
  ["constant ref heads: iterating evaluates them all", 'o.a := 1\no.b := 1\no.b := 2\nr := [k | o[k]]', "data.test.r", undefined, "error:eval_conflict"],
  ["a package looked up by a bound key", "a := 1\nb := 2\nb := 3", '[x | k := "a"; x := data.test[k]]', undefined, "[1]"],
  ["with replacing the document still applies", CONFLICT_ON_B + 'r := x if x := o.b with data.test.o as {"b": 7}', "data.test.r", undefined, "7"],
  ["a key equal as a number (1.0 is 1)", 'o[k] := "x" if some k in [1]\no[2] := 5\nr := o[1.0]', "data.test.r", undefined, '"x"'],
];

/** The query's value as Rego text, `undefined`, or `error:<code>`. */
function outcome(body: string, query: string, input: unknown, backend: Backend, strict = false): string {
  const p = policy(`package test\n${body}\n`, { backend, strictBuiltinErrors: strict });
  try {
    return valueOf(p, query, input === undefined ? {} : { input }) ?? "undefined";
  } catch (e) {
    if (isSnapError(e)) return `error:${e.code}`;
    throw e;
  }
}

describe.each(BACKENDS)("lookups of one key of a document built by several rules (%s)", (backend) => {
  test.each(CASES)("%s", (_what, body, query, input, expected) => expect(outcome(body, query, input, backend)).toBe(expected));

  test("an error evaluating a rule under another key is not raised either (strict built-in errors)", () => {
    const body = 'o[k] := 1 if k := "a"\no.b := 1 / input.z\n';
    expect(outcome(body, "data.test.o.a", { z: 0 }, backend, true)).toBe("1");
    expect(outcome(body, "data.test.o.b", { z: 0 }, backend, true)).toMatch(/^error:/);
  });

  test("a conflicting rule read elsewhere after a lookup that skipped it is still a conflict, not a cycle", () => {
    const body = 'q := 1\nq := 2\no[k] := 1 if k := "a"\no.b := q\nr := [x, y] if { x := o.a; y := q }';
    expect(outcome(body, "data.test.r", undefined, backend)).toBe("error:eval_conflict");
  });

  test("`else` on a ground ref head with a key that is not a string (OPA allows `else` where the head has no variables)", () => {
    expect(outcome('p[1] := "a" if false\nelse := "b"', "data.test.p", undefined, backend)).toBe('{1: "b"}');
    expect(outcome('p[1] := "a" if true\nelse := "b"', "data.test.p", undefined, backend)).toBe('{1: "a"}');
  });

  test("evaluatePath looks one key up the same way", () => {
    const p = policy(`package test\n${CONFLICT_ON_B}`, { backend });
    expect(p.evaluatePath("test.o.a")).toBe(1);
    expect(() => p.evaluatePath("test.o")).toThrow(/multiple|unique/);
  });
});
