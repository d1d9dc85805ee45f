/**
 * A hand-written `GovernedEvaluator` for the decision tests: `decide` only
 * needs verdicts, so these tests do not depend on the parser or interpreter.
 * Each test says, as a function of the input, what every package answers.
 */
import type { GovernedEvaluator, PackageVerdict, RuleHit } from "../../src/decision/contract.js";
import type { Value } from "../../src/value/types.js";

/** What one package answers; omitted sets are empty, `allow` defaults to false. */
export interface VerdictSpec {
  readonly deny?: readonly (Value | RuleHit)[];
  readonly escalate?: readonly (Value | RuleHit)[];
  readonly allow?: boolean;
  readonly obligations?: readonly Value[];
  readonly error?: PackageVerdict["error"];
}

function hit(x: Value | RuleHit, pkg: string): RuleHit {
  if (typeof x === "object" && x !== null && !Array.isArray(x) && Object.hasOwn(x, "location") && Object.hasOwn(x, "value")) return x as RuleHit;
  return { value: x as Value, location: `${pkg.replaceAll(".", "/")}.snap:1` };
}

/** A verdict of package `pkg`. */
export function verdict(pkg: string, spec: VerdictSpec = {}): PackageVerdict {
  return {
    package: pkg,
    deny: (spec.deny ?? []).map((x) => hit(x, pkg)),
    escalate: (spec.escalate ?? []).map((x) => hit(x, pkg)),
    allow: spec.allow ?? false,
    obligations: spec.obligations ?? [],
    ...(spec.error ? { error: spec.error } : {}),
  };
}

/** An evaluator that answers `answer(input)` and counts its calls. */
export function evaluatorDouble(answer: (input: Value) => PackageVerdict[]): GovernedEvaluator & { calls: number; lastInput?: Value } {
  const double = {
    calls: 0,
    lastInput: undefined as Value | undefined,
    get governedPackages() {
      return [];
    },
    evaluateGoverned(input: Value): PackageVerdict[] {
      double.calls++;
      double.lastInput = input;
      return answer(input);
    },
  };
  return double;
}

/** An evaluator whose packages always answer the same. */
export function fixedEvaluator(...verdicts: PackageVerdict[]): GovernedEvaluator & { calls: number } {
  return evaluatorDouble(() => verdicts);
}

/** A valid input with a proposal calling `tool`. */
export function inputFor(tool = "payments.charge", extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { proposal: { id: "p-1", agent: "billing-bot", tool, args: { amount: 20, currency: "EUR" } }, ...extra };
}

/** A policy hash for tests. */
export const POLICY_HASH = `sha256:${"ab".repeat(32)}`;
