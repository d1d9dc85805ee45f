// `with` replacing the built-in behind an operator, on both back ends. OPA parses `a + b` as `plus(a, b)` and
// `a == b` as `equal(a, b)`, and topdown looks every call up in the function mocks, so `with plus as …`
// replaces `+` too (also where the compiled back end would fold the comparison). OPA's
// `validateWithBuiltinTarget` refuses `eq` (unification), `rego.metadata.*`, `internal.*` functions
// (like `internal.member_2`, behind `in`), relations (`walk`) and void functions (`print`).
import { describe, expect, test } from "vitest";
import type { Backend } from "../../src/api/policy.js";
import { isSnapError } from "../../src/source/diagnostic.js";
import { policy, valueOf } from "./helpers.js";

const BACKENDS: readonly Backend[] = ["interpreter", "compiled"];

/** [what it shows, module body (after `package test`), expected `data.test.r`]. */
type Case = readonly [string, string, string];

const CASES: readonly Case[] = [
  ["`+` by a value", "q := 1 + 2\nr := y if y := q with plus as 10", "10"],
  ["`-` by a function", "q := 5 - 2\nf(a, b) := a * b\nr := y if y := q with minus as f", "10"],
  ["`==` by a value (a constant comparison is not folded away)", "q if 1 == 2\nr := y if y := q with equal as true", "true"],
  ["`<` by a value", "q if 2 < 1\nr := y if y := q with lt as true", "true"],
  ["`!=` by a function", "q if 1 != 1\nf(a, b) := true\nr := y if y := q with neq as f", "true"],
  ["only under the modifier", "q := 1 + 2\nr := [x, y] if { x := q; y := q with plus as 0 }", "[3, 0]"],
];

const REFUSED: readonly (readonly [string, string])[] = [
  ["a relation", "r := y if y := [p | walk([1], p)] with walk as 1"],
  ["a void function", "r if { print(1) with print as 1 }"],
  ["an internal function", "r if { 1 in [1] with internal.member_2 as false }"],
  ["rego.metadata.rule", "r := y if y := rego.metadata.rule() with rego.metadata.rule as 1"],
];

/** `data.test.r` as Rego text, `undefined`, or `error:<code>` (compile errors too). */
function outcome(body: string, backend: Backend): string {
  try {
    const p = policy(`package test\n${body}\n`, { backend });
    return valueOf(p, "data.test.r") ?? "undefined";
  } catch (e) {
    if (isSnapError(e)) return `error:${e.code}`;
    throw e;
  }
}

describe.each(BACKENDS)("with replacing an operator's built-in (%s)", (backend) => {
  test.each(CASES)("%s", (_what, body, expected) => expect(outcome(body, backend)).toBe(expected));
  test.each(REFUSED)("refuses to replace %s", (_what, body) => expect(outcome(body, backend)).toBe("error:invalid_with_target"));
});
