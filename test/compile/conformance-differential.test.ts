/**
 * The compiled back end against the reference interpreter on every regorus
 * conformance case (read from `../shared/conformance/regorus/` by the
 * conformance runner's reader): the same solutions (values and bindings),
 * the same `print` output, and the same error (code and location) for every
 * input of every case. Whether a case passes against its expectation is the
 * conformance suite's business; here only agreement counts.
 */
import { describe, expect, test } from "vitest";
import { compile } from "../../src/api/compile.js";
import type { Backend, CompiledPolicy } from "../../src/api/policy.js";
import type { PrintLine } from "../../src/eval/context.js";
import { isSnapError } from "../../src/source/diagnostic.js";
import { formatLocation } from "../../src/source/span.js";
import { toRegoText, type Value } from "../../src/value/index.js";
import { compileOptions, documentValue, loadCases, many, type Case } from "../conformance/cases.js";

/** Everything observable of running a case on one back end. */
function observe(c: Case, backend: Backend): string[] {
  let policy: CompiledPolicy;
  try {
    policy = compile({
      ...compileOptions(c),
      backend,
    });
  } catch (e) {
    return [`compile error ${show(e)}`];
  }
  expect(policy.backend).toBe(backend);
  const inputs = c.input === undefined ? [undefined] : (many(c.input) ?? [c.input]);
  const out: string[] = [];
  for (const input of inputs) {
    const prints: PrintLine[] = [];
    try {
      const solutions = policy.evaluate(c.query, { ...(input !== undefined ? { input: documentValue(input) } : {}), prints });
      for (const s of solutions) {
        const bindings = Object.keys(s.bindings)
          .sort()
          .map((k) => `${k}=${toRegoText(s.bindings[k] as Value)}`);
        out.push(`solution ${s.expressions.map((v) => toRegoText(v)).join(" ; ")} | ${bindings.join(" ")}`);
      }
      if (solutions.length === 0) out.push("no solution");
    } catch (e) {
      out.push(`error ${show(e)}`);
    }
    for (const p of prints) out.push(`print ${p.location}: ${p.message}`);
  }
  return out;
}

function show(e: unknown): string {
  if (isSnapError(e)) return `${e.code} at ${e.location ? formatLocation(e.location) : "-"}: ${e.message}`;
  throw e;
}

const cases = loadCases().filter((c) => !c.skip);

describe("compiled back end agrees with the interpreter on every conformance case", () => {
  test.each(cases.map((c) => [c.id, c] as const))("%s", (_id, c) => {
    expect(observe(c, "compiled")).toEqual(observe(c, "interpreter"));
  });
});
