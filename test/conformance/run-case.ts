/**
 * Running one conformance case through the public API (`compile`,
 * `evaluate`) and comparing with what it expects.
 */
import { compile } from "../../src/api/compile.js";
import type { PrintLine } from "../../src/eval/context.js";
import type { Solution } from "../../src/eval/evaluator.js";
import { isSnapError } from "../../src/source/diagnostic.js";
import { equal, toRegoText, type Value } from "../../src/value/index.js";
import { compileOptions, documentValue, expectedValue, many, type Case } from "./cases.js";

/** How a case ended. */
export type Outcome =
  | { readonly status: "passed" }
  | { readonly status: "failed"; readonly reason: string }
  | { readonly status: "excluded"; readonly reason: string }
  | { readonly status: "skipped"; readonly reason: string };

/** The result of a query as the case format writes it: bindings if any, else the expression value(s). */
function shape(s: Solution): Value {
  const names = Object.keys(s.bindings);
  if (names.length > 0) return s.bindings as Value;
  return s.expressions.length === 1 ? s.expressions[0]! : [...s.expressions];
}

function show(v: Value | undefined): string {
  if (v === undefined) return "undefined";
  const t = toRegoText(v);
  return t.length > 300 ? `${t.slice(0, 297)}...` : t;
}

function message(e: unknown): string {
  if (isSnapError(e)) return `${e.code}: ${e.message}`;
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/** Run one case. */
export function runCase(c: Case): Outcome {
  if (c.skip) return { status: "skipped", reason: "marked `skip: true` in the case file" };
  let policy;
  try {
    policy = compile({
      ...compileOptions(c),
    });
  } catch (e) {
    if (isSnapError(e) && e.diagnostics.some((d) => d.code === "impure_builtin")) {
      return { status: "excluded", reason: "uses a non-deterministic built-in, rejected at compile time by design" };
    }
    if (c.error !== undefined) return { status: "passed" };
    return { status: "failed", reason: `compile error: ${message(e)}` };
  }
  const inputs = c.input === undefined ? [undefined] : (many(c.input) ?? [c.input]);
  const prints: PrintLine[] = [];
  const results: Value[][] = [];
  try {
    for (const input of inputs) {
      const solutions = policy.evaluate(c.query, { ...(input !== undefined ? { input: documentValue(input) } : {}), prints });
      results.push(solutions.map(shape));
    }
  } catch (e) {
    if (c.error !== undefined) return { status: "passed" };
    return { status: "failed", reason: `evaluation error: ${message(e)}` };
  }
  if (c.error !== undefined) return { status: "failed", reason: `expected an error (${c.error}), got ${results.map((r) => r.map(show).join(" | ")).join("; ")}` };
  const wantPerInput = c.input !== undefined && many(c.input) && many(c.want_result) ? many(c.want_result)! : undefined;
  for (let i = 0; i < results.length; i++) {
    const got = results[i]!;
    const want = wantPerInput ? wantPerInput[i] : c.want_result;
    if (c.no_result || want === undefined) {
      if (got.length > 0) return { status: "failed", reason: `expected no result, got ${got.map(show).join(" | ")}` };
      continue;
    }
    const expected = (many(want) ?? [want]).map(expectedValue);
    if (got.length !== expected.length || !got.every((g, j) => equal(g, expected[j]!))) {
      return { status: "failed", reason: `expected ${expected.map(show).join(" | ")}, got ${got.length ? got.map(show).join(" | ") : "no result"}` };
    }
  }
  if (c.want_prints) {
    const got = prints.map((p) => `${p.location}: ${p.message}`);
    const want = c.want_prints;
    if (got.length !== want.length || got.some((g, i) => g !== want[i])) {
      return { status: "failed", reason: `expected prints ${JSON.stringify(want)}, got ${JSON.stringify(got)}` };
    }
  }
  return { status: "passed" };
}
