// More evaluation semantics where snapspace drifted from OPA, on both back ends. Each expected value is what
// OPA gives, with the reason from OPA's source (ast/compile.go, topdown/eval.go) next to it; as Rego text,
// `undefined` for no value, `error:<code>` for an evaluation error.
import { describe, expect, test } from "vitest";
import type { Backend } from "../../src/api/policy.js";
import { isSnapError } from "../../src/source/diagnostic.js";
import { compile } from "../../src/api/compile.js";
import { policy, valueOf } from "./helpers.js";

const BACKENDS: readonly Backend[] = ["interpreter", "compiled"];

/** [what it shows, module body (after `package test`), input or undefined, expected `data.test.r`]. */
type Case = readonly [string, string, unknown, string];

// OPA's compiler (`rewriteLocalArgVars`, `ruleArgLocalRewriter`) maps every occurrence of a variable in a
// function's arguments to one generated variable, so a repeated name means the arguments must be equal.
const REPEATED_ARGS: readonly Case[] = [
  ["equal arguments match", "f(x, x) := 1\nr := f(1, 1)", undefined, "1"],
  ["different arguments do not", "f(x, x) := 1\nr if not f(1, 2)", undefined, "true"],
  ["equal as numbers (1 and 1.0)", "f(x, x) := x\nr := f(1, 1.0)", undefined, "1"],
  ["inside composite patterns", "f([x, x], x) := x\nr := [f([1, 1], 1), count([1 | f([1, 2], 1)]), count([1 | f([1, 1], 2)])]", undefined, "[1, 0, 0]"],
  ["with values from input", "f(x, x) := x\nr := [f(input.a, input.b)]", { a: "s", b: "s" }, '["s"]'],
];

// OPA's compiler moves a head value that needs evaluation (a ref, a call) into the body (`rewriteRefsInHead`,
// `rewriteExprTermsInHead`), one rule of an `else` chain at a time: a value that is undefined makes that
// body fail, so the next `else` (or the default) applies.
const HEAD_VALUES: readonly Case[] = [
  ["an undefined head value falls through to else", "r := input.nope if true else := 2", undefined, "2"],
  ["… and to the default", "default r := 0\nr := input.nope", undefined, "0"],
  ["a function whose value is undefined takes its else", "f(x) := x.nope if true else := \"none\"\nr := f({})", undefined, '"none"'],
];

/** [what it shows, modules, query, base data, expected]. */
type DocCase = readonly [string, readonly string[], string, unknown, string];

// Virtual documents as topdown builds them (`evalTree.leaves`): a package's document holds the value of each
// rule that has one (an undefined complete rule is absent, a partial set or object with no members is empty),
// never a function, merged with the base data at the same path; iterating its keys sees the same keys.
const DOCUMENTS: readonly DocCase[] = [
  [
    "a package: functions and undefined complete rules are absent, empty partial rules present",
    ["package test\na := 1\nb if false\nf(x) := x\ns contains 1 if false\no[k] := 1 if k := input.nope\n"],
    "data.test",
    undefined,
    '{"a": 1, "o": {}, "s": set()}',
  ],
  ["iterating a package's keys skips the same rules", ["package test\na := 1\nb if false\nf(x) := x\nc := false\n"], "[k | _ = data.test[k]]", undefined, '["a", "c"]'],
  ["base data merges with the rules of a package at its path", ["package test.sub\nq := 2\n"], "data.test", { test: { base: 1, sub: { k: 1 } } }, '{"base": 1, "sub": {"k": 1, "q": 2}}'],
  ["data[x][y] walks base data and packages alike", ["package p1\na := 1\n", "package p2\nf(x) := 1\nb := 2\n"], "{[x, y] | data[x][y]}", { other: { c: 3 } }, '{["other", "c"], ["p1", "a"], ["p2", "b"]}'],
  ["a rule that conflicts is not evaluated when another rule is read", ["package test\nbad := y if some y in [1, 2]\nr := 1\n"], "data.test.r", undefined, "1"],
  ["… but is when the package is", ["package test\nbad := y if some y in [1, 2]\nr := 1\n"], "data.test", undefined, "error:eval_conflict"],
];

/** `data.test.r` as Rego text, `undefined`, or `error:<code>`. */
function outcome(body: string, input: unknown, backend: Backend): string {
  const p = policy(`package test\n${body}\n`, { backend });
  try {
    return valueOf(p, "data.test.r", input === undefined ? {} : { input }) ?? "undefined";
  } catch (e) {
    if (isSnapError(e)) return `error:${e.code}`;
    throw e;
  }
}

/** The query's value as Rego text, `undefined`, or `error:<code>`. */
function docOutcome(sources: readonly string[], query: string, data: unknown, backend: Backend): string {
  const p = compile({ modules: sources.map((source, i) => ({ file: `m${i}.rego`, source })), backend, ...(data === undefined ? {} : { data }) });
  try {
    return valueOf(p, query) ?? "undefined";
  } catch (e) {
    if (isSnapError(e)) return `error:${e.code}`;
    throw e;
  }
}

describe.each(BACKENDS)("OPA evaluation semantics, more (%s)", (backend) => {
  describe("virtual documents", () => {
    test.each(DOCUMENTS)("%s", (_what, sources, query, data, expected) => expect(docOutcome(sources, query, data, backend)).toBe(expected));
  });

  const groups: readonly [string, readonly Case[]][] = [
    ["a variable repeated in function arguments", REPEATED_ARGS],
    ["head values are evaluated in the body", HEAD_VALUES],
  ];
  for (const [group, cases] of groups) {
    describe(group, () => {
      test.each(cases)("%s", (_what, body, input, expected) => expect(outcome(body, input, backend)).toBe(expected));
    });
  }
});
