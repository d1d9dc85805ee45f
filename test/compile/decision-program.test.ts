/**
 * `decide` runs a program generated for the governed rules and what they
 * read alone (`decisionNodes`, `readsClosure` in src/compile/generate.ts).
 * Such a partial program must be complete: generating it never reaches a
 * node outside it, and every node in it evaluates to what the whole
 * program gives. Checked for every rule of every conformance case (taken
 * as the root of its own partial program), and on the starter library,
 * whose decisions must not depend on the test rules left out.
 */
import { describe, expect, test } from "vitest";
import { compile } from "../../src/api/compile.js";
import { loadPolicies } from "../../src/api/load.js";
import type { CompiledPolicy } from "../../src/api/policy.js";
import { CompiledProgram, instantiate } from "../../src/compile/evaluator.js";
import { decisionNodes, generateProgram, numberNodes, readsClosure } from "../../src/compile/generate.js";
import { State } from "../../src/compile/state.js";
import { isSnapError } from "../../src/source/diagnostic.js";
import { toRegoText, type Value } from "../../src/value/index.js";
import { compileOptions, documentValue, loadCases, many } from "../conformance/cases.js";

const SETTINGS = { strict: true, steps: 1_000_000, depth: 200, prints: undefined, hits: undefined };

/** A node's value, or its error's code, as text. */
function outcome(run: () => Value | undefined): string {
  try {
    const v = run();
    return v === undefined ? "undefined" : toRegoText(v);
  } catch (e) {
    if (isSnapError(e)) return `error ${e.code}`;
    throw e;
  }
}

describe("a partial program of any rule and what it reads evaluates that rule as the whole program does", () => {
  const cases = loadCases().filter((c) => !c.skip);
  test.each(cases.map((c) => [c.id, c] as const))("%s", (_id, c) => {
    let policy: CompiledPolicy;
    try {
      policy = compile({
        ...compileOptions(c),
        strictBuiltinErrors: true,
      });
    } catch {
      return; // Policies that do not compile have nothing to generate.
    }
    const whole = new CompiledProgram(policy.program);
    const inputs = c.input === undefined ? [undefined] : (many(c.input) ?? [c.input]);
    for (const node of numberNodes(policy.program).all) {
      if (node.kind !== "complete" && node.kind !== "set") continue;
      const generated = generateProgram(policy.program, { only: readsClosure(policy.program, [node]) });
      const tables = instantiate(generated);
      const num = generated.nodes.get(node)!;
      for (const input of inputs) {
        const value = input === undefined ? undefined : (documentValue(input) as Value);
        const partial = outcome(() => tables.nodes[num]!(new State(value, policy.program.data, tables, SETTINGS)));
        const full = outcome(() => whole.evaluate(node.path, { ...(value !== undefined ? { input: value } : {}), strictBuiltinErrors: true, limits: { depth: 200, steps: 1_000_000 } }));
        expect(partial, node.name).toBe(full);
      }
    }
  });
});

describe("the starter library decides with its decision program alone", () => {
  test("the program leaves the test rules out, and decides as the whole program does", async () => {
    const policy = await loadPolicies([new URL("../../policies/", import.meta.url).pathname]);
    const program = policy.program;
    const nodes = decisionNodes(program);
    const all = numberNodes(program).all;
    expect(nodes.size).toBeLessThan(all.length);
    expect([...nodes].some((n) => n.name.endsWith("_test") || n.path.some((s) => s.startsWith("test_")))).toBe(false);
    // Every governed rule is in it.
    for (const n of all) if (["deny", "escalate", "allow", "obligations"].includes(n.path[n.path.length - 1]!) && n.kind !== "inner") expect(nodes.has(n), n.name).toBe(true);
    // The policy decides on the partial program; a counting program runs the whole one: the decisions agree.
    const whole = new CompiledProgram(program, { countDefinitions: true }).governedEvaluator();
    for (const tool of ["payments.charge", "payments.refund", "email.send", "sql.query", "files.read", "http.request"]) {
      const input = { proposal: { id: "p-1", agent: "billing-bot", tool, args: { amount: 740, currency: "EUR", to: "x@example.com", query: "DELETE FROM t" }, idempotency_key: "k" }, context: { now: "2026-11-02T10:15:00Z", env: "production" } };
      expect(policy.evaluator.evaluateGoverned(input)).toEqual(whole.evaluateGoverned(input));
    }
  });
});
